"""The package boundary: what a wheel carries and how the modules of kg depend on each other."""

from __future__ import annotations

import re
from pathlib import Path

import kg
from kg import data, rules

ROOT = Path(__file__).resolve().parent.parent
KG = ROOT / "kg"


def _setuptools_packages() -> list[str]:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    m = re.search(r"^packages = \[(.*?)\]", text, re.M | re.S)
    assert m, "pyproject.toml lists kg's packages explicitly ([tool.setuptools] packages)"
    return re.findall(r'"([^"]+)"', m.group(1))


def test_every_package_of_kg_is_in_the_wheel():
    on_disk = {
        ".".join(p.parent.relative_to(ROOT).parts) for p in KG.rglob("__init__.py") if "__pycache__" not in p.parts
    }
    listed = set(_setuptools_packages())
    assert on_disk <= listed, f"add to [tool.setuptools] packages: {sorted(on_disk - listed)}"
    assert {"kg.data.rules", "kg.data.corpora"} <= listed


def test_bundled_data_is_read_through_the_package():
    assert data.rules_folder().resolve() == (ROOT / "rules").resolve()  # editable install: the checkout's
    assert data.corpus_folder().resolve() == (ROOT / "corpora").resolve()
    assert rules.rules_dir() == data.rules_folder()


def test_py_typed_is_there():
    assert (Path(kg.__file__).parent / "py.typed").is_file()


# ---------------------------------------------------------------------- the import graph of kg

MAX_LINES = 800


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in KG.rglob("*.py") if "__pycache__" not in p.parts}


def _imports(path: Path, modules: dict[str, Path]):
    """Every kg-internal import of *path* (module level and inside functions), as
    ``(target module, line, inside a function)``."""
    import ast

    me = _module_name(path)
    package = me if path.name == "__init__.py" else me.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    local: set[int] = set()
    for fn in ast.walk(tree):
        if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            local |= {id(n) for n in ast.walk(fn) if n is not fn}
    for node in ast.walk(tree):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            # "from pkg import sub" imports the module pkg.sub; "from mod import name" imports mod
            targets = [f"{mod}.{a.name}" if f"{mod}.{a.name}" in modules else mod for a in node.names]
        for t in targets:
            if t == "kg" or t.startswith("kg."):
                while t not in modules and "." in t:  # "import kg.x.y" of a name: the module
                    t = t.rpartition(".")[0]
                yield t, node.lineno, id(node) in local


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {m: {t for t, _, _ in _imports(p, modules) if t != m} for m, p in modules.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_no_import_cycles_between_kg_modules():
    """Function-local imports count: a cycle hidden inside a function is still a cycle."""
    assert _cycles(_graph()) == []


def test_no_kg_imports_inside_functions():
    """Modules of kg import each other at the top, where the dependency is visible
    (optional third-party packages may still be imported where they are needed)."""
    modules = _modules()
    found = [
        f"{p.relative_to(ROOT)}:{line} imports {t}"
        for m, p in modules.items()
        for t, line, inside in _imports(p, modules)
        if inside
    ]
    assert found == []


def test_no_module_over_800_lines():
    long = {
        str(p.relative_to(ROOT)): n
        for p in KG.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def test_the_checker_sees_a_cycle_hidden_in_a_function(tmp_path):
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_all_sql_is_in_the_store_package():
    """The API and the views assemble objects from kg.store's queries; they run no SQL."""
    import ast

    found = []
    for p in KG.rglob("*.py"):
        if "store" in p.relative_to(KG).parts[:1]:
            continue
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in ("execute", "executemany", "executescript"):
                found.append(f"{p.relative_to(ROOT)}:{node.lineno}")
    assert found == []
