"""The read-only API /api/v1/: every persona reads, nobody writes, filters validate, queries stay constant."""

import datetime

import pytest

from secretariat.models import Obligation, StateName
from tests.factories import StateFactory, TreatyEventFactory, many_states

D = datetime.date




PERSONAS = ["ccm_staff", "apmbc_staff", "lebanon_delegate", "norway_delegate", "anonymous"]


@pytest.fixture
def events(ccm, apmbc, lebanon, norway):
    TreatyEventFactory(state=lebanon, convention=ccm, kind="signature", date=D(2008, 12, 3))
    TreatyEventFactory(state=lebanon, convention=ccm, kind="ratification", date=D(2010, 11, 5))
    TreatyEventFactory(state=norway, convention=ccm, kind="ratification", date=D(2008, 12, 3))
    TreatyEventFactory(state=norway, convention=apmbc, kind="ratification", date=D(1998, 7, 9))
    Obligation.objects.create(state=lebanon, convention=ccm, kind="clearance")
    tonga = StateFactory(iso3="TON", iso2="TO", short_name_en="Tonga", short_name_ar="تونغا", un_member=True)
    TreatyEventFactory(state=tonga, convention=ccm, kind="signature", date=D(2008, 12, 3))
    palestine = StateFactory(iso3="PSE", iso2="PS", short_name_en="State of Palestine", un_member=False)
    TreatyEventFactory(state=palestine, convention=ccm, kind="accession", date=D(2015, 1, 2))
    StateName.objects.create(
        state=tonga, valid_to=D(1970, 6, 3), short_name_en="Friendly Islands", short_name_ar="جزر الصداقة"
    )


ENDPOINTS = [
    "/api/v1/",
    "/api/v1/conventions/",
    "/api/v1/conventions/CCM/",
    "/api/v1/states/",
    "/api/v1/states/LBN/",
    "/api/v1/treaty-events/",
    "/api/v1/schema/",
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url", ENDPOINTS)
def test_every_persona_reads_every_endpoint(persona, url, personas, client_for, events):
    response = client_for(personas[persona]).get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("post", "/api/v1/states/"),
        ("put", "/api/v1/states/LBN/"),
        ("patch", "/api/v1/states/LBN/"),
        ("delete", "/api/v1/states/LBN/"),
        ("post", "/api/v1/conventions/"),
        ("delete", "/api/v1/conventions/CCM/"),
        ("post", "/api/v1/treaty-events/"),
    ],
)
def test_writes_are_405_for_everyone(persona, method, url, personas, events):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)  # as a browser would: no token, yet 405 rather than 403
    if personas[persona] is not None:
        client.force_login(personas[persona])
    response = getattr(client, method)(url, data={}, content_type="application/json")
    assert response.status_code == 405


def test_convention_has_names_in_four_languages_and_counts(client, events):
    body = client.get("/api/v1/conventions/ccm/").json()
    assert body["code"] == "CCM"
    assert set(body["short_name"]) == {"en", "ar", "fr", "es"}
    assert body["short_name"]["ar"] == "اتفاقية الذخائر العنقودية"
    assert body["counts"]["state_party"] == 3 and body["counts"]["signatory"] == 1
    assert body["clearance"] == {"article": "4", "period_years": 10, "max_extension_years": 5}


def test_unknown_codes_are_404(client, events):
    assert client.get("/api/v1/conventions/NPT/").status_code == 404
    assert client.get("/api/v1/states/XXX/").status_code == 404


def test_state_list_gives_status_per_convention_paginated(client, events):
    body = client.get("/api/v1/states/").json()
    assert body["count"] == 4 and "next" in body and "results" in body
    lebanon = next(row for row in body["results"] if row["iso3"] == "LBN")
    assert lebanon["status"] == {"APMBC": "non_signatory", "CCM": "state_party"}
    assert lebanon["short_name"] == {"en": "Lebanon", "ar": "لبنان", "fr": "Liban", "es": "Líbano"}


def test_state_detail_has_dates_deadlines_and_former_names(client, events):
    body = client.get("/api/v1/states/lbn/").json()
    ccm = next(record for record in body["conventions"] if record["convention"] == "CCM")
    assert ccm["signature"] == "2008-12-03"
    assert ccm["consent"] == {"kind": "ratification", "date": "2010-11-05"}
    assert ccm["entry_into_force"] == "2011-05-01"
    assert [(d["kind"], d["article"], d["current"]) for d in ccm["deadlines"]] == [
        ("initial_report", "7", "2011-10-28"),
        ("clearance", "4", "2021-05-01"),
    ]
    tonga = client.get("/api/v1/states/TON/").json()
    assert tonga["former_names"][0]["short_name"]["en"] == "Friendly Islands"
    assert tonga["former_names"][0]["valid_to"] == "1970-06-03"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status_in=CCM:state_party", ["LBN", "NOR", "PSE"]),
        ("status_in=ccm:signatory", ["TON"]),
        ("status_in=APMBC:state_party", ["NOR"]),
        ("status_in=APMBC:non_signatory", ["LBN", "PSE", "TON"]),
        ("un_member=false", ["PSE"]),
        ("un_member=true&status_in=CCM:state_party", ["LBN", "NOR"]),
        ("iso3=nor", ["NOR"]),
        ("search=Liban", ["LBN"]),
        ("search=تونغا", ["TON"]),
    ],
)
def test_state_filters(client, events, query, expected):
    body = client.get(f"/api/v1/states/?{query}").json()
    assert [row["iso3"] for row in body["results"]] == expected


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/api/v1/states/?status_in=CCM:nonsense", "status_in"),
        ("/api/v1/states/?status_in=NPT:state_party", "status_in"),
        ("/api/v1/states/?status_in=state_party", "status_in"),
        ("/api/v1/states/?un_member=maybe", "un_member"),
        ("/api/v1/treaty-events/?kind=coronation", "kind"),
        ("/api/v1/treaty-events/?convention=NPT", "convention"),
    ],
)
def test_bad_parameters_are_400_naming_the_parameter(client, events, url, parameter):
    response = client.get(url)
    assert response.status_code == 400
    body = response.json()
    assert list(body) == [parameter] and body[parameter][0]


def test_status_in_message_says_what_is_expected(client, events):
    message = client.get("/api/v1/states/?status_in=CCM:nonsense").json()["status_in"][0]
    assert "status_in" in message and "state_party" in message


def test_treaty_event_filters(client, events):
    body = client.get("/api/v1/treaty-events/?convention=CCM&state=lbn&kind=ratification").json()
    assert [(e["state"], e["convention"], e["kind"], e["date"]) for e in body["results"]] == [
        ("LBN", "CCM", "ratification", "2010-11-05")
    ]
    assert client.get("/api/v1/treaty-events/?convention=APMBC").json()["count"] == 1


@pytest.mark.parametrize("count", [10, 200])
def test_list_endpoints_run_constant_queries(client, ccm, apmbc, count, django_assert_max_num_queries):
    for n, state in enumerate(many_states(count)):
        TreatyEventFactory(state=state, convention=ccm if n % 2 else apmbc)
    with django_assert_max_num_queries(4):  # conventions, count, page of States, their events
        assert client.get("/api/v1/states/").status_code == 200
    with django_assert_max_num_queries(5):  # + the convention's events for status_in
        assert client.get("/api/v1/states/?status_in=CCM:state_party").status_code == 200
    with django_assert_max_num_queries(2):  # count, page
        assert client.get("/api/v1/treaty-events/").status_code == 200
    with django_assert_max_num_queries(2):  # conventions, all events for the counts
        assert client.get("/api/v1/conventions/").status_code == 200


def test_state_detail_runs_constant_queries(client, events, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):  # conventions, State, events, former names, obligations
        assert client.get("/api/v1/states/LBN/").status_code == 200


def test_schema_and_docs_list_the_endpoints(client, events):
    schema = client.get("/api/v1/schema/?format=json").json()
    assert {
        "/api/v1/states/",
        "/api/v1/states/{iso3}/",
        "/api/v1/treaty-events/",
        "/api/v1/conventions/{code}/",
    } <= set(schema["paths"])
    parameters = {p["name"] for p in schema["paths"]["/api/v1/states/"]["get"]["parameters"]}
    assert {"iso3", "un_member", "status_in", "search", "page"} <= parameters
    html = client.get("/api/v1/docs/").content.decode()
    assert "/api/v1/states/{iso3}/" in html and "status_in" in html and "<script" not in html
