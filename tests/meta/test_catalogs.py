"""The message catalogs are current and complete, and pages really speak French.

Messages are extracted from every Python file and template of the core (domain
``lanta``) and of each bundled add-on (domain ``lanta_NAME``) exactly as ``make i18n``
does; a message missing from a catalog, left untranslated or fuzzy, or translated
without its ``${placeholders}`` fails here, named with the file it comes from.
"""
from __future__ import annotations

import re

import pytest

from lanta import i18n_tools

PROJECTS = i18n_tools.projects()
PLACEHOLDER = re.compile(r"\$\{(\w+)\}")


@pytest.fixture(scope="module")
def error_names() -> set[str]:
    return i18n_tools.domain_error_names(PROJECTS)


def catalog_of(project, language):
    path = project.po_path(language)
    if not path.exists():
        return None
    return i18n_tools.read_catalog(path, language, project.domain)


def extracted(project, error_names):
    return i18n_tools.extract(project, error_names)


def project_ids():
    return [p.domain for p in PROJECTS]


def test_core_has_messages_and_catalogs(error_names):
    core = PROJECTS[0]
    assert core.domain == "lanta"
    messages = extracted(core, error_names)
    assert "Password" in messages and "Wrong e-mail or password." in messages
    for language in i18n_tools.LANGUAGES:
        assert core.po_path(language).is_file(), f"{core.po_path(language)} is missing"


@pytest.mark.parametrize("project", PROJECTS, ids=project_ids())
def test_catalogs_parse(project):
    for path in sorted(project.locale_dir.glob("*/LC_MESSAGES/*.po")):
        language = path.parent.parent.name
        i18n_tools.read_catalog(path, language, project.domain)  # raises on a bad line


@pytest.mark.parametrize("project", PROJECTS, ids=project_ids())
@pytest.mark.parametrize("language", i18n_tools.LANGUAGES)
def test_catalog_is_up_to_date_with_the_sources(project, language, error_names):
    messages = extracted(project, error_names)
    if not messages:
        pytest.skip(f"{project.domain} has no message")
    catalog = catalog_of(project, language)
    assert catalog is not None, \
        f"{project.relative(project.po_path(language))} is missing: run `make i18n`"
    known = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}
    missing = [f"{msgid!r} ({m.where()})" for msgid, m in messages.items()
               if msgid not in known]
    gone = sorted(known - set(messages))
    problems = [f"not in the catalog: {line}" for line in missing]
    problems += [f"no longer in the sources: {msgid!r}" for msgid in gone]
    assert not problems, (f"{project.relative(project.po_path(language))} is out of date; "
                          "run `make i18n` and translate:\n" + "\n".join(problems))


def _translations(message) -> list[str]:
    return list(message.string) if isinstance(message.string, tuple) else [message.string]


@pytest.mark.parametrize("project", PROJECTS, ids=project_ids())
@pytest.mark.parametrize("language", i18n_tools.LANGUAGES)
def test_every_message_is_translated(project, language, error_names):
    messages = extracted(project, error_names)
    catalog = catalog_of(project, language)
    if not messages or catalog is None:
        pytest.skip("nothing to translate, or no catalog (see the up-to-date test)")
    problems = []
    for msgid, found in messages.items():
        message = catalog.get(msgid)
        if message is None:
            continue  # reported by the up-to-date test
        if message.fuzzy:
            problems.append(f"fuzzy: {msgid!r} ({found.where()})")
        elif not all(_translations(message)):
            problems.append(f"untranslated: {msgid!r} ({found.where()})")
    assert not problems, (f"{project.relative(project.po_path(language))}:\n"
                          + "\n".join(problems))


@pytest.mark.parametrize("project", PROJECTS, ids=project_ids())
@pytest.mark.parametrize("language", i18n_tools.LANGUAGES)
def test_translations_keep_the_placeholders(project, language):
    catalog = catalog_of(project, language)
    if catalog is None:
        pytest.skip("no catalog")
    problems = []
    for message in catalog:
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        expected = set().union(*(PLACEHOLDER.findall(i) for i in ids))
        for translation in _translations(message):
            if translation and set(PLACEHOLDER.findall(translation)) != expected:
                problems.append(f"{ids[0]!r} → {translation!r}: placeholders "
                                f"{sorted(expected)} expected")
    assert not problems, (f"{project.relative(project.po_path(language))}:\n"
                          + "\n".join(problems))


@pytest.mark.parametrize("project", PROJECTS, ids=project_ids())
def test_templates_use_their_project_domain(project):
    wrong = i18n_tools.foreign_domain_messages(project)
    assert not wrong, (f"template messages outside the domain {project.domain} are never "
                       "extracted into its catalog:\n"
                       + "\n".join(f"{path}: {msgid!r}" for path, msgid in wrong))


def test_domain_errors_of_services_are_extracted(error_names):
    assert {"DomainError", "NotFound", "Conflict", "TooManyAttempts"} <= error_names
    messages = extracted(PROJECTS[0], error_names)
    assert "The site must keep at least one active admin." in messages  # a Conflict


def test_compiled_catalogs_are_current():
    # The repository's conftest.py compiles them at session start (make test does too).
    for po_path in i18n_tools.catalog_files():
        mo_path = po_path.with_suffix(".mo")
        assert mo_path.exists(), f"{mo_path} is missing: run `make compile-catalogs`"
        assert mo_path.stat().st_mtime >= po_path.stat().st_mtime, f"{mo_path} is stale"


def test_login_page_speaks_french(testapp):
    page = testapp.get("/login", headers={"Accept-Language": "fr-FR,fr;q=0.9"})
    assert "Mot de passe" in page.text
    assert "Se connecter" in page.text
    assert "Password" not in page.text


def test_login_page_speaks_english_when_asked(testapp):
    page = testapp.get("/login", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert "Password" in page.text
    assert "Mot de passe" not in page.text


def test_error_page_speaks_french(testapp):
    page = testapp.get("/fr/no-such-page", status=404,
                       headers={"Accept-Language": "fr-FR,fr;q=0.9"})
    assert "Page introuvable" in page.text


def test_domain_error_is_shown_in_french(testapp, users):
    page = testapp.get("/login", headers={"Accept-Language": "fr"})
    form = page.forms["login-form"]
    form["email"] = users["editor"].email
    form["password"] = "not the password at all"
    response = form.submit("login", status=400, headers={"Accept-Language": "fr"})
    assert "Adresse e-mail ou mot de passe incorrect." in response.text


def test_python_extraction_reads_any_argument_expression(tmp_path):
    source = tmp_path / "sample.py"
    source.write_text(
        "def f(localizer, n, name, exc):\n"
        "    _('Hello ${name}', mapping={'name': name.title() + '!'})\n"
        "    localizer.pluralize('${n} notice', '${n} notices', n - 1)\n"
        "    _(exc.message, mapping=exc.mapping)\n"
        "    raise Conflict('Already there: ${n}.', n=-n)\n")
    found = i18n_tools.extract_python(source, {"DomainError", "Conflict"})
    assert [(msgid, plural) for msgid, plural, _line in found] == [
        ("Hello ${name}", None), ("${n} notice", "${n} notices"), ("Already there: ${n}.", None)]
