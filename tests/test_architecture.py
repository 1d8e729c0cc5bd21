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


def _imports(path: Path) -> set[str]:
    """The core modules a module imports (relative imports resolved to dotted names under gonghui.core)."""
    import ast

    package = ["gonghui", "core", *path.relative_to(CORE).parent.parts]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[: len(package) - node.level + 1]
            target = ".".join([*base, *(node.module.split(".") if node.module else [])])
            names = [f"{target}.{alias.name}" for alias in node.names]
            found |= {name for name in [target, *names] if name.startswith("gonghui.core")}
    return found


def test_core_has_no_import_cycles():
    modules = {
        "gonghui.core." + p.relative_to(CORE).with_suffix("").as_posix().replace("/", ".").removesuffix(".__init__"): p
        for p in CORE.rglob("*.py")
    }
    graph = {name: {m for m in _imports(path) if m in modules and m != name} for name, path in modules.items()}
    assert len(graph) > 40
    state: dict[str, int] = {}  # 1 visiting, 2 done

    def visit(name: str, trail: list[str]) -> None:
        state[name] = 1
        for other in sorted(graph[name]):
            if state.get(other) == 1:
                raise AssertionError("import cycle: " + " -> ".join([*trail, name, other]))
            if other not in state:
                visit(other, [*trail, name])
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [])


def test_stages_import_only_earlier_stages():
    """load → check → model → generate → output: a stage never imports a later one (model is read by all)."""
    order = {"text": 0, "problems": 0, "options": 0, "model": 1, "load": 2, "check": 3, "generate": 4, "output": 5,
             "preview": 6, "project": 2, "pipeline": 7}
    late = []
    for path in CORE.rglob("*.py"):
        stage = path.relative_to(CORE).parts[0].removesuffix(".py")
        for name in _imports(path):
            other = name.split(".")[2]
            if other in order and stage in order and order[other] > order[stage]:
                late.append(f"{path.relative_to(CORE)} imports {name}")
    assert late == []
