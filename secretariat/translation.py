"""Content in four languages, held as explicit columns.

Each translated attribute ``name`` is stored as ``name_en``, ``name_ar``, ``name_fr``, ``name_es``.
Explicit columns (rather than fields added at start-up) keep change history, imports and
migrations plain: every column is visible in the model and in the history table.
"""

from django.utils import translation

CONTENT_LANGUAGES = ("en", "ar", "fr", "es")
FALLBACK_LANGUAGE = "en"


class TranslatedField:
    """Descriptor: ``obj.name`` is the value in the active (or given) language, falling back to English."""

    def __init__(self, base_name: str):
        self.base_name = base_name

    def __set_name__(self, owner, name):
        self.attname = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        return self.in_language(instance, translation.get_language() or FALLBACK_LANGUAGE)

    def in_language(self, instance, language: str) -> str:
        language = (language or FALLBACK_LANGUAGE).split("-")[0]
        value = getattr(instance, f"{self.base_name}_{language}", "") if language in CONTENT_LANGUAGES else ""
        return value or getattr(instance, f"{self.base_name}_{FALLBACK_LANGUAGE}", "")


def localized(instance, base_name: str, language: str) -> str:
    """The value of a translated attribute in a given language, with the English fallback."""
    return type(instance).__dict__[base_name].in_language(instance, language)
