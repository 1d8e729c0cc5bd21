"""File-name slugs for new files (the functions live in `core.text.naming`, shared with the checks)."""

from __future__ import annotations

from ..core.text.naming import COMPOUND_SURNAMES, MAX_SYLLABLES, person_slug, title_slug

__all__ = ["COMPOUND_SURNAMES", "MAX_SYLLABLES", "person_slug", "title_slug"]
