"""The public pages, by persona: what each person sees, in English and in Arabic."""

import datetime

import pytest
from django.urls import reverse

from secretariat.documents import StatusOfConvention
from secretariat.models import Convention, Obligation, StateName
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
    eswatini = StateFactory(iso3="SWZ", iso2="SZ", short_name_en="Eswatini", short_name_ar="إسواتيني")
    StateName.objects.create(
        state=eswatini, valid_to=D(2018, 4, 18), short_name_en="Swaziland", short_name_ar="سوازيلند"
    )
    TreatyEventFactory(state=eswatini, convention=ccm, kind="accession", date=D(2011, 9, 13))
    StateFactory(iso3="ESP", iso2="ES", short_name_en="Spain", short_name_ar="إسبانيا")
    StateFactory(iso3="PRT", iso2="PT", short_name_en="Portugal", short_name_ar="البرتغال")


PAGES = [
    ("home", {}),
    ("state_list", {}),
    ("state_detail", {"iso3": "LBN"}),
    ("convention_detail", {"code": "CCM"}),
    ("api:docs", {}),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_every_persona_reads_every_page(persona, name, kwargs, personas, client_for, events):
    user = personas[persona]
    response = client_for(user).get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200
    html = response.content.decode()
    admin_link = f'href="{reverse("admin:index")}"'
    if user is not None and user.is_staff:
        assert admin_link in html
        assert reverse("logout") in html
    else:
        assert admin_link not in html
    if user is None:
        assert reverse("two_factor:login") in html and reverse("logout") not in html


def test_pages_have_one_stylesheet_and_no_inline_script_or_style(client, events):
    html = client.get(reverse("state_detail", kwargs={"iso3": "LBN"})).content.decode()
    assert html.count('rel="stylesheet"') == 1
    assert "<script" not in html and "style=" not in html and "<style" not in html
    assert 'href="#main"' in html and '<main id="main"' in html


def test_home_shows_counts_of_states_parties_and_signatories(client, events):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "States Parties" in html and "Signatories" in html
    assert "<div><dt>States Parties</dt><dd>3</dd></div>" in html  # CCM: Lebanon, Norway, Eswatini
    assert "<div><dt>States Parties</dt><dd>1</dd></div>" in html  # APMBC: Norway


def test_arabic_request_is_rtl_with_arabic_names_in_arabic_order(client, events):
    response = client.get(reverse("state_list"), HTTP_ACCEPT_LANGUAGE="ar")
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    names = ["إسبانيا", "إسواتيني", "البرتغال", "لبنان", "النرويج"]
    positions = [html.index(f">{name}</a>") for name in names]
    assert positions == sorted(positions)


def test_language_cookie_switches_to_arabic(client, events):
    client.cookies["django_language"] = "ar"
    html = client.get("/").content.decode()
    assert 'dir="rtl"' in html and 'lang="ar"' in html


def test_english_is_ltr_in_english_order(client, events):
    html = client.get(reverse("state_list"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en" dir="ltr">' in html
    names = ["Eswatini", "Lebanon", "Norway", "Portugal", "Spain"]
    positions = [html.index(f">{name}</a>") for name in names]
    assert positions == sorted(positions)


def test_language_switcher_is_a_post_form_to_set_language(client, events):
    html = client.get("/").content.decode()
    assert f'action="{reverse("set_language")}" method="post"' in html
    assert 'name="language" value="ar"' in html and 'name="language" value="en"' in html
    response = client.post(reverse("set_language"), {"language": "ar", "next": "/states/"})
    assert response.status_code == 302 and response["Location"] == "/states/"
    assert 'dir="rtl"' in client.get("/states/").content.decode()


def test_state_list_filters_by_convention_and_status(client, events):
    html = client.get(
        reverse("state_list"), {"convention": "APMBC", "status": "state_party"}
    ).content.decode()
    assert ">Norway</a>" in html and ">Lebanon</a>" not in html
    html = client.get(
        reverse("state_list"), {"convention": "CCM", "status": "non_signatory"}
    ).content.decode()
    assert ">Spain</a>" in html and ">Portugal</a>" in html and ">Norway</a>" not in html


def test_state_list_search(client, events):
    html = client.get(reverse("state_list"), {"q": "leb"}).content.decode()
    assert ">Lebanon</a>" in html and ">Norway</a>" not in html
    assert "1 State" in html


@pytest.mark.parametrize(
    ("params", "parameter"),
    [({"status": "nonsense"}, "status"), ({"convention": "NPT"}, "convention"), ({"q": "x" * 101}, "q")],
)
def test_state_list_bad_parameter_is_400_naming_it(client, events, params, parameter):
    response = client.get(reverse("state_list"), params)
    assert response.status_code == 400
    assert f"<code>{parameter}</code>" in response.content.decode()


@pytest.mark.parametrize("count", [10, 200])
def test_state_list_runs_constant_queries(client, ccm, apmbc, count, django_assert_max_num_queries):
    for n, state in enumerate(many_states(count)):
        TreatyEventFactory(state=state, convention=ccm if n % 2 else apmbc)
    with django_assert_max_num_queries(3):
        response = client.get(reverse("state_list"), HTTP_ACCEPT_LANGUAGE="ar")
    assert response.content.decode().count('<th scope="row">') == count


def test_state_page_shows_dates_deadlines_and_former_names_in_house_style(client, events):
    html = client.get(
        reverse("state_detail", kwargs={"iso3": "lbn"}), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "<h1>Lebanon</h1>" in html
    assert "3 December 2008" in html  # signature
    assert "5 November 2010" in html  # deposit
    assert "1 May 2011" in html  # entry into force: first day of the sixth month after deposit
    assert "Clearance of contaminated areas (Article 4)" in html and "1 May 2021" in html
    assert "Destruction of stockpiles" not in html  # no Obligation record says Lebanon holds stockpiles
    assert "28 October 2011" in html  # initial report: 180 days after entry into force

    html = client.get(
        reverse("state_detail", kwargs={"iso3": "SWZ"}), HTTP_ACCEPT_LANGUAGE="ar"
    ).content.decode()
    assert "<h1>إسواتيني</h1>" in html
    assert "سوازيلند" in html and "18 نيسان/أبريل 2018" in html


def test_state_page_runs_constant_queries(client, events, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        assert client.get(reverse("state_detail", kwargs={"iso3": "LBN"})).status_code == 200


@pytest.mark.parametrize(
    "url",
    ["/states/XXX/", "/conventions/NPT/", "/conventions/CCM/status.fr.pdf", "/conventions/NPT/status.en.pdf"],
)
def test_unknown_codes_are_404(client, events, url):
    assert client.get(url).status_code == 404


def test_pages_refuse_post(client, events):
    assert client.post(reverse("state_list")).status_code == 405


def test_convention_page_embeds_the_status_document_and_links_both_pdfs(client, events):
    html = client.get("/conventions/ccm/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert 'dir="rtl"' in html
    assert "لبنان" in html and "إسواتيني" in html  # the document's own list of States Parties
    assert reverse("convention_status_pdf", kwargs={"code": "CCM", "language": "ar"}) in html
    assert reverse("convention_status_pdf", kwargs={"code": "CCM", "language": "en"}) in html


@pytest.mark.parametrize("language", ["ar", "en"])
def test_status_pdf_download_has_disposition_etag_and_cache_control(client, events, language):
    # The first anonymous request finds nothing built: it is queued (the test backend builds at once).
    assert client.get(f"/conventions/CCM/status.{language}.pdf").status_code == 202
    response = client.get(f"/conventions/CCM/status.{language}.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert f"-{language}.pdf" in response["Content-Disposition"]
    convention = Convention.objects.get(code="CCM")
    assert response["ETag"] == f'"{StatusOfConvention(convention).cache_key(language)}"'
    assert "max-age=" in response["Cache-Control"] and "public" in response["Cache-Control"]
    again = client.get(f"/conventions/CCM/status.{language}.pdf", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304 and again.content == b""


def test_logout_is_a_post(client_for, ccm_staff):
    client = client_for(ccm_staff)
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session
