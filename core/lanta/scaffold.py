"""``lanta addon new NAME``: write a working add-on skeleton to ``lanta-NAME/``.

The skeleton's files are the ``*.tmpl`` files under ``scaffold_template/`` (a plain data
folder, not an importable package, so that its Python files are never imported or
collected by pytest). Placeholders are written ``{{ key }}``; ``$`` and ``${…}`` are left
alone because Chameleon templates use them.
"""
from __future__ import annotations

import re
import shutil
from importlib import metadata, resources
from pathlib import Path

NAME_PATTERN = re.compile(r"[a-z][a-z0-9_]*\Z")
MAX_NAME_LENGTH = 40

# Names the core already uses as a branch label, URL prefix or package name.
RESERVED_NAMES = frozenset({
    "account", "admin", "api", "core", "healthz", "lanta", "login", "logout", "password",
    "site", "static", "themes",
})

# template file (under scaffold_template/) -> path in the skeleton
FILES: tuple[tuple[str, str], ...] = (
    ("pyproject.toml.tmpl", "pyproject.toml"),
    ("README.md.tmpl", "README.md"),
    ("package/__init__.py.tmpl", "{package}/__init__.py"),
    ("package/templates/hello.pt.tmpl", "{package}/templates/hello.pt"),
    ("tests/test_addon.py.tmpl", "tests/test_{name}.py"),
)
# Present from the start so that the add-on's first revision has an obvious home.
EMPTY_DIRS: tuple[str, ...] = ("{package}/migrations/versions",)

_PLACEHOLDER = re.compile(r"\{\{ (\w+) \}\}")


class ScaffoldError(Exception):
    """The skeleton cannot be written; the message is one sentence saying why."""


def check_name(name: str) -> None:
    """Refuse a name that cannot be an add-on name (package, branch label, URL prefix)."""
    if not NAME_PATTERN.match(name) or len(name) > MAX_NAME_LENGTH:
        raise ScaffoldError(
            f"The add-on name {name!r} is not valid: use at most {MAX_NAME_LENGTH} lowercase "
            "letters, digits and underscores, starting with a letter (for example: "
            "bike_rental).")
    if name in RESERVED_NAMES:
        raise ScaffoldError(f"The add-on name {name!r} is reserved by the core; choose "
                            "another name.")
    installed = {ep.name for ep in metadata.entry_points(group="lanta.plugins")}
    if name in installed:
        raise ScaffoldError(f"An add-on named {name!r} is already installed; choose another "
                            "name.")


def _lanta_requirement() -> str:
    try:
        version = metadata.version("lanta")
    except metadata.PackageNotFoundError:  # running from a bare source tree
        return "0.1"
    return ".".join(version.split(".")[:2])


def placeholders(name: str) -> dict[str, str]:
    return {
        "name": name,
        "package": f"lanta_{name}",
        "distribution": f"lanta-{name.replace('_', '-')}",
        "title": name.replace("_", " ").capitalize(),
        "lanta_version": _lanta_requirement(),
    }


def render(text: str, values: dict[str, str]) -> str:
    def substitute(match: re.Match[str]) -> str:
        return values[match.group(1)]  # a KeyError here is a bug in a template
    return _PLACEHOLDER.sub(substitute, text)


def write_addon(name: str, directory: str | Path = ".") -> Path:
    """Write ``directory/lanta-NAME/`` and return its path; refuse to touch an existing one."""
    check_name(name)
    directory = Path(directory)
    target = directory / f"lanta-{name}"
    if target.exists():
        raise ScaffoldError(f"The directory {target} already exists; remove it or choose "
                            "another name or --directory.")
    values = placeholders(name)
    templates = resources.files("lanta") / "scaffold_template"
    try:
        directory.mkdir(parents=True, exist_ok=True)
        target.mkdir()
    except OSError as exc:
        raise ScaffoldError(f"The directory {target} cannot be created: "
                            f"{exc.strerror or exc}.") from exc
    try:
        for source, destination in FILES:
            path = target / destination.format(**values)
            path.parent.mkdir(parents=True, exist_ok=True)
            text = (templates / source).read_text(encoding="utf-8")
            path.write_text(render(text, values), encoding="utf-8")
        for folder in EMPTY_DIRS:
            (target / folder.format(**values)).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        # Leave nothing half-written behind: a second attempt must not be refused.
        shutil.rmtree(target, ignore_errors=True)
        raise ScaffoldError(f"The skeleton could not be written to {target}: "
                            f"{exc.strerror or exc}.") from exc
    return target
