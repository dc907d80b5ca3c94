"""The package's shape: no import cycles, no reaching into another module's private names, stages free
of file I/O, no start-up tricks or patches of other libraries."""
from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

PACKAGE = ROOT / "pipeline"


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


def _resolve(module: str, path: Path, level: int, target: str | None) -> str:
    if not level:
        return target or ""
    base = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    base = base[:len(base) - level + 1]
    return ".".join(base + ([target] if target else []))


def _imports(module: str, path: Path):
    """(imported module, names taken from it, line) for every import in the file, at any depth."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, [], node.lineno
        elif isinstance(node, ast.ImportFrom):
            yield _resolve(module, path, node.level, node.module), [a.name for a in node.names], node.lineno


def _graph() -> dict[str, set[str]]:
    mods = _modules()
    graph: dict[str, set[str]] = {m: set() for m in mods}
    for mod, path in mods.items():
        for target, names, _ in _imports(mod, path):
            if not target.startswith("pipeline"):
                continue
            for name in names or [None]:
                sub = f"{target}.{name}" if name else None
                dep = sub if sub in mods else target
                while dep not in mods and "." in dep:
                    dep = dep.rsplit(".", 1)[0]
                if dep != mod and dep in mods and dep != "pipeline":
                    graph[mod].add(dep)
    return graph


def test_architecture_has_no_import_cycles():
    graph = _graph()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles = []

    def visit(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                cycles.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    assert not cycles, f"import cycles: {cycles}"


def test_architecture_no_module_imports_another_modules_private_names():
    mods = _modules()
    bad = []
    for mod, path in mods.items():
        for target, names, line in _imports(mod, path):
            if target.startswith("pipeline"):
                bad += [f"{path.relative_to(ROOT)}:{line} imports {target}.{n}" for n in names
                        if n.startswith("_") and not n.startswith("__")]
        tree = ast.parse(path.read_text(encoding="utf-8"))
        aliases = {a.asname or a.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                   and (node.level or (node.module or "").startswith("pipeline")) for a in node.names}
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases
                    and node.attr.startswith("_") and not node.attr.startswith("__")):
                bad.append(f"{path.relative_to(ROOT)}:{node.lineno} reads {node.value.id}.{node.attr}")
    assert not bad, "\n".join(bad)


def test_architecture_stages_do_no_file_io():
    """Stages are plain steps: only io.py, the cache, the output writer and the tools touch files."""
    forbidden = ("open(", ".read_text(", ".write_text(", ".read_bytes(", ".write_bytes(", "read_csv(", "to_csv(",
                 "os.replace(", "shutil.")
    for path in sorted((PACKAGE / "stages").glob("*.py")):
        text = path.read_text(encoding="utf-8")
        for word in forbidden:
            assert word not in text, f"{path.name} does file I/O ({word})"


def test_architecture_no_start_up_tricks_or_library_patches():
    """Nothing that saves tenths of a second at start-up and breaks on a library's next release."""
    forbidden = ("gc.freeze", "gc.disable", "os._exit", "malloc_trim", "sys.modules[", "set_element_class_lookup",
                 "JT_STOPLIST", "OPENBLAS_NUM_THREADS")
    for path in sorted(PACKAGE.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for word in forbidden:
            assert word not in text, f"{path.relative_to(ROOT)} uses {word}"


def test_architecture_no_module_defines_a_top_level_name_twice():
    """A second definition of a module's name silently replaces the first for every use above it too
    (a regex of one rule overwritten by another rule's of the same name changes both rules' output)."""
    twice = []
    for module, path in _modules().items():
        seen: dict[str, int] = {}
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names = [node.name]
            elif isinstance(node, ast.Assign):
                names = [t.id for t in node.targets if isinstance(t, ast.Name)]
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                names = [node.target.id]
            else:
                continue
            for name in names:
                if name in seen:
                    twice.append(f"{module}.{name} (lines {seen[name]} and {node.lineno})")
                seen.setdefault(name, node.lineno)
    assert not twice, twice
