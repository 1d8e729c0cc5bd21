"""The scale benchmark behind scripts/bench.py, by stage.

- `words`, `generate`: the deterministic synthetic site (text, records, articles) and writing it twice.
- `measure`: timed builds with the peak memory of the process tree, `mkdocs serve` previews, folder sizes.
- `search`: search index sizes and a first query's downloads (Chromium, or an estimate without it).
- `run`: one size, both sites, every measurement in order.
- `report`: ratios, the printed table, the JSON file and the machine it ran on.

Constants more than one stage needs live here.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent
# Build date for every build (SOURCE_DATE_EPOCH): 2026-06-30 12:00 Beijing time.
BUILD_MOMENT = dt.datetime(2026, 6, 30, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
QUERY = "工会"  # the first query whose downloads are measured
