"""Layers point down only. The table of layers is the one in docs/architecture.md (section
"Layers"); every module of kiosk/ is in exactly one layer, and no module imports one in a
layer above its own: not at module level, not inside a function, not through
`import_module("...")`, and not from a `.kv` file's `#:import` line."""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
GUIDE = REPO / "docs" / "architecture.md"
KV_IMPORT = re.compile(r"^#:import\s+\S+\s+([\w.]+)\s*$")


def layer_table(guide: Path) -> list[tuple[str, list[str]]]:
    """(layer, module patterns) from the guide's "Layers" table, lowest layer first. A
    pattern is a module's dotted name, or `pkg.*` for a package and everything in it."""
    text = guide.read_text(encoding="utf-8")
    section = text.split("\n## Layers\n", 1)[1].split("\n## ", 1)[0]
    layers = []
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 3 or not re.match(r"^\d+\. \w+$", cells[0]):
            continue
        layers.append((cells[0].split(" ", 1)[1], re.findall(r"`([\w.*]+)`", cells[2])))
    return layers


def module_files(root: Path) -> dict[str, Path]:
    """Every module of the package at `root` (a folder named kiosk) and every `.kv` file,
    by dotted name: kiosk/ui/screens/home.kv is kiosk.ui.screens.home, like its .py."""
    files = {}
    for path in sorted(root.rglob("*")):
        if path.suffix not in (".py", ".kv"):
            continue
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        files.setdefault(".".join(parts), []).append(path)
    return files


def imported_names(path: Path, module: str) -> list[tuple[int, str]]:
    """(line, dotted name) of everything `path` imports, wherever in the file."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".kv":
        return [
            (number, match.group(1))
            for number, line in enumerate(text.splitlines(), 1)
            if (match := KV_IMPORT.match(line.strip()))
        ]
    names = []
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(text, str(path))):
        if isinstance(node, ast.Import):
            names += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            names += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
        elif (
            isinstance(node, ast.Call)
            and _called_name(node.func) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            names.append((node.lineno, str(node.args[0].value)))
    return names


def _called_name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    return func.attr if isinstance(func, ast.Attribute) else None


def owning_module(name: str, modules) -> str | None:
    """The kiosk module `name` is, or is inside of (kiosk.i18n.tr is in kiosk.i18n)."""
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        candidate = ".".join(parts[:end])
        if candidate in modules:
            return candidate
    return None


def layer_of(module: str, layers) -> list[str]:
    """Every layer whose patterns take `module` (exactly one when the table is right)."""
    found = []
    for layer, patterns in layers:
        for pattern in patterns:
            if pattern.endswith(".*"):
                package = pattern[:-2]
                taken = module == package or module.startswith(package + ".")
            else:
                taken = module == pattern
            if taken:
                found.append(layer)
    return found


def layer_problems(root: Path, layers) -> list[str]:
    """Every module not in exactly one layer, every pattern of the table that names no module,
    and every import pointing up a layer, one line each."""
    rank = {layer: number for number, (layer, _) in enumerate(layers)}
    files = module_files(root)
    problems = []
    homes = {}
    for module, paths in files.items():
        found = layer_of(module, layers)
        if len(found) != 1:
            where = ", ".join(found) or "no layer"
            problems.append(f"{paths[0]}: {module} is in {where}; the table must name one")
        else:
            homes[module] = found[0]
    for layer, patterns in layers:
        for pattern in patterns:
            if not any(layer_of(module, [(layer, [pattern])]) for module in files):
                problems.append(f"layer {layer}: `{pattern}` names no module of {root}")
    for module, paths in files.items():
        if module not in homes:
            continue
        for path in paths:
            for line, name in imported_names(path, module):
                target = owning_module(name, files)
                if target is None or target not in homes or target == module:
                    continue
                if rank[homes[target]] > rank[homes[module]]:
                    problems.append(
                        f"{path}:{line}: {module} ({homes[module]}) imports {target} "
                        f"({homes[target]}), a layer above"
                    )
    return problems


def test_the_guide_names_the_layers_bottom_up():
    layers = layer_table(GUIDE)
    names = [layer for layer, _ in layers]
    assert names[0] == "model" and names[-1] == "entry"
    assert {"services", "ui", "commands"} <= set(names)
    assert all(patterns for _, patterns in layers)


def test_every_module_is_in_one_layer_and_every_import_points_down():
    assert layer_problems(REPO / "kiosk", layer_table(GUIDE)) == []


# The checker itself: a copy of the package with one upward import planted in it.

PLANTS = {
    "a module-level import": ("kiosk/content/model.py", "\nimport kiosk.ui.app\n"),
    "an import inside a function": (
        "kiosk/navigator.py",
        "\n\ndef _planted():\n    from kiosk.commands.errors import UsageError\n\n"
        "    return UsageError\n",
    ),
    "a relative import": ("kiosk/content/problems.py", "\nfrom ..ui import style\n"),
    "an import_module string": (
        "kiosk/media/cache.py",
        "\n\ndef _planted():\n    from importlib import import_module\n\n"
        '    return import_module("kiosk.ui.widgets")\n',
    ),
    "a .kv #:import line": ("kiosk/ui/staff.kv", "#:import run kiosk.cli.main\n"),
}


@pytest.fixture(scope="module")
def copied_kiosk(tmp_path_factory):
    folder = tmp_path_factory.mktemp("layers") / "kiosk"
    shutil.copytree(REPO / "kiosk", folder, ignore=shutil.ignore_patterns("__pycache__"))
    return folder


@pytest.mark.parametrize("how", PLANTS)
def test_the_checker_fails_on_a_planted_upward_import(copied_kiosk, tmp_path, how):
    root = tmp_path / "kiosk"
    shutil.copytree(copied_kiosk, root)
    layers = layer_table(GUIDE)
    assert layer_problems(root, layers) == []
    relative, planted = PLANTS[how]
    path = root.parent / relative
    original = path.read_text(encoding="utf-8")
    if path.suffix == ".kv":
        path.write_text(planted + original, encoding="utf-8")
    else:
        path.write_text(original + planted, encoding="utf-8")
    problems = layer_problems(root, layers)
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{path}:")
    assert "a layer above" in problems[0]


def test_the_checker_fails_on_a_module_in_no_layer(copied_kiosk, tmp_path):
    root = tmp_path / "kiosk"
    shutil.copytree(copied_kiosk, root)
    (root / "stray.py").write_text('"""In no layer of the table."""\n', encoding="utf-8")
    problems = layer_problems(root, layer_table(GUIDE))
    assert problems == [f"{root / 'stray.py'}: kiosk.stray is in no layer; the table must name one"]
