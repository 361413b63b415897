"""Every hook is documented, its reference page is current, and a test exercises it."""
from __future__ import annotations

import ast
import re
from pathlib import Path

from lanta import hookspecs
from lanta.docs_tools import hook_docs, hooks_markdown

ROOT = Path(__file__).resolve().parents[2]
HOOKS_PAGE = ROOT / "docs" / "hooks.md"
MIN_DOCSTRING = 150  # characters: one sentence is not enough to say when, what and how


def declared_hook_names() -> set[str]:
    return {name for name, value in vars(hookspecs).items()
            if callable(value) and hasattr(value, "lanta_spec")}


def test_reference_sees_every_declared_hook():
    assert [d.name for d in hook_docs()], "no hook found in hookspecs.py"
    assert {d.name for d in hook_docs()} == declared_hook_names()


def test_every_hook_docstring_says_when_it_is_called_and_what_to_return():
    problems = []
    for doc in hook_docs():
        text = doc.docstring
        if len(text) < MIN_DOCSTRING:
            problems.append(f"{doc.name}: docstring shorter than {MIN_DOCSTRING} characters")
        if not re.search(r"\bwhen\b", text, re.I):
            problems.append(f"{doc.name}: docstring does not say when the hook is called")
        if not re.search(r"\breturn", text, re.I):
            problems.append(f"{doc.name}: docstring does not say what to return")
    assert not problems, "\n".join(problems)


def test_every_hook_parameter_is_mentioned_in_its_docstring():
    problems = []
    for doc in hook_docs():
        func = getattr(hookspecs, doc.name)
        params = func.__code__.co_varnames[:func.__code__.co_argcount]
        for param in params:
            if not re.search(rf"\b{param}\b", doc.docstring):
                problems.append(f"{doc.name}: parameter {param!r} is not described")
    assert not problems, "\n".join(problems)


def test_hooks_page_matches_the_docstrings():
    assert HOOKS_PAGE.is_file(), "docs/hooks.md is missing: run `make docs`"
    assert HOOKS_PAGE.read_text(encoding="utf-8") == hooks_markdown(), \
        "docs/hooks.md is out of date with core/lanta/hookspecs.py: run `make docs`"


def test_files() -> list[Path]:
    folders = [ROOT / "tests", *sorted(ROOT.glob("plugins/*/tests"))]
    return [p for folder in folders for p in sorted(folder.rglob("test_*.py"))]


test_files.__test__ = False  # a helper, not a test


def defined_test_names() -> dict[str, Path]:
    names: dict[str, Path] = {}
    for path in test_files():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) \
                    and node.name.startswith("test_hook_"):
                names.setdefault(node.name, path)
    return names


def covers(test_name: str, hook: str) -> bool:
    """``test_hook_lanta_page_slot…`` or ``test_hook_page_slot…`` covers ``lanta_page_slot``."""
    for stem in {hook, hook.removeprefix("lanta_")}:
        prefix = f"test_hook_{stem}"
        if test_name == prefix or test_name.startswith(prefix + "_"):
            return True
    return False


def test_every_hook_has_a_test_named_after_it():
    names = defined_test_names()
    missing = sorted(hook for hook in declared_hook_names()
                     if not any(covers(name, hook) for name in names))
    assert not missing, (
        "hooks without a test function named test_hook_<hook> under tests/ or "
        "plugins/*/tests/: " + ", ".join(missing))


def test_hook_test_finder_tells_hooks_apart():
    assert covers("test_hook_lanta_page_slot_adds_html", "lanta_page_slot")
    assert covers("test_hook_page_slot", "lanta_page_slot")
    assert not covers("test_hook_lanta_page_slots", "lanta_page_slot")
    assert not covers("test_hook_lanta_configure", "lanta_cli")
