"""The final report's sentences agree with their counts: one State, two States, three and more.

English: "The following State Party" but "The following two States Parties". Arabic: the singular
("الدولة التالية الطرف"), the dual without a number word ("الدولتان التاليتان الطرفان"), and from three
on the plural with the number in words after it, as seeds/003 writes "الدول الست والأربعون التالية".
"""

import datetime
import shutil

import pytest
from django.utils import translation

from meetings import services
from meetings.documents import FinalReport
from meetings.models import Meeting
from secretariat.models import Organisation
from tests.factories import OrganisationFactory, StateFactory, TreatyEventFactory

# draft_meeting opens on 13 September 2011; the CCM entered into force on 1 August 2010.
PARTY = [("ratification", datetime.date(2010, 1, 15))]  # in force on the Convention's own date
NOT_IN_FORCE = [("ratification", datetime.date(2011, 6, 15))]  # in force on 1 December 2011
SIGNATORY = [("signature", datetime.date(2008, 12, 3))]

# Fictional States, named so that the English and the Arabic alphabetical orders agree.
STATES = {
    "party": [("Aldoria", "ألدوريا"), ("Borduria", "بوردوريا"), ("Tarbania", "تاربانيا")],
    "not_in_force": [("Dalmora", "دالمورا"), ("Karpania", "كاربانيا"), ("Latveria", "لاتفيريا")],
    "signatory": [("Elbonia", "إلبونيا"), ("Freedonia", "فريدونيا"), ("Markovia", "ماركوفيا")],
    "observer": [("Genovia", "جنوفيا"), ("Hyrcania", "هيركانيا"), ("Wakanda", "واكاندا")],
}
EVENTS = {"party": PARTY, "not_in_force": NOT_IN_FORCE, "signatory": SIGNATORY, "observer": []}


def _meeting_with(meeting: Meeting, actor, ccm, n: int) -> Meeting:
    """``n`` States in each of the four categories, ``n`` plenary meetings and ``n`` Vice-Presidents."""
    parties = []
    for category, names in STATES.items():
        for name_en, name_ar in names[:n]:
            state = StateFactory(short_name_en=name_en, short_name_ar=name_ar)
            for kind, date in EVENTS[category]:
                TreatyEventFactory(state=state, convention=ccm, kind=kind, date=date)
            services.participation_add(actor=actor, meeting=meeting, state=state)
            if category == "party":
                parties.append(state)
    for number in range(1, n + 1):
        services.session_add(
            actor=actor,
            meeting=meeting,
            number=number,
            kind="plenary",
            date=datetime.date(2011, 9, 12 + number),
        )
    for state in parties:
        services.mandate_add(actor=actor, convention=ccm, role="vice_president", state=state, meeting=meeting)
    return Meeting.objects.select_related("convention").get(pk=meeting.pk)


def paragraphs(meeting: Meeting, language: str) -> list[str]:
    """The paragraphs of chapters II and III (organization and work of the meeting), as printed."""
    with translation.override(language):
        chapters = FinalReport(meeting).context(language=language)["chapters"]
    return [str(paragraph["text"]) for chapter in chapters[1:3] for paragraph in chapter["paragraphs"]]


EXPECTED = {
    1: {
        "en": [
            "The following State Party to the Convention participated in the work of the Meeting: Aldoria.",
            "The following State that has ratified or acceded to the Convention, but for which the Convention "
            "has not yet entered into force, participated in the work of the Meeting: Dalmora.",
            "The following signatory State participated in the work of the Meeting as an observer: Elbonia.",
            "The following State also participated in the work of the Meeting as an observer: Genovia.",
            "The Meeting held one plenary meeting.",
            "At the same plenary meeting, the representative of Aldoria was elected by acclamation as "
            "Vice-President of the Meeting.",
        ],
        "ar": [
            "وشاركت في أعمال الاجتماع الدولة التالية الطرف في الاتفاقية: ألدوريا.",
            "وشاركت في أعمال الاجتماع الدولة التالية التي صدّقت على الاتفاقية أو انضمت إليها، ولكن لم يبدأ "
            "فيها سريان الاتفاقية بعد: دالمورا.",
            "وشاركت في أعمال الاجتماع، بصفة مراقب، الدولة التالية الموقّعة على الاتفاقية: إلبونيا.",
            "وشاركت أيضاً في أعمال الاجتماع، بصفة مراقب، الدولة التالية: جنوفيا.",
            "وعقد الاجتماع جلسة عامة واحدة.",
            "وفي الجلسة العامة نفسها، انتُخب ممثل ألدوريا نائباً لرئيس الاجتماع بالتزكية.",
        ],
    },
    2: {
        "en": [
            "The following two States Parties to the Convention participated in the work of the Meeting: "
            "Aldoria and Borduria.",
            "The following two States that have ratified or acceded to the Convention, but for which the "
            "Convention has not yet entered into force, participated in the work of the Meeting: Dalmora and "
            "Karpania.",
            "The following two signatory States participated in the work of the Meeting as observers: Elbonia "
            "and Freedonia.",
            "The following States also participated in the work of the Meeting as observers: Genovia and "
            "Hyrcania.",
            "The Meeting held two plenary meetings.",
            "At the same plenary meeting, the representatives of Aldoria and Borduria were elected by "
            "acclamation as Vice-Presidents of the Meeting.",
        ],
        "ar": [
            "وشاركت في أعمال الاجتماع الدولتان التاليتان الطرفان في الاتفاقية: ألدوريا وبوردوريا.",
            "وشاركت في أعمال الاجتماع الدولتان التاليتان اللتان صدّقتا على الاتفاقية أو انضمتا إليها، ولكن "
            "لم يبدأ فيهما سريان الاتفاقية بعد: دالمورا وكاربانيا.",
            "وشاركت في أعمال الاجتماع، بصفة مراقب، الدولتان التاليتان الموقّعتان على الاتفاقية: إلبونيا "
            "وفريدونيا.",
            "وشارك أيضاً في أعمال الاجتماع، بصفة مراقب، كل من جنوفيا وهيركانيا.",
            "وعقد الاجتماع جلستين عامتين.",
            "وفي الجلسة العامة نفسها، انتُخب ممثلا ألدوريا وبوردوريا نائبين لرئيس الاجتماع بالتزكية.",
        ],
    },
    3: {
        "en": [
            "The following three States Parties to the Convention participated in the work of the Meeting: "
            "Aldoria, Borduria and Tarbania.",
            "The following three States that have ratified or acceded to the Convention, but for which the "
            "Convention has not yet entered into force, participated in the work of the Meeting: Dalmora, "
            "Karpania and Latveria.",
            "The following three signatory States participated in the work of the Meeting as observers: "
            "Elbonia, Freedonia and Markovia.",
            "The following States also participated in the work of the Meeting as observers: Genovia, Hyrcania "
            "and Wakanda.",
            "The Meeting held three plenary meetings.",
            "At the same plenary meeting, the representatives of Aldoria, Borduria and Tarbania were elected "
            "by acclamation as Vice-Presidents of the Meeting.",
        ],
        "ar": [
            "وشاركت في أعمال الاجتماع الدول الثلاث التالية الأطراف في الاتفاقية: ألدوريا، وبوردوريا، وتاربانيا.",
            "وشاركت في أعمال الاجتماع الدول الثلاث التالية التي صدّقت على الاتفاقية أو انضمت إليها، ولكن لم "
            "يبدأ فيها سريان الاتفاقية بعد: دالمورا، وكاربانيا، ولاتفيريا.",
            "وشاركت في أعمال الاجتماع، بصفة مراقب، الدول الثلاث التالية الموقّعة على الاتفاقية: إلبونيا، "
            "وفريدونيا، وماركوفيا.",
            "وشارك أيضاً في أعمال الاجتماع، بصفة مراقب، كل من جنوفيا، وهيركانيا، وواكاندا.",
            "وعقد الاجتماع ثلاث جلسات عامة.",
            "وفي الجلسة العامة نفسها، انتُخب ممثلو ألدوريا، وبوردوريا، وتاربانيا نواباً لرئيس الاجتماع بالتزكية.",
        ],
    },
}


@pytest.mark.parametrize("n", [1, 2, 3])
@pytest.mark.parametrize("language", ["en", "ar"])
def test_participation_plenary_and_vice_president_sentences_agree_with_their_count(
    draft_meeting, ccm_staff, ccm, n, language
):
    meeting = _meeting_with(draft_meeting, ccm_staff, ccm, n)
    printed = paragraphs(meeting, language)
    for sentence in EXPECTED[n][language]:
        assert sentence in printed


def test_a_single_organisation_is_named_in_the_singular(draft_meeting, ccm_staff):
    undp = OrganisationFactory(
        name_en="United Nations Development Programme", name_ar="برنامج الأمم المتحدة الإنمائي",
        kind=Organisation.Kind.UN_BODY, rule=Organisation.Rule.RULE_1_2,
    )  # fmt: skip
    icrc = OrganisationFactory(
        name_en="International Committee of the Red Cross", name_ar="لجنة الصليب الأحمر الدولية",
        kind=Organisation.Kind.RED_CROSS, rule=Organisation.Rule.RULE_1_2,
    )  # fmt: skip
    for organisation in (undp, icrc):
        services.participation_add(actor=ccm_staff, meeting=draft_meeting, organisation=organisation)
    english = paragraphs(draft_meeting, "en")
    assert (
        "The following United Nations body also participated in the work of the Meeting as an observer, in "
        "accordance with rule 1(2) of the rules of procedure: United Nations Development Programme."
    ) in english
    assert (
        "In accordance with rule 1(2) of the rules of procedure, representatives of the following organization "
        "participated in the work of the Meeting as observers: International Committee of the Red Cross."
    ) in english
    arabic = paragraphs(draft_meeting, "ar")
    assert (
        "كما شارك في أعمال الاجتماع، بصفة مراقب، برنامج الأمم المتحدة الإنمائي، وذلك عملاً بالمادة 1 (2) من "
        "النظام الداخلي."
    ) in arabic
    assert (
        "وعملاً بالمادة 1 (2) من النظام الداخلي، شارك في أعمال الاجتماع، بصفة مراقب، ممثلون عن لجنة الصليب "
        "الأحمر الدولية."
    ) in arabic


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed")
def test_the_arabic_pdf_prints_the_dual(draft_meeting, ccm_staff, ccm, clean_pdf_cache):
    from tests.meetings.test_documents import flat, pdf_text

    meeting = _meeting_with(draft_meeting, ccm_staff, ccm, 2)
    text = pdf_text(FinalReport(meeting).render(language="ar").content)
    for phrase in [
        "الدولتان التاليتان الطرفان في الاتفاقية: ألدوريا وبوردوريا.",
        "الدولتان التاليتان الموقّعتان على الاتفاقية",
        "وعقد الاجتماع جلستين عامتين.",
    ]:
        assert flat(phrase) in text, phrase
    assert flat("الاثنتان") not in text


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "was to be held in Geneva during the week of"),
        ("ar", "في جنيف أثناء الأسبوع الممتد"),
    ],
)
def test_a_meeting_without_a_host_state_is_held_in_its_city_alone(draft_meeting, ccm_staff, language, expected):
    services.meeting_update(actor=ccm_staff, meeting=draft_meeting, host_state=None, city_en="Geneva", city_ar="جنيف")
    meeting = Meeting.objects.select_related("convention").get(pk=draft_meeting.pk)
    with translation.override(language):
        chapters = FinalReport(meeting).context(language=language)["chapters"]
    text = " ".join(str(p["text"]) for p in chapters[0]["paragraphs"])
    assert expected in text and ", ," not in text and "ب أثناء" not in text and "،  " not in text
