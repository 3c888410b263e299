"""The suite runs the same whatever is selected and wherever the checkout is."""

import importlib
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def _modules_with_module_data() -> list[str]:
    return sorted(
        ".".join(path.relative_to(TESTS.parent).with_suffix("").parts)
        for path in TESTS.rglob("test_*.py")
        if path.name != "test_hermetic.py"
        and "django_db_blocker.unblock(" in path.read_text(encoding="utf-8")
    )


def test_modules_that_write_module_data_ask_for_the_test_database():
    """pytest-django creates the test database only for the databases the selected tests ask for. A
    module-scoped fixture that writes while none of the selected tests asks for one (``pytest file -k name``)
    writes into the configured database, db.sqlite3 or DATABASE_URL's, and its teardown then deletes
    every State and convention there. Such a module carries ``pytest.mark.django_db``."""
    modules = _modules_with_module_data()
    assert modules, "no module-scoped database fixture found: update this test"
    for name in modules:
        marks = getattr(importlib.import_module(name), "pytestmark", [])
        marks = marks if isinstance(marks, list) else [marks]
        assert any(mark.name == "django_db" for mark in marks), name


def test_no_test_reads_outside_the_repository():
    """Excerpts of outside documents are copied into tests/fixtures (see its README)."""
    needles = ("/shared/", '"shared"', "../shared", "parents[3]", "parent.parent.parent")
    offenders = [
        f"{path.relative_to(TESTS)}: {needle}"
        for path in TESTS.rglob("*.py")
        if path.name != "test_hermetic.py"
        for needle in needles
        if needle in path.read_text(encoding="utf-8")
    ]
    assert offenders == []
