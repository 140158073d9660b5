"""The package's layers: data flows one way, and no module imports itself round a circle.

Every import that runs counts, also one inside a function (a lazy import is
still a dependency). Imports under `if TYPE_CHECKING:` never run and are
left out: the rules name the solver's model type in their signatures only.
Run `pytest tests/test_layers.py -q` to check a layout change.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).parent.parent / "novu_planner"

# Lowest first: a module may import from its own layer and the ones before it.
LAYERS = [
    {"errors", "clock", "files"},
    {"network"},
    {"plans"},
    {"rotation"},
    {"rules"},
    {"schedule"},
    {"solver"},
    {"checks"},
    {"planning"},
    {"exporters"},
    {"publishing"},
    {"api"},
    {"cli", "launch", "__main__", "__init__"},
]


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports() -> dict[str, set[str]]:
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        found: set[str] = set()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        typing_only = {
            id(inner)
            for node in ast.walk(tree)
            if isinstance(node, ast.If)
            and ast.unparse(node.test) in ("TYPE_CHECKING", "typing.TYPE_CHECKING")
            for inner in ast.walk(node)
        }
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(tree):
            if id(node) in typing_only:
                continue
            if isinstance(node, ast.ImportFrom):
                base = _absolute(node, package)
                if not base.startswith("novu_planner"):
                    continue
                for alias in node.names:
                    full = f"{base}.{alias.name}"
                    found.add(full if full in modules else _defining(base, alias.name))
            elif isinstance(node, ast.Import):
                found |= {a.name for a in node.names if a.name.startswith("novu_planner")}
            elif _dynamic_import(node):
                found.add(node.args[0].value)  # type: ignore[attr-defined]
        graph[name] = {m for m in found if m in modules and m != name}
    return graph


def _absolute(node: ast.ImportFrom, package: str) -> str:
    """The module a `from ... import` names, relative imports resolved."""
    if not node.level:
        return node.module or ""
    parts = package.split(".")[: len(package.split(".")) - node.level + 1]
    return ".".join(parts + ([node.module] if node.module else []))


def _defining(module: str, name: str) -> str:
    """`from novu_planner import plan` depends on the module that defines `plan`, not on the package."""
    if module == "novu_planner":
        import novu_planner

        return novu_planner._EXPORTS.get(name, module)
    return module


def _dynamic_import(node: ast.AST) -> bool:
    """importlib.import_module("novu_planner....") with the name written out."""
    return (
        isinstance(node, ast.Call)
        and ast.unparse(node.func) in ("importlib.import_module", "import_module")
        and bool(node.args)
        and isinstance(node.args[0], ast.Constant)
        and str(node.args[0].value).startswith("novu_planner")
    )


def _layer(module: str) -> int:
    parts = module.split(".")
    top = parts[1] if len(parts) > 1 else "__init__"
    return next(i for i, names in enumerate(LAYERS) if top in names)


def test_every_module_has_a_layer():
    for module in _imports():
        _layer(module)


def test_imports_only_go_down_the_pipeline():
    upward = [
        f"{module} imports {target}"
        for module, targets in _imports().items()
        for target in targets
        if _layer(target) > _layer(module) and module != "novu_planner"
    ]
    assert upward == []


def test_no_import_circles():
    graph = _imports()
    # Tarjan's strongly connected components: a component of two or more is a circle.
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    circles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                item = stack.pop()
                component.append(item)
                if item == node:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    assert circles == []


def test_planning_never_imports_an_exporter():
    graph = _imports()
    below = [m for m in graph if _layer(m) < _layer("novu_planner.exporters")]
    assert [(m, t) for m in below for t in graph[m] if t.startswith("novu_planner.exporters")] == []
