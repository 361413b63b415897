"""Message extraction and catalog upkeep for the core and the bundled add-ons.

``python -m lanta.i18n_tools extract`` (``make i18n``) reads the Python files and
Chameleon templates of the core and the bundled themes under ``themes/*/lanta_theme_*/``
(domain ``lanta``) and of every bundled add-on under
``plugins/*/lanta_*/`` (domain ``lanta_NAME``), writes each one's ``locale/DOMAIN.pot``
and updates (or creates) its ``fr`` and ``en`` catalogs with Babel.
``python -m lanta.i18n_tools compile`` writes the ``.mo`` files that are missing or older
than their ``.po`` (``make compile-catalogs`` compiles them all).

What counts as a message:

- in Python, ``_("…")`` (any translation string factory bound to ``_``),
  ``pluralize("one", "many", n)``, and the first argument of a domain error raised by a
  service (``DomainError("…")`` and every subclass found in the sources), since those are
  translated later with ``_(exc.message, mapping=exc.mapping)``;
- in templates, ``i18n:translate`` and ``i18n:attributes`` in the project's domain, read by
  lingua's Chameleon extractor (Babel has none).

English is the source language: its catalog is filled with ``msgstr = msgid`` so that
both catalogs are complete and an English wording can still be adjusted in ``en``.
"""
from __future__ import annotations

import ast
import datetime
import importlib.metadata
import io
import os
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[2]
CORE_DIR = Path(__file__).resolve().parent
LANGUAGES = ("fr", "en")
SOURCE_LANGUAGE = "en"
CORE_DOMAIN = "lanta"
# The keywords of TOOLCHAIN.md (``-k _ -k pluralize:1,2``): name -> msgid argument indexes.
KEYWORDS: dict[str, tuple[int, ...]] = {"_": (0,), "pluralize": (0, 1)}
ROOT_ERROR = "DomainError"
SKIP_DIRS = {"locale", "static", "__pycache__", "node_modules", "tests"}
# Header lines that change on every run: ignored when deciding whether to rewrite a file.
VOLATILE = re.compile(r'^"(POT-Creation-Date|PO-Revision-Date): .*"$', re.M)


@dataclass
class Project:
    """A package with its own translation domain: the core or one bundled add-on."""

    domain: str
    package_dir: Path
    # Bundled themes speak the core's domain: their sentences join the core's catalog.
    extra_dirs: list[Path] = field(default_factory=list)

    @property
    def locale_dir(self) -> Path:
        return self.package_dir / "locale"

    @property
    def pot_path(self) -> Path:
        return self.locale_dir / f"{self.domain}.pot"

    def po_path(self, language: str) -> Path:
        return self.locale_dir / language / "LC_MESSAGES" / f"{self.domain}.po"

    def relative(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(ROOT).as_posix()
        except ValueError:
            return path.as_posix()


@dataclass
class Extracted:
    """One message found in the sources, with every place it was found."""

    msgid: str
    plural: str | None = None
    locations: list[tuple[str, int]] = field(default_factory=list)

    def where(self) -> str:
        return ", ".join(f"{path}:{line}" for path, line in self.locations[:3])


def projects(root: Path = ROOT) -> list[Project]:
    """The core, then each bundled add-on (``plugins/NAME/lanta_NAME/``), by name."""
    themes = [p for p in sorted((root / "themes").glob("*/lanta_theme_*/"))
              if (p / "__init__.py").is_file()]
    found = [Project(CORE_DOMAIN, CORE_DIR, themes)]
    for package in sorted((root / "plugins").glob("*/lanta_*/")):
        if (package / "__init__.py").is_file():
            found.append(Project(package.name, package))
    return found


def source_files(project: Project) -> list[Path]:
    files = []
    for folder in [project.package_dir, *project.extra_dirs]:
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)
            for name in sorted(filenames):
                if name.endswith((".py", ".pt")):
                    files.append(Path(dirpath) / name)
    return files


# --- Python --------------------------------------------------------------------------------


def _name_of(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def domain_error_names(all_projects: Iterable[Project]) -> set[str]:
    """``DomainError`` and the names of its subclasses, followed through every source."""
    bases: dict[str, set[str]] = {}
    for project in all_projects:
        for path in source_files(project):
            if path.suffix != ".py":
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
                if isinstance(node, ast.ClassDef):
                    names = {_name_of(b) for b in node.bases} - {None}
                    bases.setdefault(node.name, set()).update(names)
    found = {ROOT_ERROR}
    grew = True
    while grew:
        grew = False
        for name, parents in bases.items():
            if name not in found and parents & found:
                found.add(name)
                grew = True
    return found


def _literal(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def extract_python(path: Path, error_names: set[str]) -> list[tuple[str, str | None, int]]:
    """(msgid, plural, line) of every message call in a Python file.

    Read with ``ast`` rather than a tokenizer, so any expression may sit among the
    arguments; only literal strings become messages.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _name_of(node.func)
        if name in error_names:
            indexes: tuple[int, ...] = (0,)
        elif name in KEYWORDS and (name != "_" or isinstance(node.func, ast.Name)):
            indexes = KEYWORDS[name]
        else:
            continue
        if len(node.args) <= max(indexes):
            continue
        texts = [_literal(node.args[i]) for i in indexes]
        if texts[0] is None or (len(texts) > 1 and texts[1] is None):
            continue
        found.append((texts[0], texts[1] if len(texts) > 1 else None, node.lineno))
    return found


# --- templates -----------------------------------------------------------------------------


class ExtractionError(Exception):
    """A source file that the extractors cannot read."""


def extract_template(path: Path, domain: str | None) -> list[tuple[str, int]]:
    """(msgid, line) of the messages of a Chameleon template in ``domain`` (None: any)."""
    from lingua.extractors.xml import ChameleonExtractor

    class Options:
        keywords = tuple(KEYWORDS)
        comment_tag = None

    options = Options()
    options.domain = domain
    try:
        # Our own file object: lingua leaves the files it opens itself unclosed.
        with path.open("rb") as handle:
            messages = ChameleonExtractor()(str(path), options, fileobj=handle)
    except SystemExit as exc:  # lingua reports syntax errors by exiting
        raise ExtractionError(f"{path}: lingua could not read this template") from exc
    return [(m.msgid, m.location[1]) for m in messages]


# --- whole projects ------------------------------------------------------------------------


def extract(project: Project, error_names: set[str]) -> dict[str, Extracted]:
    """Every message of ``project``'s sources, by msgid, in order of first appearance."""
    messages: dict[str, Extracted] = {}

    def add(msgid: str, plural: str | None, path: Path, line: int) -> None:
        entry = messages.setdefault(msgid, Extracted(msgid, plural))
        entry.plural = entry.plural or plural
        entry.locations.append((project.relative(path), line))

    for path in source_files(project):
        if path.suffix == ".py":
            for msgid, plural, line in extract_python(path, error_names):
                add(msgid, plural, path, line)
        else:
            for msgid, line in extract_template(path, project.domain):
                add(msgid, None, path, line)
    return messages


def foreign_domain_messages(project: Project) -> list[tuple[str, str]]:
    """(file, msgid) of template messages in another domain than the project's."""
    wrong = []
    for path in source_files(project):
        if path.suffix != ".pt":
            continue
        own = {m for m, _line in extract_template(path, project.domain)}
        for msgid, _line in extract_template(path, None):
            if msgid not in own:
                wrong.append((project.relative(path), msgid))
    return wrong


def template_catalog(project: Project, messages: dict[str, Extracted]) -> Catalog:
    catalog = Catalog(domain=project.domain, project="Lanta", version="",
                      charset="utf-8", fuzzy=False)
    for entry in messages.values():
        msgid = (entry.msgid, entry.plural) if entry.plural else entry.msgid
        catalog.add(msgid, locations=entry.locations)
    return catalog


def _version() -> str:
    try:
        return importlib.metadata.version("lanta")
    except importlib.metadata.PackageNotFoundError:
        return ""


def _set_header(catalog: Catalog, project: Project) -> None:
    catalog.project = "Lanta"
    catalog.version = _version()
    catalog.copyright_holder = "the Lanta contributors"
    catalog.msgid_bugs_address = ""
    catalog.last_translator = "the Lanta contributors"
    catalog.language_team = catalog.locale.english_name if catalog.locale else ""
    catalog.revision_date = datetime.datetime.now(datetime.timezone.utc)
    catalog.header_comment = (
        f"# Messages of {project.domain} ({catalog.locale or 'template'}).\n"
        "# Written by `make i18n` (python -m lanta.i18n_tools extract); translate the\n"
        "# empty msgstr, keep every ${placeholder}. See docs/i18n.md.")


def _render(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=90, sort_output=True, ignore_obsolete=True,
             include_lineno=False)
    return buffer.getvalue()


def _write_if_changed(path: Path, content: bytes) -> bool:
    if path.exists():
        old = path.read_bytes().decode("utf-8", "replace")
        if VOLATILE.sub("", old) == VOLATILE.sub("", content.decode("utf-8")):
            return False
    path.parent.mkdir(parents=True, exist_ok=True)
    _atomic_write(path, content)
    return True


def _atomic_write(path: Path, content: bytes) -> None:
    # Tests of other processes may read the file meanwhile: never show them half of it.
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "wb") as handle:
        handle.write(content)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def read_catalog(path: Path, language: str, domain: str) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=language, domain=domain, abort_invalid=True)


def updated_catalog(project: Project, language: str, template: Catalog) -> Catalog:
    path = project.po_path(language)
    if path.exists():
        catalog = read_catalog(path, language, project.domain)
    else:
        catalog = Catalog(locale=language, domain=project.domain, project="Lanta",
                          version="", charset="utf-8", fuzzy=False)
    # Guessing from a similar English sentence would give English a wrong wording.
    catalog.update(template, no_fuzzy_matching=language == SOURCE_LANGUAGE)
    catalog.obsolete.clear()
    if language == SOURCE_LANGUAGE:
        for message in catalog:
            if not message.id:
                continue
            if isinstance(message.id, tuple):
                if not any(message.string):
                    message.string = tuple(message.id)
            elif not message.string:
                message.string = message.id
    return catalog


def update_project(project: Project, error_names: set[str]) -> list[Path]:
    """Write the template and the catalogs of one project; the paths that changed."""
    messages = extract(project, error_names)
    if not messages and not project.locale_dir.exists():
        return []
    template = template_catalog(project, messages)
    _set_header(template, project)
    changed = []
    if _write_if_changed(project.pot_path, _render(template)):
        changed.append(project.pot_path)
    for language in LANGUAGES:
        catalog = updated_catalog(project, language, template)
        _set_header(catalog, project)
        if _write_if_changed(project.po_path(language), _render(catalog)):
            changed.append(project.po_path(language))
    return changed


def extract_all(root: Path = ROOT) -> list[Path]:
    all_projects = projects(root)
    error_names = domain_error_names(all_projects)
    changed = []
    for project in all_projects:
        changed.extend(update_project(project, error_names))
    return changed


def catalog_files(root: Path = ROOT) -> list[Path]:
    return [p for project in projects(root)
            for p in sorted(project.locale_dir.glob("*/LC_MESSAGES/*.po"))]


def compile_catalogs(root: Path = ROOT, only_stale: bool = True) -> list[Path]:
    """Write the ``.mo`` of each catalog (only the missing or outdated ones by default)."""
    written = []
    for po_path in catalog_files(root):
        mo_path = po_path.with_suffix(".mo")
        if only_stale and mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        language = po_path.parent.parent.name
        catalog = read_catalog(po_path, language, po_path.stem)
        buffer = io.BytesIO()
        write_mo(buffer, catalog, use_fuzzy=False)
        _atomic_write(mo_path, buffer.getvalue())
        written.append(mo_path)
    return written


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    command = args[0] if args else ""
    if command == "extract":
        try:
            changed = extract_all()
        except ExtractionError as exc:
            print(exc, file=sys.stderr)
            return 1
        for path in changed:
            print(f"updated {path.relative_to(ROOT)}")
        if not changed:
            print("catalogs are up to date")
        return 0
    if command == "compile":
        for path in compile_catalogs(only_stale="--all" not in args):
            print(f"compiled {path.relative_to(ROOT)}")
        return 0
    print("usage: python -m lanta.i18n_tools extract | compile [--all]", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
