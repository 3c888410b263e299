"""Import and export of States and treaty events: permissions, atomic files, row messages, caps, escaping."""

import csv
import datetime
import io
from unittest import mock

import openpyxl
import pytest
import rules
from django.core.files.uploadedfile import SimpleUploadedFile
from tablib import Dataset

from secretariat.models import AuditEntry, State, TreatyEvent
from secretariat.permissions import is_isu_staff
from secretariat.resources import FORMULA_PREFIXES, StateResource, TreatyEventResource, escape_formula
from tests.factories import StateFactory, TreatyEventFactory
from tests.secretariat.admin_helpers import admin_url

D = datetime.date
XLSX, CSV = "0", "1"  # positions of the formats in the import form


def counts() -> dict:
    return {
        "states": State.objects.count(),
        "events": TreatyEvent.objects.count(),
        "audit": AuditEntry.objects.count(),
    }


def csv_bytes(rows: list[list]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode()


def xlsx_bytes(rows: list[list]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, model: str, content: bytes, fmt: str = CSV, name: str | None = None):
    name = name or ("data.csv" if fmt == CSV else "data.xlsx")
    return client.post(
        admin_url(model, "import"),
        {"resource": "0", "format": fmt, "import_file": SimpleUploadedFile(name, content)},
    )


def confirm(client, model: str, preview):
    form = preview.context["confirm_form"]
    return client.post(
        admin_url(model, "process_import"), {name: form.initial[name] for name in form.initial}
    )


EVENT_HEADER = ["convention", "iso3", "kind", "date", "effective_date", "effect_deferred", "source", "notes"]


@pytest.fixture
def staff_client(client_for, ccm_staff):
    return client_for(ccm_staff)


# --- who may import and export ------------------------------------------------------------------


@pytest.mark.parametrize("model", ["state", "treatyevent"])
@pytest.mark.parametrize("view", ["import", "export"])
@pytest.mark.parametrize("persona", ["lebanon_delegate", "norway_delegate", "anonymous"])
def test_non_staff_never_reach_import_or_export(personas, client_for, model, view, persona):
    response = client_for(personas[persona]).get(admin_url(model, view))
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize("persona", ["ccm_staff", "apmbc_staff"])
def test_staff_see_the_import_and_export_buttons(personas, client_for, persona):
    page = client_for(personas[persona]).get(admin_url("treatyevent")).content.decode()
    assert admin_url("treatyevent", "import") in page and admin_url("treatyevent", "export") in page


@pytest.fixture
def import_denied():
    """Withdraw the import permission from ISU staff (as a narrower rule would), then restore it."""
    rules.set_perm("secretariat.import_state", rules.always_deny)
    yield
    rules.set_perm("secretariat.import_state", is_isu_staff)


def test_import_button_honours_the_import_permission(staff_client, import_denied):
    page = staff_client.get(admin_url("state"))
    assert page.status_code == 200
    assert admin_url("state", "import") not in page.content.decode()
    assert admin_url("state", "export") in page.content.decode()
    assert staff_client.get(admin_url("state", "import")).status_code == 403
    before = counts()
    content = csv_bytes(
        [["iso3", "iso2", "short_name_en", "short_name_ar"], ["FRA", "FR", "France", "فرنسا"]]
    )
    assert upload(staff_client, "state", content).status_code == 403
    assert counts() == before


# --- States ----------------------------------------------------------------------------------------


def test_states_import_through_preview_and_confirm_with_an_audit_entry_each(staff_client, lebanon):
    content = csv_bytes(
        [
            ["iso3", "iso2", "short_name_en", "short_name_ar", "m49"],
            ["fra", "fr", "France", "فرنسا", "250"],
            ["LBN", "LB", "Lebanon", "لبنان", ""],  # unchanged: skipped, no audit entry
            ["ESP", "ES", "Spain", "إسبانيا", "724"],
        ]
    )
    preview = upload(staff_client, "state", content)
    assert preview.status_code == 200 and "confirm_form" in preview.context, preview.context.get(
        "import_messages"
    )
    assert not State.objects.filter(iso3="FRA").exists()  # the preview writes nothing
    response = confirm(staff_client, "state", preview)
    assert response.status_code == 302
    assert State.objects.get(iso3="FRA").short_name_ar == "فرنسا"
    assert State.objects.filter(iso3="ESP").exists()
    assert AuditEntry.objects.filter(action="secretariat.state.created").count() == 2
    assert AuditEntry.objects.filter(action="secretariat.state.updated").count() == 0


def test_states_import_from_xlsx_updates_by_iso3(staff_client, lebanon):
    content = xlsx_bytes([["iso3", "short_name_fr", "m49"], ["LBN", "République libanaise", 422]])
    preview = upload(staff_client, "state", content, fmt=XLSX)
    assert "confirm_form" in preview.context, preview.context.get("import_messages")
    confirm(staff_client, "state", preview)
    lebanon.refresh_from_db()
    assert lebanon.short_name_fr == "République libanaise" and lebanon.m49 == "422"
    entry = AuditEntry.objects.get(action="secretariat.state.updated")
    assert entry.changes == {"short_name_fr": ["Liban", "République libanaise"], "m49": ["", "422"]}


def test_a_states_file_with_one_bad_row_writes_nothing(staff_client, lebanon):
    content = csv_bytes(
        [
            ["iso3", "iso2", "short_name_en", "short_name_ar"],
            ["FRA", "FR", "France", "فرنسا"],
            ["ZZ9", "ZZ", "Nowhere", "لا مكان"],
            ["ESP", "LB", "Spain", "إسبانيا"],
            ["FRA", "FR", "France again", "فرنسا"],
        ]
    )
    before = counts()
    response = upload(staff_client, "state", content)
    lines = response.context["import_messages"]
    assert "confirm_form" not in response.context
    assert "Row 3, column “iso3” (“ZZ9”): An ISO 3166 alpha-3 code is three capital letters." in lines
    assert any(line.startswith("Row 4, column “iso2” (“LB”):") for line in lines)
    assert "Row 5: FRA appears twice in the file (row 2)." in lines
    assert counts() == before
    assert "Row 3, column “iso3”" in response.content.decode()


# --- treaty events ---------------------------------------------------------------------------------


def test_events_import_with_bad_rows_names_each_row_and_field_and_writes_nothing(
    staff_client, ccm, lebanon, norway
):
    TreatyEventFactory(state=lebanon, convention=ccm, kind="ratification", date=D(2010, 11, 5))
    content = csv_bytes(
        [
            EVENT_HEADER,
            ["CCM", "NOR", "signature", "2008-12-03", "", "", "UNTC", ""],
            ["CCM", "ZZZ", "signature", "2008-12-03", "", "", "", ""],
            ["CCM", "NOR", "ratification", "2008-12-03", "", "", "", ""],
            ["CCM", "LBN", "withdrawal", "2031-01-01", "", "", "", ""],
            ["CCM", "LBN", "accession", "2011-01-01", "", "", "", ""],
            ["CCM", "NOR", "ratification", "2008-12-03", "", "", "", ""],
            ["CCM", "NOR", "withdrawal", "not a date", "", "", "", ""],
        ]
    )
    before = counts()
    response = upload(staff_client, "treatyevent", content)
    lines = response.context["import_messages"]
    assert "Row 3, column “iso3”: unknown ISO code ZZZ." in lines
    assert "Row 5, column “date”: The date 2031-01-01 is in the future." in lines
    assert (
        "Row 6, column “kind” (“accession”): Lebanon is already bound by the CCM (ratification of 2010-11-05)."
        in lines
    )
    assert "Row 7: duplicate ratification for NOR under CCM (see row 4)." in lines
    assert "Row 8, column “date”: “not a date” is not a date (write it as 2011-09-13)." in lines
    assert not any(line.startswith(("Row 2", "Row 4")) for line in lines)
    assert "confirm_form" not in response.context
    assert counts() == before


def test_events_import_creates_and_updates_by_natural_key(staff_client, ccm, lebanon, norway):
    event = TreatyEventFactory(state=lebanon, convention=ccm, kind="ratification", date=D(2010, 11, 5))
    content = xlsx_bytes(
        [
            EVENT_HEADER,
            ["CCM", "LBN", "ratification", D(2010, 11, 5), None, False, "C.N.1.2010", None],
            ["ccm", "nor", "Signature", D(2008, 12, 3), None, False, "UNTC", None],
        ]
    )
    preview = upload(staff_client, "treatyevent", content, fmt=XLSX)
    assert "confirm_form" in preview.context, preview.context.get("import_messages")
    confirm(staff_client, "treatyevent", preview)
    event.refresh_from_db()
    assert event.source == "C.N.1.2010"
    assert TreatyEvent.objects.filter(state=norway, convention=ccm, kind="signature").exists()
    assert AuditEntry.objects.filter(action="secretariat.treatyevent.updated").count() == 1
    assert AuditEntry.objects.filter(action="secretariat.treatyevent.created").count() == 1


def test_staff_cannot_import_the_other_conventions_events(client_for, apmbc_staff, ccm, norway):
    content = csv_bytes([EVENT_HEADER, ["CCM", "NOR", "signature", "2008-12-03", "", "", "", ""]])
    before = counts()
    response = upload(client_for(apmbc_staff), "treatyevent", content)
    assert response.context["import_messages"] == [
        "Row 2, column “convention”: you may not record treaty events under the CCM."
    ]
    assert counts() == before


def test_a_csv_with_a_missing_column_is_refused(staff_client, ccm, norway):
    content = csv_bytes([["convention", "iso3", "kind"], ["CCM", "NOR", "signature"]])
    before = counts()
    response = upload(staff_client, "treatyevent", content)
    assert response.context["import_messages"] == ["Row 1, date: the column is missing."]
    assert counts() == before


def test_an_unknown_column_is_refused(staff_client, ccm, norway):
    content = csv_bytes(
        [[*EVENT_HEADER, "dtae"], ["CCM", "NOR", "signature", "2008-12-03", "", "", "", "", ""]]
    )
    response = upload(staff_client, "treatyevent", content)
    assert response.context["import_messages"] == ["Row 1, dtae: unknown column."]


def test_a_malformed_xlsx_file_is_refused_with_a_message(staff_client, lebanon):
    before = counts()
    response = upload(staff_client, "state", b"PK\x03\x04 this is not really a workbook", fmt=XLSX)
    assert response.status_code == 200
    assert response.context["form"].errors["import_file"] == ["The file is not a valid xlsx workbook."]
    assert counts() == before


def test_a_csv_chosen_as_xlsx_is_refused(staff_client):
    response = upload(staff_client, "state", csv_bytes([["iso3"], ["FRA"]]), fmt=XLSX, name="data.xlsx")
    assert response.context["form"].errors["import_file"] == ["The file is not a valid xlsx workbook."]


# --- caps ------------------------------------------------------------------------------------------


def test_upload_size_is_capped(staff_client, settings):
    settings.IMPORT_MAX_BYTES = 100
    content = csv_bytes(
        [["iso3", "iso2", "short_name_en", "short_name_ar"]] + [["FRA", "FR", "France", "فرنسا"]] * 10
    )
    before = counts()
    response = upload(staff_client, "state", content)
    assert "the largest file accepted is 100" in response.context["form"].errors["import_file"][0]
    assert counts() == before


@pytest.mark.parametrize("fmt", [CSV, XLSX])
def test_row_count_is_capped(staff_client, settings, fmt):
    settings.IMPORT_MAX_ROWS = 3
    rows = [["iso3", "iso2", "short_name_en", "short_name_ar"]] + [
        [f"QA{c}", f"A{c}", "x", "y"] for c in "BCDE"
    ]
    content = csv_bytes(rows) if fmt == CSV else xlsx_bytes(rows)
    before = counts()
    response = upload(staff_client, "state", content, fmt=fmt)
    assert response.context["form"].errors["import_file"] == [
        "The file has more than 3 rows; split it into smaller files."
    ]
    assert counts() == before


def test_resource_caps_rows_even_outside_the_admin(ccm_staff, settings):
    settings.IMPORT_MAX_ROWS = 1
    dataset = Dataset(headers=["iso3", "iso2", "short_name_en", "short_name_ar"])
    dataset.append(["FRA", "FR", "France", "فرنسا"])
    dataset.append(["ESP", "ES", "Spain", "إسبانيا"])
    result = StateResource().import_data(dataset, user=ccm_staff)
    assert result.has_errors() and not State.objects.exists()


# --- export ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", FORMULA_PREFIXES)
def test_export_escapes_formula_like_cells(ccm, prefix):
    state = StateFactory(iso3="QQA", iso2="QA", formal_name_en=f'{prefix}HYPERLINK("http://evil")')
    TreatyEventFactory(
        state=state, convention=ccm, kind="signature", date=D(2008, 12, 3), notes=f"{prefix}1+1"
    )
    state_row = StateResource().export(State.objects.all()).dict[0]
    assert state_row["formal_name_en"] == f'\'{prefix}HYPERLINK("http://evil")'
    event_row = TreatyEventResource().export(TreatyEvent.objects.all()).dict[0]
    assert event_row["notes"] == f"'{prefix}1+1"
    assert escape_formula("Lebanon") == "Lebanon" and escape_formula(5) == 5


def test_admin_export_is_escaped_and_scoped_to_the_users_convention(
    client_for, apmbc_staff, ccm, apmbc, lebanon, norway
):
    TreatyEventFactory(state=lebanon, convention=ccm, kind="ratification", date=D(2010, 11, 5))
    TreatyEventFactory(
        state=norway, convention=apmbc, kind="ratification", date=D(1998, 7, 9), notes="=cmd|' /C calc'!A0"
    )
    response = client_for(apmbc_staff).post(
        admin_url("treatyevent", "export"),
        {"format": CSV, "resource": "0", **{f"treatyeventresource_{name}": "on" for name in EVENT_HEADER}},
    )
    assert response.status_code == 200, response.content[:500]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(r["convention"], r["iso3"]) for r in rows] == [("APMBC", "NOR")]
    assert rows[0]["notes"] == "'=cmd|' /C calc'!A0"


def test_an_exported_file_imports_back_unchanged(staff_client, ccm, norway):
    TreatyEventFactory(
        state=norway, convention=ccm, kind="signature", date=D(2008, 12, 3), notes="-- see note"
    )
    exported = TreatyEventResource().export(TreatyEvent.objects.all())
    before = counts()
    preview = upload(staff_client, "treatyevent", exported.export("csv").encode())
    assert "confirm_form" in preview.context, preview.context.get("import_messages")
    confirm(staff_client, "treatyevent", preview)
    assert TreatyEvent.objects.get().notes == "-- see note"
    assert counts() == before  # unchanged rows are skipped: no write, no audit entry


# --- preview and confirmation on different workers (issue 9, defect 7) ------------------------------


def test_a_confirmation_reaching_another_worker_imports_the_file(staff_client, lebanon):
    """Each worker has its own local-memory cache: clearing it between the preview and the confirmation
    is what a confirmation landing on another process sees. The file waits in shared storage."""
    from django.core.cache import cache
    from django.core.files.storage import default_storage

    content = csv_bytes(
        [["iso3", "iso2", "short_name_en", "short_name_ar"], ["FRA", "FR", "France", "فرنسا"]]
    )
    preview = upload(staff_client, "state", content)
    assert "confirm_form" in preview.context, preview.context.get("import_messages")
    name = preview.context["confirm_form"].initial["import_file_name"]
    assert default_storage.exists(f"django-import-export/{name}")
    cache.clear()  # another process
    response = confirm(staff_client, "state", preview)
    assert response.status_code == 302
    assert State.objects.get(iso3="FRA").short_name_ar == "فرنسا"
    assert not default_storage.exists(f"django-import-export/{name}")  # removed once confirmed
    again = confirm(staff_client, "state", preview)  # a second click: a message, not a 500
    assert again.status_code == 302 and State.objects.filter(iso3="FRA").count() == 1


def test_a_refused_preview_leaves_no_file_behind(staff_client, lebanon):
    from django.core.files.storage import default_storage

    def waiting():
        try:
            return set(default_storage.listdir("django-import-export")[1])
        except FileNotFoundError:
            return set()

    before = waiting()
    content = csv_bytes([["iso3", "iso2", "short_name_en", "short_name_ar"], ["ZZ9", "ZZ", "Nowhere", "x"]])
    response = upload(staff_client, "state", content)
    assert "confirm_form" not in response.context
    assert waiting() == before


def test_a_confirmation_cannot_name_another_file_of_the_storage(staff_client, lebanon):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    default_storage.save("meetings/documents/secret.csv", ContentFile(b"iso3,iso2\nFRA,FR\n"))
    response = staff_client.post(
        admin_url("state", "process_import"),
        {
            "import_file_name": "../meetings/documents/secret.csv",
            "original_file_name": "x.csv",
            "format": CSV,
            "resource": "0",
        },
    )
    assert response.status_code == 400
    assert (
        default_storage.exists("meetings/documents/secret.csv")
        and not State.objects.filter(iso3="FRA").exists()
    )


# --- messages that name the row, the column and the value (issue 9, defect 16) -----------------------


def test_a_date_that_is_not_one_is_named_with_its_value(staff_client, ccm, norway):
    content = csv_bytes([EVENT_HEADER, ["CCM", "NOR", "signature", "3 Dec 2008", "", "", "", ""]])
    response = upload(staff_client, "treatyevent", content)
    assert response.context["import_messages"] == [
        "Row 2, column “date”: “3 Dec 2008” is not a date (write it as 2011-09-13)."
    ]


def test_messages_follow_the_rows_and_name_the_value(staff_client, lebanon):
    content = csv_bytes(
        [
            ["iso3", "iso2", "short_name_en", "short_name_ar"],
            ["FRA", "FR", "France", "فرنسا"],
            ["ZZ9", "ZZ", "Nowhere", "لا مكان"],
            ["FRA", "FR", "France again", "فرنسا"],
        ]
    )
    lines = upload(staff_client, "state", content).context["import_messages"]
    assert lines == [
        "Row 3, column “iso3” (“ZZ9”): An ISO 3166 alpha-3 code is three capital letters.",
        "Row 4: FRA appears twice in the file (row 2).",
    ]


def test_the_size_message_gives_figures_that_differ(staff_client, settings):
    settings.IMPORT_MAX_BYTES = 50 * 1024 * 1024
    from secretariat.uploads import size_excess_message

    assert size_excess_message(50 * 1024 * 1024 + 1, 50 * 1024 * 1024) == (
        "The file is 52,428,801 bytes; the largest file accepted is 52,428,800 bytes."
    )
    assert size_excess_message(60 * 1024 * 1024, 50 * 1024 * 1024) == (
        "The file is 60.0\xa0MB; the largest file accepted is 50.0\xa0MB."
    )


STATES_ROWS = [["iso3", "short_name_fr"], ["LBN", "République libanaise"]]


@pytest.mark.parametrize(
    "encoded",
    [
        "\n".join(",".join(row) for row in STATES_ROWS).encode("utf-8"),
        b"\xef\xbb\xbf" + "\n".join(",".join(row) for row in STATES_ROWS).encode("utf-8"),
        "\n".join(",".join(row) for row in STATES_ROWS).encode("utf-16"),  # with its BOM, as Excel writes it
        "\n".join(",".join(row) for row in STATES_ROWS).encode("cp1252"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16", "cp1252"],
)
def test_csv_files_in_the_encodings_excel_writes_are_read(staff_client, lebanon, encoded):
    preview = upload(staff_client, "state", encoded)
    assert "confirm_form" in preview.context, (
        preview.context["form"].errors,
        preview.context.get("import_messages"),
    )
    confirm(staff_client, "state", preview)
    lebanon.refresh_from_db()
    assert lebanon.short_name_fr == "République libanaise"


@pytest.mark.parametrize(
    ("encoded", "named"),
    [
        ("iso3,short_name_ar\nLBN,لبنان\n".encode("cp1256"), "Windows-1256"),
        ("iso3,short_name_en\nFRA,France\n".encode("utf-32"), "UTF-32"),
        ("iso3,short_name_en\nFRA,France\n".encode("utf-16-le"), "UTF-16 without a byte order mark"),
    ],
    ids=["cp1256", "utf-32", "utf-16-without-bom"],
)
def test_a_csv_in_another_encoding_is_refused_naming_it(staff_client, encoded, named):
    response = upload(staff_client, "state", encoded)
    [message] = response.context["form"].errors["import_file"]
    assert named in message and "CSV UTF-8" in message


# --- the real size of an xlsx file (issue 9, defect 13) ---------------------------------------------


def _with_declared_dimension(content: bytes, ref: str) -> bytes:
    """The same workbook, its sheet claiming another size (as some generators write it)."""
    import re
    import zipfile

    source, out = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="[^"]+" ?/>', f'<dimension ref="{ref}"/>'.encode(), data)
            target.writestr(item, data)
    return out.getvalue()


def test_an_xlsx_declaring_16384_columns_is_read_at_its_real_size(staff_client, lebanon):
    """Read-only openpyxl padded every row to the declared 16,384 columns (the 197 KB participants
    file took 41.5 s, and gave 16,380 "unknown column" messages); rows are read as long as their cells."""
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    from secretariat.resources import CappedXLSX

    rows = [["iso3", "iso2", "short_name_en", "short_name_ar"]] + [
        [f"Q{a}{b}", f"{a}{b}", "x", "y"] for a in "ABCDEFGHIJ" for b in "ABCDEFGHIJKLMNOPQRST"
    ]
    content = _with_declared_dimension(xlsx_bytes(rows), "A1:XFD201")
    widths = []
    read_row = ReadOnlyWorksheet._get_row

    def spy(self, *args, **kwargs):
        row = read_row(self, *args, **kwargs)
        widths.append(len(row))
        return row

    with mock.patch.object(ReadOnlyWorksheet, "_get_row", spy):
        dataset = CappedXLSX().create_dataset(content)
    assert (dataset.width, dataset.height) == (4, 200)
    assert max(widths) == 4  # openpyxl built no padding cells
    preview = upload(staff_client, "state", content, fmt=XLSX)
    assert "confirm_form" in preview.context, (
        preview.context.get("import_messages") or preview.context["form"].errors
    )


def test_an_xlsx_with_more_cells_than_the_cap_is_refused_before_parsing(staff_client, settings):
    settings.IMPORT_MAX_CELLS = 50
    rows = [["iso3", "iso2", "short_name_en", "short_name_ar"]] + [["FRA", "FR", "France", "فرنسا"]] * 20
    response = upload(staff_client, "state", xlsx_bytes(rows), fmt=XLSX)
    assert response.context["form"].errors["import_file"] == [
        "The workbook has more than 50 cells; split it into smaller files."
    ]
