"""The Arabic catalogue is complete, keeps every placeholder, and the Arabic admin speaks Arabic.

The catalogue is read straight from the .po file (no polib in the project): each entry's msgctxt,
msgid, msgid_plural, msgstr or msgstr[n], and its flags. The admin check needs the compiled .mo,
which ``make test`` builds first (``make messages``).
"""

import ast
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import admin
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst

from tests.factories import UserFactory

PO_FILE = Path(settings.BASE_DIR) / "locale" / "ar" / "LC_MESSAGES" / "django.po"
PROJECT_APPS = {"secretariat", "meetings", "reporting", "extensions", "budgets"}
ARABIC_NPLURALS = 6

# %(name)s, %s, %d, %.2f ... (python-format); {name} (messages filled in by a script or str.format).
PERCENT_RE = re.compile(r"%(?:\((\w+)\))?[-#0 +]*\d*(?:\.\d+)?([diouxXeEfFgGcrsa%])")
BRACE_RE = re.compile(r"\{(\w*)\}")


def parse_po(path: Path) -> list[dict]:
    """The entries of a .po file (blank-line separated; obsolete ``#~`` entries left out), header first."""
    entries: list[dict] = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
        entry: dict = {"flags": set()}
        field = None
        for line in block.splitlines():
            line = line.strip()
            if line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#"):
                continue
            elif match := re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(".*")$', line):
                field = match[1]
                entry[field] = ast.literal_eval(match[2])
            elif line.startswith('"') and field:
                entry[field] += ast.literal_eval(line)
            elif line:
                raise AssertionError(f"{path.name}: unexpected line {line!r}")
        if "msgid" in entry:
            entries.append(entry)
    return entries


def translations(entry: dict) -> list[str]:
    if "msgid_plural" in entry:
        return [entry.get(f"msgstr[{n}]", "") for n in range(ARABIC_NPLURALS)]
    return [entry.get("msgstr", "")]


def label(entry: dict) -> str:
    context = f"[{entry['msgctxt']}] " if "msgctxt" in entry else ""
    return f"{context}{entry['msgid']!r}"


def placeholders(text: str, python_format: bool) -> set[str]:
    found = {f"{{{name}}}" for name in BRACE_RE.findall(text)}
    if python_format:
        for name, conversion in PERCENT_RE.findall(text):
            if conversion != "%":
                found.add(f"%({name}){conversion}" if name else f"%{conversion}")
    return found


@pytest.fixture(scope="module")
def catalogue() -> list[dict]:
    entries = parse_po(PO_FILE)
    assert entries and entries[0]["msgid"] == "", "the catalogue starts with its header"
    return entries


def test_the_header_has_the_arabic_plural_forms(catalogue):
    header = catalogue[0]["msgstr"]
    assert "Language: ar\n" in header
    assert (
        "Plural-Forms: nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : "
        "n%100>=11 && n%100<=99 ? 4 : 5;"
    ) in header


def test_every_entry_is_translated(catalogue):
    untranslated = [label(e) for e in catalogue[1:] if not all(s.strip() for s in translations(e))]
    assert untranslated == [], f"{len(untranslated)} untranslated entries:\n" + "\n".join(untranslated)


def test_no_entry_is_fuzzy(catalogue):
    fuzzy = [label(e) for e in catalogue[1:] if "fuzzy" in e["flags"]]
    assert fuzzy == [], f"{len(fuzzy)} fuzzy entries:\n" + "\n".join(fuzzy)


def test_plural_entries_have_the_six_arabic_forms(catalogue):
    incomplete = [
        label(e)
        for e in catalogue[1:]
        if "msgid_plural" in e
        and sorted(k for k in e if k.startswith("msgstr["))
        != [f"msgstr[{n}]" for n in range(ARABIC_NPLURALS)]
    ]
    assert incomplete == []


def test_placeholders_are_kept(catalogue):
    """Each translation uses exactly the msgid's placeholders.

    Plural forms may leave the number out where the words say it (واحد، اثنان): each form uses
    only placeholders of the English forms, and the general form (the last) uses all of them.
    """
    problems = []
    for entry in catalogue[1:]:
        python_format = "python-format" in entry["flags"]
        expected = placeholders(entry["msgid"], python_format)
        forms = translations(entry)
        if "msgid_plural" in entry:
            allowed = expected | placeholders(entry["msgid_plural"], python_format)
            for n, form in enumerate(forms):
                extra = placeholders(form, python_format) - allowed
                if extra:
                    problems.append(f"{label(entry)} msgstr[{n}] has {sorted(extra)}")
            general = placeholders(forms[-1], python_format)
            if general != placeholders(entry["msgid_plural"], python_format):
                problems.append(f"{label(entry)} msgstr[{len(forms) - 1}] has {sorted(general)}")
        else:
            found = placeholders(forms[0], python_format)
            if found != expected:
                problems.append(f"{label(entry)}: expected {sorted(expected)}, found {sorted(found)}")
    assert problems == [], "\n".join(problems)


class _VisibleText(HTMLParser):
    """The text a reader sees: no script or style, attribute values left out."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._hidden += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def english_admin_names() -> set[str]:
    """The English names the admin index shows for the project's apps and models."""
    names = set()
    with translation.override("en"):
        for model in admin.site._registry:
            if model._meta.app_label in PROJECT_APPS:
                names.add(str(capfirst(model._meta.verbose_name_plural)))
                names.add(str(model._meta.app_config.verbose_name))
    return names


def test_the_english_names_cover_the_models_reported_in_english():
    names = english_admin_names()
    for name in ("Treaty events", "Organisations", "Article 7 form sets", "ISU memberships", "Secretariat"):
        assert name in names


@pytest.mark.django_db
def test_the_arabic_admin_index_names_apps_and_models_in_arabic(client):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    response = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "ar"
    text = visible_text(response.content.decode())
    english = sorted(name for name in english_admin_names() if re.search(rf"\b{re.escape(name)}\b", text))
    assert english == [], f"English names on the Arabic admin index: {english}"
    assert "الإجراءات التعاهدية" in text  # Treaty events
