"""Every URL pattern of the project x every persona: reads answer as the table says, writes change nothing.

The table (READS, ADMIN_*) classifies every URL pattern by name; a pattern it does not classify fails
the test, so a new page cannot escape the sweep. Path parameters are filled with real records of the
world fixture (tests/world.py): CCM records for "this convention", whose staff is ``staff``;
``other_staff`` is the APMBC ISU; ``delegate`` is Lebanon's (CCM), ``other_delegate`` Norway's.
Expected answers are sets: a page may answer 302 (to a login) or 404 for a persona who may not see it,
never 200 with the record, never 403 where it would confirm a record exists, never 500.

Writes: every admin add/change/delete/revert view and every portal form that writes is POSTed, with
the body an authorised user would send, by each persona who may not write there; the answer must be
a refusal (302/403/404/405) and the database must not change (every row of the project's tables).
"""

from __future__ import annotations

import hashlib
import re

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from secretariat.models import AuditEntry
from tests.reporting.reporting_helpers import PDF
from tests.secretariat.admin_helpers import form_post_data
from tests.world import world_fixture  # noqa: F401 - the "world" fixture

pytestmark = pytest.mark.django_db

PERSONAS = ["staff", "other_staff", "delegate", "other_delegate", "anonymous"]
ALL = set(PERSONAS)
OK = {200}
LOGIN = {302}

# --- the table of reads ----------------------------------------------------------------------------
# name -> (path kwargs from the world, {persona: allowed statuses}); a persona not named: MISSING.
# Shorthands: PUBLIC (everyone 200); signed-in account pages; delegate pages of Lebanon's draft.
MISSING = {404}


def everyone(statuses):
    return dict.fromkeys(PERSONAS, set(statuses))


PUBLIC = everyone(OK)


def only(persona_statuses: dict, others=MISSING, anonymous=None):
    table = {p: set(others) for p in PERSONAS}
    table.update({p: set(s) for p, s in persona_statuses.items()})
    if anonymous is not None:
        table["anonymous"] = set(anonymous)
    return table


ACCOUNT = only({p: {200, 302, 404} for p in PERSONAS if p != "anonymous"}, anonymous=LOGIN)
# Lebanon's draft: Lebanon's delegate only; staff never see drafts; a POST-only URL is a 405 for all.
DRAFT_PAGE = only({"delegate": OK}, anonymous=LOGIN)
DRAFT_POST_ONLY = only({"delegate": {405}}, others={404, 405}, anonymous=LOGIN)
# Norway's submitted (published, restricted) report: Norway's delegate and the CCM ISU.
SUBMITTED = only({"other_delegate": OK, "staff": OK}, anonymous=LOGIN)
# Lebanon presides over the CCM's planned meeting (world): its delegate is a coordinator of it.
PLANNED_MEETING = only({"staff": OK, "delegate": OK})
STAFF_PAGE = only({"staff": OK}, others={302, 404}, anonymous={302, 404})


def reads(w) -> dict[str, tuple[dict, dict]]:
    draft, report = w.lebanon_draft.pk, w.norway_report.pk
    version = w.norway_version.number
    published, planned = w.c.published.pk, w.c.planned.pk
    return {
        "set_language": ({}, everyone({302})),
        "two_factor:login": ({}, everyone({200, 302})),
        **{f"two_factor:{n}": ({}, ACCOUNT) for n in ("setup", "qr", "setup_complete", "backup_tokens")},
        **{f"two_factor:{n}": ({}, ACCOUNT) for n in ("profile", "disable")},
        "": ({}, everyone({302})),  # admin/login/ -> the two-factor login
        "logout": ({}, everyone({302, 405})),
        # The API (its own table of personas is in tests/test_api_schemathesis.py and the app tests).
        "api:schema": ({}, PUBLIC),
        "api:docs": ({}, PUBLIC),
        "api:api-root": ({}, PUBLIC),
        "api:convention-list": ({}, PUBLIC),
        "api:convention-detail": ({"code": "CCM"}, PUBLIC),
        "api:state-list": ({}, PUBLIC),
        "api:state-detail": ({"iso3": "NOR"}, PUBLIC),
        "api:treaty-event-list": ({}, PUBLIC),
        "api:treaty-event-detail": ({"pk": w.ccm_event.pk}, PUBLIC),
        "reporting-api:api-root": ({}, PUBLIC),
        "reporting-api:compliance": ({}, PUBLIC),
        "reporting-api:report-list": ({}, PUBLIC),
        # A restricted report: the ISU and the convention's States Parties, not the public.
        "reporting-api:report-detail": ({"pk": report}, only({"other_delegate": OK, "staff": OK, "delegate": OK})),
        "reporting-api:draft-list": ({}, only({p: OK for p in PERSONAS}, anonymous={403})),
        "reporting-api:draft-detail": ({"pk": w.norway_draft.pk}, only({"other_delegate": OK}, anonymous={403})),
        "meetings-api:meeting-list": ({}, PUBLIC),
        "meetings-api:meeting-detail": ({"pk": planned}, PLANNED_MEETING),
        "meetings-api:meeting-agenda": ({"pk": planned}, PLANNED_MEETING),
        "meetings-api:meeting-decisions": ({"pk": planned}, PLANNED_MEETING),
        "meetings-api:meeting-documents": ({"pk": planned}, PLANNED_MEETING),
        "meetings-api:meeting-participants": ({"pk": planned}, PLANNED_MEETING),
        "meetings-api:document-list": ({}, PUBLIC),
        "meetings-api:document-detail": ({"pk": w.c.restricted.pk}, only({"staff": OK})),
        # Delegates' Article 7 pages: Lebanon's draft, Norway's submitted report.
        "reporting:delegate_home": ({}, only({p: OK for p in PERSONAS}, anonymous=LOGIN)),
        "reporting:report_start": ({}, only({p: {405} for p in PERSONAS}, anonymous=LOGIN)),
        "reporting:report_detail": ({"pk": draft}, DRAFT_PAGE),
        "reporting:report_mark_unchanged": ({"pk": draft}, DRAFT_POST_ONLY),
        "reporting:report_workbook": ({"pk": draft}, DRAFT_PAGE),
        "reporting:report_workbook_upload": ({"pk": draft}, DRAFT_POST_ONLY),
        "reporting:form_edit": ({"pk": draft, "letter": "A"}, DRAFT_PAGE),
        "reporting:attachment_upload": ({"pk": draft}, DRAFT_POST_ONLY),
        "reporting:attachment_download": ({"pk": draft, "attachment_id": w.lebanon_attachment.pk}, DRAFT_PAGE),
        "reporting:attachment_remove": ({"pk": draft, "attachment_id": w.lebanon_attachment.pk}, DRAFT_POST_ONLY),
        "reporting:report_submit": ({"pk": draft}, DRAFT_PAGE),  # GET: the checklist before submitting
        "reporting:report_correct": ({"pk": report}, only({"other_delegate": {405}, "staff": {405}}, others={404, 405}, anonymous=LOGIN)),
        # Norway's published restricted report as others read it: the ISU and the convention's States Parties.
        "reporting:published_report": ({"pk": report}, only({"other_delegate": OK, "staff": OK, "delegate": OK})),
        "reporting:version_list": ({"pk": report}, SUBMITTED),
        # Norway has one version: nothing to compare, a 404 for everyone.
        "reporting:version_compare": ({"pk": report}, only({}, anonymous=LOGIN)),
        "reporting:version_detail": ({"pk": report, "number": version}, SUBMITTED),
        "reporting:version_receipt": ({"pk": report, "number": version}, SUBMITTED),
        "reporting:version_receipt_pdf": ({"pk": report, "number": version, "language": "en"}, SUBMITTED),
        # Public pages.
        "home": ({}, PUBLIC),
        "convention_detail": ({"code": "CCM"}, PUBLIC),
        "convention_status_pdf": ({"code": "CCM", "language": "en"}, PUBLIC),
        "state_list": ({}, PUBLIC),
        "state_detail": ({"iso3": "NOR"}, PUBLIC),
        "reporting_compliance_index": ({}, PUBLIC),
        "reporting_compliance": ({"code": "CCM"}, PUBLIC),
        "reporting_compliance_staff": ({"code": "CCM"}, STAFF_PAGE),
        "reporting_compliance_table_pdf": ({"code": "CCM", "language": "en"}, STAFF_PAGE),
        "meetings:meeting_list": ({}, PUBLIC),
        "meetings:meeting_detail": ({"pk": planned}, PLANNED_MEETING),
        "meetings:document_register": ({}, PUBLIC),
        "meetings:document_download": (
            {"pk": w.c.restricted.pk, "language": "en", "file_format": "pdf"},
            # Lebanon presides over the CCM's planned meeting: a coordinator, but not of the published one.
            only({"staff": OK}),
        ),
        # Everyone signed in has the page; it lists the meetings of their State's mandates (none: empty).
        "meetings:coordinator_space": ({}, only({p: OK for p in PERSONAS}, anonymous=LOGIN)),
        "meetings:generated_document_preview": (
            {"pk": published, "kind": "agenda", "language": "en"},
            PUBLIC,
        ),
        "meetings:generated_document_pdf": ({"pk": planned, "kind": "agenda", "language": "en"}, PLANNED_MEETING),
        "meetings:document_build_download": ({"build_id": 987654}, only({}, anonymous={302, 404})),
    }  # fmt: skip


# --- the admin: each registered model is one of these ----------------------------------------------
# Records of one convention: the world's CCM record of the model (None: the first row, whose
# convention is the CCM's in the world).
CONVENTION_RECORDS = {
    "secretariat.treatyevent": lambda w: w.ccm_event,
    "secretariat.obligation": lambda w: w.obligation,
    "meetings.meeting": lambda w: w.c.planned,
    "meetings.mandate": lambda w: w.c.mandate,
    "meetings.participation": lambda w: w.c.participation,
    "meetings.document": lambda w: w.c.restricted,
    "meetings.decision": lambda w: w.c.decision,
    "reporting.report": lambda w: w.norway_report,
    "reporting.formset": lambda w: apps.get_model("reporting.formset").objects.get(convention=w.ccm),
    "reporting.formtemplate": lambda w: apps.get_model("reporting.formtemplate").objects.filter(form_set__convention=w.ccm).first(),
    "reporting.fielddefinition": lambda w: apps.get_model("reporting.fielddefinition").objects.filter(form__form_set__convention=w.ccm).first(),
    "reporting.followup": lambda w: w.follow_up,
    "reporting.reminderlog": lambda w: w.reminder,
    "secretariat.auditentry": lambda w: AuditEntry.objects.filter(model="meetings.document", object_id=str(w.c.restricted.pk)).first(),
}  # fmt: skip
# Shared by both ISUs.
SHARED_RECORDS = {
    "secretariat.state": lambda w: w.norway,
    "secretariat.organisation": lambda w: w.organisation,
    "secretariat.person": lambda w: w.person,
    "secretariat.convention": lambda w: w.ccm,
}
# A superuser's alone (roles, accounts, devices, login records, the task queue).
SUPERUSER_MODELS = {
    "auth.group", "auth.user", "axes.accessattempt", "axes.accesslog", "axes.accessfailurelog",
    "otp_static.staticdevice", "otp_totp.totpdevice", "django_tasks_database.dbtaskresult",
    "secretariat.isumembership", "secretariat.delegateassignment",
}  # fmt: skip
ADMIN_SITE_VIEWS = {
    "admin:index": (everyone(LOGIN) | {"staff": OK, "other_staff": OK}),
    "admin:login": everyone({302}),
    "admin:logout": everyone({302, 405}),
    "admin:jsi18n": everyone({200, 302}),
    # /admin/r/<content type>/<pk>/: no admin model has get_absolute_url; a missing type is a 404.
    "admin:view_on_site": everyone({302, 404}),
    "admin:autocomplete": everyone({302, 403}),
    "admin:app_list": None,  # per app below
}
# Read-only admin lists: their add/change/delete answer 403 to staff (nothing may be written there).
READ_ONLY_ADMINS = {"secretariat.auditentry", "reporting.reminderlog"}
NEVER_DELETED = READ_ONLY_ADMINS | {"reporting.report"}  # a report is a record of what a State did


def admin_read_rule(label: str, view: str) -> dict:
    """Expected answers of an admin view of a model, per persona."""
    non_staff = {"delegate": LOGIN, "other_delegate": LOGIN, "anonymous": LOGIN}
    if label in SUPERUSER_MODELS:
        # An object view of a record that does not exist (no device, no login record here) is
        # Django's redirect to the index, the same for anyone: nothing is confirmed.
        refused = {403} if view in ("changelist", "add", "import", "export") else {302, 403, 404}
        return {"staff": refused, "other_staff": refused, **non_staff}
    list_views = {"changelist": OK, "add": {200, 403}, "import": {200, 403}, "export": {200, 403}}
    if label in SHARED_RECORDS:
        if view in list_views:
            return {"staff": list_views[view], "other_staff": list_views[view], **non_staff}
        mine = {200, 403} if view == "delete" else OK
        return {"staff": mine, "other_staff": mine, **non_staff}
    if view in list_views:
        return {"staff": list_views[view], "other_staff": list_views[view], **non_staff}
    # An object of the CCM: its ISU reads it (delete may be refused); the other ISU finds nothing
    # (Django's change view redirects a missing record to the index, 302, as for one that never was).
    if view == "delete" and label in NEVER_DELETED:  # refused before the record is looked up
        return {"staff": {403}, "other_staff": {403}, **non_staff}
    mine = {200, 403} if view == "delete" else OK
    return {"staff": mine, "other_staff": {302, 404}, **non_staff}


# --- walking the URL patterns ----------------------------------------------------------------------
def url_patterns(resolver=None, namespace="", prefix="/"):
    """(name, pattern, route prefix) of every URL pattern of the project."""
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            yield from url_patterns(
                pattern,
                namespace + (f"{pattern.namespace}:" if pattern.namespace else ""),
                prefix + str(pattern.pattern).lstrip("^"),
            )
        elif isinstance(pattern, URLPattern):
            yield namespace + (pattern.name or ""), pattern, prefix


ADMIN_VIEWS = "changelist|add|change|delete|history|simple_history|import|export|process_import|config|qrcode|password_change"


def admin_model_and_view(name: str):
    for model in admin.site._registry:
        opts = model._meta
        match = re.fullmatch(rf"admin:{opts.app_label}_{opts.model_name}_({ADMIN_VIEWS})", name)
        if match:
            return model, match[1]
    return None


def admin_record(world, model):
    label = model._meta.label_lower
    for table in (CONVENTION_RECORDS, SHARED_RECORDS):
        if label in table:
            return table[label](world) if table[label] else model._default_manager.order_by("pk").first()
    return model._default_manager.order_by("pk").first()


def classify(world, name: str, pattern, prefix: str):
    """(url, {persona: statuses}) for a pattern, or None when the table does not classify it."""
    table = reads(world)
    route = str(pattern.pattern)
    if name == "admin:" and route == "<path:object_id>/":
        # /admin/<app>/<model>/<pk>/: Django's redirect to the change view, for anyone.
        return f"{prefix}987654/", everyone({302})
    if name == "admin:" and route.endswith("(?P<url>.*)$"):  # the admin's catch-all
        return "/admin/no-such-page/", everyone({302, 404})
    if name in ("admin:password_change", "admin:password_change_done"):
        return reverse(name), everyone(LOGIN) | {"staff": OK, "other_staff": OK}
    if name == "":  # admin/login/, a redirect without a name
        return "/admin/login/", table[name][1]
    if name in table:
        kwargs, rule = table[name]
        if "format" in pattern.pattern.converters or "(?P<format>" in str(pattern.pattern):
            kwargs = {**kwargs, "format": "json"}
        return reverse(name, kwargs=kwargs), rule
    if name in ADMIN_SITE_VIEWS:
        if name == "admin:app_list":
            return reverse(name, kwargs={"app_label": "meetings"}), everyone(LOGIN) | {
                "staff": OK,
                "other_staff": OK,
            }
        if name == "admin:view_on_site":
            return reverse(name, args=[987654, 1]), ADMIN_SITE_VIEWS[name]
        return reverse(name), ADMIN_SITE_VIEWS[name]
    found = admin_model_and_view(name)
    if found is None:
        return None
    model, view = found
    label = model._meta.label_lower
    if view in ("config", "qrcode", "password_change"):  # a device's or an account's own pages
        return reverse(name, args=[987654]), everyone(LOGIN) | {
            "staff": {403, 404},
            "other_staff": {403, 404},
        }
    if view == "process_import":
        return reverse(name), {
            **admin_read_rule(label, "import"),
            "staff": {405, 403},
            "other_staff": {405, 403},
        }
    if view in ("changelist", "add", "import", "export"):
        return reverse(name), admin_read_rule(label, view)
    obj = admin_record(world, model)
    if obj is None:
        if label not in SUPERUSER_MODELS:
            pytest.fail(f"the world has no {label} for {name}")
        return reverse(name, args=[987654]), admin_read_rule(label, view)
    if view == "simple_history":
        # The latest version: a report's rows from before its first submission are a draft's, which no
        # staff member reads (tested on their own below).
        history_id = obj.history.order_by("-history_id").values_list("history_id", flat=True).first()
        if history_id is None:  # loaded without history (the form definitions): a missing version
            return reverse(name, args=[obj.pk, 987654]), {**admin_read_rule(label, "change"), "staff": {404}}
        return reverse(name, args=[obj.pk, history_id]), admin_read_rule(label, "change")
    return reverse(name, args=[obj.pk]), admin_read_rule(label, view)


@pytest.fixture
def persona_clients(world, ccm_staff, apmbc_staff, lebanon_delegate, norway_delegate):
    users = {"staff": ccm_staff, "other_staff": apmbc_staff, "delegate": lebanon_delegate,
             "other_delegate": norway_delegate, "anonymous": None}  # fmt: skip
    clients = {}
    for persona, user in users.items():
        client = Client()
        if user is not None:
            client.force_login(user)
        clients[persona] = client
    return clients


def test_every_url_pattern_answers_each_persona_as_the_table_says(world, persona_clients):
    unclassified, wrong, checked = [], [], 0
    for name, pattern, prefix in url_patterns():
        classified = classify(world, name, pattern, prefix)
        if classified is None:
            unclassified.append(f"{name or '(unnamed)'} {pattern.pattern}")
            continue
        url, rule = classified
        for persona in PERSONAS:
            status = persona_clients[persona].get(url).status_code
            checked += 1
            if status not in rule[persona] or status >= 500:
                wrong.append(f"{persona:15} {url} -> {status}, expected {sorted(rule[persona])}")
    assert not unclassified, "URL patterns the sweep's table does not classify:\n" + "\n".join(unclassified)
    assert not wrong, "\n".join(wrong)
    assert checked > 1000


def test_history_and_audit_views_of_a_draft_are_404_for_everyone_in_the_admin(world, persona_clients):
    draft = world.lebanon_draft
    entry = AuditEntry.objects.get(model="reporting.attachment", object_id=str(world.lebanon_attachment.pk))
    urls = [
        reverse("admin:reporting_report_history", args=[draft.pk]),
        reverse("admin:reporting_report_simple_history", args=[draft.pk, draft.history.first().history_id]),
        reverse("admin:secretariat_auditentry_change", args=[entry.pk]),
    ]
    for url in urls:
        for persona in ("staff", "other_staff"):
            assert persona_clients[persona].get(url).status_code == 404, (persona, url)
        for persona in ("delegate", "other_delegate", "anonymous"):
            assert persona_clients[persona].get(url).status_code == 302, (persona, url)


# --- writes ----------------------------------------------------------------------------------------
def database_state() -> str:
    """A digest of every row of the project's tables (and the audit trail)."""
    digest = hashlib.sha256()
    for app in ("secretariat", "meetings", "reporting"):
        for model in apps.get_app_config(app).get_models():
            for row in model._default_manager.order_by("pk").values_list():
                digest.update(repr(row).encode())
    return digest.hexdigest()


REFUSED = {302, 403, 404, 405}


def body_of(client, url: str) -> dict:
    """The body the form at ``url`` posts unchanged (a revert page has no inline formsets)."""
    response = client.get(url)
    if response.status_code != 200 or not response.context or "adminform" not in response.context:
        return {}
    if "inline_admin_formsets" in response.context:
        return form_post_data(response)
    form = response.context["adminform"].form
    return {form.add_prefix(n): form[n].value() for n in form.fields if form[n].value() is not None}


def admin_writes(world, superuser_client) -> list[tuple[str, dict, set[str]]]:
    """(url, body, personas who may not write) for every admin add/change/delete/revert view."""
    out = []
    for name, _pattern, _prefix in url_patterns():
        found = admin_model_and_view(name)
        if found is None:
            continue
        model, view = found
        label = model._meta.label_lower
        if view not in ("add", "change", "delete", "simple_history"):
            continue
        non_staff = {"delegate", "other_delegate", "anonymous"}
        if label in SUPERUSER_MODELS:
            refused = ALL
        elif label in SHARED_RECORDS or view == "add":
            refused = non_staff | ({"staff", "other_staff"} if label in READ_ONLY_ADMINS else set())
        else:
            refused = non_staff | {"other_staff"} | ({"staff"} if label in READ_ONLY_ADMINS else set())
        if view == "add":
            url = reverse(name)
            body = body_of(superuser_client, url)
        else:
            obj = admin_record(world, model)
            if obj is None:  # a superuser's model without rows here
                continue
            if view == "simple_history":
                history_id = obj.history.order_by("history_id").values_list("history_id", flat=True).first()
                url = reverse(name, args=[obj.pk, history_id])
            else:
                url = reverse(name, args=[obj.pk])
            if view == "delete":
                body = {"post": "yes"}
            else:
                body = body_of(superuser_client, url)
        out.append((url, body, refused))
    return out


def portal_writes(world) -> list[tuple[str, dict, set[str]]]:
    """The delegates' forms: Lebanon's draft may be written by Lebanon's delegate alone."""
    draft = world.lebanon_draft.pk
    not_lebanon = {"other_staff", "other_delegate", "anonymous"}
    form = world.lebanon_draft_form
    return [
        (reverse("reporting:report_start"), {"convention": world.apmbc.pk, "kind": "annual"}, {"anonymous"}),
        (reverse("reporting:report_mark_unchanged", args=[draft]), {}, not_lebanon),
        (reverse("reporting:form_edit", args=[draft, form.template.letter]), {"revision": form.revision, "choice": "not_applicable"}, not_lebanon),
        (reverse("reporting:attachment_upload", args=[draft]), {"file": SimpleUploadedFile("x.pdf", PDF)}, not_lebanon),
        (reverse("reporting:attachment_remove", args=[draft, world.lebanon_attachment.pk]), {}, not_lebanon),
        (reverse("reporting:report_submit", args=[draft]), {}, not_lebanon),
        (reverse("reporting:report_correct", args=[world.norway_report.pk]), {}, {"other_staff", "delegate", "anonymous"}),
        (reverse("reporting:report_workbook_upload", args=[draft]), {"file": SimpleUploadedFile("w.xlsx", b"PK")}, not_lebanon),
    ]  # fmt: skip


def test_writes_are_refused_to_those_who_may_not_write_and_change_nothing(world, persona_clients):
    superuser_client = Client()
    superuser_client.force_login(world.superuser)
    writes = admin_writes(world, superuser_client) + portal_writes(world)
    assert len(writes) > 60
    wrong, before, tried = [], database_state(), 0
    for url, body, refused in writes:
        for persona in PERSONAS:
            if persona not in refused:
                continue
            for value in body.values():
                if hasattr(value, "seek"):
                    value.seek(0)
            status = persona_clients[persona].post(url, body).status_code
            tried += 1
            if status not in REFUSED:
                wrong.append(f"{persona:15} POST {url} -> {status}")
    assert not wrong, "\n".join(wrong)
    assert database_state() == before
    assert tried > 150
