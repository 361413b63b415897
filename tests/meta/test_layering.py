"""The layers hold: services know no HTTP, add-ons use only the core's public API, and
every module says what it holds and stays small enough to read."""
from __future__ import annotations

import ast
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORE = ROOT / "core"
# The public API for add-ons (see the docstring of core/lanta/addon_api.py).
PUBLIC_MODULES = ("lanta.addon_api", "lanta.models", "lanta.services", "lanta.forms",
                  "lanta.labels", "lanta.pictures", "lanta.reporting", "lanta.testing")
HTTP_PACKAGES = ("pyramid", "webob", "webtest")
MAX_LINES = 440  # "about 400": past this, split the module by what it holds


def python_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.py")
                  if "__pycache__" not in p.parts and ".venv" not in p.parts)


def project_modules() -> list[Path]:
    return python_files(CORE / "lanta") + python_files(ROOT / "plugins")


def module_name(path: Path) -> str:
    """Dotted name of a module of the core (``core/lanta/…``) or of an add-on package."""
    base = CORE if path.is_relative_to(CORE) else path.parents[len(path.relative_to(
        ROOT / "plugins").parts) - 2]
    parts = list(path.relative_to(base).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@lru_cache(maxsize=None)
def imports_of(path: Path) -> tuple[tuple[str, int, bool], ...]:
    """(absolute module name, line, whether the name may be a module's attribute) of
    every import of a file, relative imports resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno, False) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - node.level + 1]
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module or ""
            found.append((prefix, node.lineno, False))
            # ``from . import services`` may import a module, not a name: count it too.
            found += [(f"{prefix}.{alias.name}", node.lineno, True) for alias in node.names]
    return tuple(found)


@lru_cache(maxsize=None)
def files_by_module() -> dict[str, Path]:
    return {module_name(p): p for p in project_modules()}


def is_under(name: str, packages: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in packages)


def http_import_chain(path: Path, seen: set[Path] | None = None) -> list[str] | None:
    """How a module reaches Pyramid through the project's own modules, or None."""
    seen = set() if seen is None else seen
    seen.add(path)
    modules = files_by_module()
    for name, line, _attribute in imports_of(path):
        top = name.split(".")[0]
        if top in HTTP_PACKAGES or top.startswith("pyramid_"):
            return [f"{module_name(path)} imports {name} (line {line})"]
        target = modules.get(name)
        if target is not None and target not in seen:
            rest = http_import_chain(target, seen)
            if rest is not None:
                return [f"{module_name(path)} imports {name} (line {line})"] + rest
    return None


def service_modules() -> list[Path]:
    core = python_files(CORE / "lanta" / "services")
    addons = sorted(ROOT.glob("plugins/*/lanta_*/services*.py"))
    addons += sorted(ROOT.glob("plugins/*/lanta_*/services/*.py"))
    return core + addons


def test_services_import_no_pyramid():
    assert service_modules(), "no service module found"
    problems = []
    for path in service_modules():
        chain = http_import_chain(path)
        if chain:
            problems.append(f"{path.relative_to(ROOT)}: " + " → ".join(chain))
    assert not problems, "services must not know HTTP:\n" + "\n".join(problems)


def test_the_import_check_finds_pyramid_through_a_core_module():
    # lanta.i18n imports pyramid.i18n: a service importing it would be caught.
    chain = http_import_chain(CORE / "lanta" / "i18n.py")
    assert chain and "pyramid" in chain[-1]


def addon_files() -> list[tuple[Path, str | None]]:
    """Each Python file under plugins/ with the add-on package it belongs to."""
    files = []
    for path in python_files(ROOT / "plugins"):
        distribution = ROOT / "plugins" / path.relative_to(ROOT / "plugins").parts[0]
        packages = sorted(p.name for p in distribution.glob("lanta_*") if p.is_dir())
        files.append((path, packages[0] if packages else None))
    return files


def test_addons_import_only_the_public_api_of_the_core():
    problems = []
    for path, own_package in addon_files():
        relative = path.relative_to(ROOT)
        for name, line, attribute in imports_of(path):
            top = name.split(".")[0]
            if attribute and name.rsplit(".", 1)[0] != "lanta":
                continue  # ``from lanta.x import y``: lanta.x is what counts
            if top == "lanta" and name != "lanta" and not is_under(name, PUBLIC_MODULES):
                problems.append(f"{relative}:{line} imports {name}, which is not public "
                                "(public: " + ", ".join(PUBLIC_MODULES) + ")")
            elif top.startswith("lanta_") and top != own_package:
                problems.append(f"{relative}:{line} imports {name}, another add-on's "
                                "internals; the core should grow a hook instead")
    assert not problems, "\n".join(problems)


def test_every_module_has_a_docstring():
    missing = []
    for path in project_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        docstring = ast.get_docstring(tree)
        if not docstring or len(docstring.split()) < 3:
            missing.append(str(path.relative_to(ROOT)))
    assert not missing, "modules without a docstring saying what they hold:\n" + \
        "\n".join(missing)


def test_every_module_stays_under_about_400_lines():
    too_long = []
    for path in project_modules():
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES:
            too_long.append(f"{path.relative_to(ROOT)}: {lines} lines")
    assert not too_long, "modules to split by what they hold:\n" + "\n".join(too_long)
