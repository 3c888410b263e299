"""Every setting the README's configuration table documents is read from the environment."""

import importlib

import pytest
from django.core.exceptions import ImproperlyConfigured

import secretariat.settings.base as base_settings


@pytest.fixture
def reload_base(monkeypatch):
    def reload(**environment):
        for name, value in environment.items():
            monkeypatch.setenv(name, value)
        return importlib.reload(base_settings)

    yield reload
    monkeypatch.undo()
    importlib.reload(base_settings)


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("REPORTING_ATTACHMENT_MAX_BYTES", "1048576", 1048576),
        ("REPORTING_REMINDER_DAYS_BEFORE", "45", 45),
        ("IMPORT_MAX_ROWS", "100", 100),
        ("PDF_RENDER_TIMEOUT", "30", 30),
    ],
)
def test_a_documented_setting_is_read_from_the_environment(reload_base, name, value, expected):
    assert getattr(reload_base(**{name: value}), name) == expected


def test_a_malformed_value_names_the_variable(reload_base):
    with pytest.raises(ImproperlyConfigured, match="REPORTING_REMINDER_DAYS_BEFORE"):
        reload_base(REPORTING_REMINDER_DAYS_BEFORE="soon")
