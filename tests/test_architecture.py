"""The core must stay free of MkDocs so the engine can be replaced."""

import subprocess
import sys
from pathlib import Path

CORE = Path(__file__).resolve().parent.parent / "plugins" / "gonghui" / "core"


def test_core_modules_import_without_mkdocs():
    modules = sorted(
        "gonghui.core." + p.relative_to(CORE).with_suffix("").as_posix().replace("/", ".").removesuffix(".__init__")
        for p in CORE.rglob("*.py")
    )
    assert len(modules) > 10
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'material'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "", f"core pulled in: {result.stdout}"


def test_core_sources_never_name_mkdocs():
    offenders = [
        str(p) for p in CORE.rglob("*.py")
        if any(line.lstrip().startswith(("import mkdocs", "from mkdocs", "import material", "from material"))
               for line in p.read_text(encoding="utf-8").splitlines())
    ]
    assert offenders == []
