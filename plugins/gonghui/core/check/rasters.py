"""Lead photos and body images the build makes phone sizes of: each one must open, within the limits.

A broken or huge photo is reported at every line that uses it (the front matter's `image:`, the body's
`![…](…)`), by `gonghui check` and the build alike. A photo whose copies are already in the image cache
was decoded whole when they were made (the cache key is its bytes), so only its header is read again.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..load.rasters import RasterError, is_raster, manifest_path, open_image, read_source
from ..load.site import Inputs
from ..model.article import resolve_image_src
from ..model.site import SiteSources
from ..problems import Problems
from .references import content_path, local_targets


@dataclass
class RasterUse:
    """A photo of the content folder and every place that shows it: (file as editors see it, line)."""

    src_uri: str
    places: list[tuple[str, int]] = field(default_factory=list)
    lead: bool = False


def raster_uses(sources: SiteSources, inputs: Inputs) -> dict[str, RasterUse]:
    """Every JPEG/PNG/WebP of the content folder an article shows, with where; files elsewhere are left out."""
    uses: dict[str, RasterUse] = {}
    root = sources.content_dir.resolve()

    def add(uri: str, display: str, line: int, lead: bool) -> None:
        if uri.startswith("..") or uri.startswith("/") or not is_raster(uri):
            return
        try:
            full = (sources.content_dir / uri).resolve()
            if not str(full).startswith(str(root) + os.sep) or not full.is_file():
                return  # outside the content folder or missing: `check.references` reports it
        except (OSError, ValueError, RuntimeError):
            return  # not a file name (NUL, too long, a link loop): `check.references` says why
        use = uses.setdefault(uri, RasterUse(uri))
        use.places.append((display, line))
        use.lead = use.lead or lead

    for uri, article in sorted(inputs.articles.items()):
        display = sources.display_content(uri)
        if article.image is not None:
            add(resolve_image_src(article), display, article.lines.get("image", 1), True)
        for line, target in local_targets(article.body, article.body_line):
            add(content_path(target, uri), display, line, False)
    return uses


def check_rasters(sources: SiteSources, inputs: Inputs, cache_root: Path, problems: Problems) -> dict[str, RasterUse]:
    """Each photo used opens and is within the limits; returns the photos with where they are used."""
    uses = raster_uses(sources, inputs)
    for uri, use in uses.items():
        shown = sources.display_content(uri)
        try:
            source = read_source(sources.content_dir / uri, shown)
            open_image(source, shown, decode=not manifest_path(cache_root, source.key).is_file())
        except RasterError as exc:
            for display, line in use.places:
                problems.add(display, line, str(exc))
    return uses
