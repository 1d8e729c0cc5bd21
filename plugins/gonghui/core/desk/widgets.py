"""One record field -> one Decap CMS field: widget, label, hint, required, and our own check message.

Everything comes from the `Field` tables in core/load, so the desk cannot drift from what `gonghui check` accepts.
"""

from __future__ import annotations

from typing import Any

from ..load import fields as f
from ..load.articles import REFERENCE_KINDS, reference
from ..load.records.common import non_negative, positive, url
from ..load.records.workers import year

DAY_FORMAT = "YYYY-MM-DD"
TIME_FORMAT = "YYYY-MM-DD HH:mm"  # read as Beijing time (core/text/timeutil.parse_when)
# The check's own wording, shown by the desk under the field before saving.
SLUG_PATTERN = [f.SLUG_RE.pattern, "应为英文 slug：小写字母、数字和连字符，如 renhuai-jianhui"]
URL_PATTERN = [r"^https?://\S+$", "应为以 https:// 开头的网址"]

# Converter -> Decap widget settings, for converters of single values.
_SCALARS: dict[Any, dict[str, Any]] = {
    f.text: {"widget": "string"},
    f.slug: {"widget": "string", "pattern": SLUG_PATTERN},
    f.boolean: {"widget": "boolean", "default": False},
    f.day: {"widget": "datetime", "format": DAY_FORMAT, "date_format": DAY_FORMAT, "time_format": False},
    f.when: {"widget": "datetime", "format": TIME_FORMAT, "date_format": DAY_FORMAT, "time_format": "HH:mm"},
    f.number: {"widget": "number", "value_type": "float"},
    f.whole: {"widget": "number", "value_type": "int", "min": 0, "step": 1},
    positive: {"widget": "number", "value_type": "float", "min": 0},
    non_negative: {"widget": "number", "value_type": "float", "min": 0},
    year: {"widget": "number", "value_type": "int", "min": 1949, "max": 2100, "step": 1},
    url: {"widget": "string", "pattern": URL_PATTERN},
}
# A reference field (or an achievement's source) lists existing records by their Chinese title (a worker's name).
RELATIONS = {kind: kind for kind in REFERENCE_KINDS}
TITLE_FIELD = {"campaigns": "title", "training": "title", "workers": "name", "news": "title"}


class UnknownConverter(TypeError):
    """A schema field whose converter the desk has no widget for: add it to `_SCALARS`."""


def region_options(regions: list[tuple[str, str, str]]) -> list[dict[str, str]]:
    """(value, name, parent name) -> select options; the value is the name, or the code when names repeat."""
    return [{"label": f"{name}（{parent}）" if parent else name, "value": value} for value, name, parent in regions]


def desk_field(
    name: str, spec: f.Field, regions: list[dict[str, str]], *, source_of: str = ""
) -> dict[str, Any]:
    """The Decap field for `name`; `source_of` names the collection an achievement's `source` points into."""
    out: dict[str, Any] = {"name": name, "label": spec.label or name, "required": spec.required}
    if spec.hint:
        out["hint"] = spec.hint
    out.update(_widget(name, spec, regions, source_of))
    return out


def _widget(name: str, spec: f.Field, regions: list[dict[str, str]], source_of: str) -> dict[str, Any]:
    conv = spec.convert
    if name == "region":
        return {"widget": "select", "options": regions}
    if name == "source" and source_of:
        return _relation(source_of, "{{filename}}", multiple=False)
    if spec.markdown:
        return {"widget": "markdown", "buttons": ["bold", "italic", "link", "heading-two", "heading-three",
                                                   "quote", "bulleted-list", "numbered-list"]}
    if isinstance(conv, f.ListOf):
        if conv.item is reference:
            return _relation(RELATIONS[name], "{{slug}}", multiple=True)
        if isinstance(conv.item, f.Mapping):
            return {"widget": "list", "fields": _nested(conv.item, regions)}
        if conv.item is f.text:
            return {"widget": "list"}  # comma-separated text
        raise UnknownConverter(f"{name}: list of {conv.item!r}")
    if isinstance(conv, f.Mapping):
        fields = _nested(conv, regions)
        if not spec.required:  # Decap would demand an optional object's inner fields even when it is left empty;
            for inner in fields:  # `gonghui check` still asks for them once the object is written (shown after saving)
                inner["required"] = False
        return {"widget": "object", "fields": fields}
    if isinstance(conv, f.Choice):
        return {"widget": "select", "options": [{"label": label, "value": key} for key, label in conv.options.items()]}
    if conv in _SCALARS:
        widget = dict(_SCALARS[conv])
        if name in ("summary", "note") and widget["widget"] == "string":
            widget["widget"] = "text"  # a paragraph, not a line
        return widget
    raise UnknownConverter(f"{name}: {conv!r}")


def _nested(shape: f.Mapping, regions: list[dict[str, str]]) -> list[dict[str, Any]]:
    return [desk_field(key, spec, regions) for key, spec in shape.fields.items()]


def _relation(collection: str, value_field: str, *, multiple: bool) -> dict[str, Any]:
    return {
        "widget": "relation",
        "collection": collection,
        "search_fields": [TITLE_FIELD[collection]],
        "display_fields": [TITLE_FIELD[collection]],
        "value_field": value_field,
        "multiple": multiple,
        "options_length": 50,
    }
