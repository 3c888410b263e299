"""UN house style for the documents the two ISUs publish (ar, en, fr, es).

Every generated document (final reports, budgets, lists of participants) must read like a
document edited by the UN conference services, and Django's own locale formats do not: its
Arabic format uses "." for thousands and puts RLM marks in dates (see PITFALLS.md). So the
rules live here, as pure functions without any Django import, so that templates, services,
importers and tests all share one implementation and can be tested without settings.

The Arabic rules were checked against the reference documents in ``/work/shared/seeds``
(text extracted from the published UN PDFs); where a rule was a choice, the docstring says why.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal, localcontext

__all__ = [
    "LANGUAGES",
    "add_months",
    "annex_section_label",
    "cardinal_words",
    "chapter_label",
    "format_date",
    "format_date_range",
    "format_number",
    "item_label",
    "join_names",
    "sort_key",
    "sorted_names",
    "symbol_sort_key",
    "to_arabic_indic",
]

LANGUAGES: tuple[str, ...] = ("ar", "en", "fr", "es")


def _check_language(language: str) -> str:
    # A typo in a language code must fail loudly: silently falling back to English would put
    # an English date into an Arabic document that nobody proofreads before publication.
    if language not in LANGUAGES:
        raise ValueError(f"Unsupported language {language!r}; expected one of {', '.join(LANGUAGES)}.")
    return language


# --------------------------------------------------------------------------------------------
# Alphabetical order of names
# --------------------------------------------------------------------------------------------

# The hija'i (alphabetical) order used by UN Arabic lists of States. It equals Unicode code point
# order for the basic letters except that ه must precede و and ي, and that the hamza carriers,
# alif maqsura and ta marbuta have no place of their own; hence an explicit rank table.
_AR_ALPHABET = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
_AR_RANK = {letter: rank for rank, letter in enumerate(_AR_ALPHABET)}

# Letters that file under another letter. أ إ آ ٱ are one letter with ا (DOMAIN.md). The other
# foldings are decisions, none of which changes the order of any list in the seeds:
# - ة files as ه: it is a ه written with the dots of ت and is pronounced h in pause; Arabic
#   dictionaries and the UN Arabic lists treat "مالطة" as ending in ه. No pair in the seeds
#   differs only at a ة, so the seeds neither confirm nor refute it (checked).
# - ء files with ا, ؤ with و, ئ and ى with ي (the carrier letter decides, as in dictionaries).
# - Persian keheh/yeh/heh variants, which slip in from pasted text, file as their Arabic letters.
_AR_FOLD = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ء": "ا",
        "ؤ": "و",
        "ئ": "ي",
        "ى": "ي",
        "ة": "ه",
        "ک": "ك",
        "ی": "ي",
        "ھ": "ه",
    }
)
_TATWEEL = "\u0640"
_ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
_EXTENDED_ARABIC_INDIC_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
_TO_ASCII_DIGITS = str.maketrans(_ARABIC_INDIC_DIGITS + _EXTENDED_ARABIC_INDIC_DIGITS, "0123456789" * 2)
# Arabic letters are mapped into the Private Use Area, in alphabetical rank, so that a word key
# is a plain str that compares correctly; digits and Latin letters (code points far below)
# therefore file before Arabic letters, as they do in UN Arabic indexes.
_AR_KEY_BASE = 0xE000

# Word characters: letters and digits. Hyphens, parentheses, commas and spaces all separate
# words, so "غينيا-بيساو" and "غينيا - بيساو" file alike, and "(جمهورية - الإسلامية)" is two words.
_WORD_RE = re.compile(r"[^\W_]+")

# Latin ligatures that NFKD leaves alone but that French files as two letters.
_LATIN_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss"})
# Spanish files ñ after every n+letter and before o; "{" is the character after "z".
_ENYE = "ñ"
_ENYE_KEY = "n{"


def _strip_marks(text: str) -> str:
    return "".join(ch for ch in text if not unicodedata.category(ch).startswith("M"))


def _arabic_word_key(word: str) -> str:
    # The article is stripped before folding, and only as the literal ا+ل: "ألمانيا" begins with
    # أ+ل, keeps it and files under ا, while "البرتغال" files under ب. A bare "ال" is kept
    # because stripping it would leave nothing to file by.
    if word.startswith("ال") and len(word) > 2:
        word = word[2:]
    word = word.translate(_AR_FOLD).translate(_TO_ASCII_DIGITS)
    return "".join(chr(_AR_KEY_BASE + _AR_RANK[ch]) if ch in _AR_RANK else ch.casefold() for ch in word)


def _arabic_words(name: str) -> tuple[str, ...]:
    # NFKC turns presentation forms from PDF extraction (e.g. "ﻫ") and no-break spaces into
    # ordinary letters and spaces; marks (harakat, shadda, superscript alif) and tatweel are
    # removed before splitting so that "الْبرتغال" and "البرتغال" file together.
    text = _strip_marks(unicodedata.normalize("NFKC", name)).replace(_TATWEEL, "")
    return tuple(_arabic_word_key(word) for word in _WORD_RE.findall(text))


def _latin_words(name: str, language: str) -> tuple[str, ...]:
    text = unicodedata.normalize("NFKD", name.casefold())
    if language == "es":
        # Keep ñ as a letter of its own before the accents are stripped.
        text = text.replace("n\u0303", _ENYE)
    text = _strip_marks(text).translate(_LATIN_LIGATURES)
    words = _WORD_RE.findall(text)
    if language == "es":
        words = [word.replace(_ENYE, _ENYE_KEY) for word in words]
    return tuple(words)


def sort_key(name: str, language: str) -> tuple[tuple[str, ...], str, str]:
    """Key that puts names in UN alphabetical order for ``language``.

    Names compare word by word (so "غينيا" < "غينيا الاستوائية" < "غينيا - بيساو", and
    "Niger" < "Nigeria"), ignoring case, accents, diacritics, tatweel and punctuation.

    Arabic: the literal article "ال" at the start of each word is ignored, أ إ آ ٱ file as ا
    (after the article is stripped), and letters follow the hija'i order, so البرتغال files under
    ب and الجمهورية التشيكية under ج. English and French: case- and accent-insensitive. Spanish:
    the same, with ñ as a separate letter after n (ch and ll are not letters since 1994).
    A leading "the" is not ignored: UN English lists use short names such as
    "Netherlands (Kingdom of the)", so it does not occur in first position.

    The key ends with the NFC form and the name itself, so it is a total order: names that
    differ only in what the collation ignores still sort the same way every time.
    """
    _check_language(language)
    words = _arabic_words(name) if language == "ar" else _latin_words(name, language)
    return (words, unicodedata.normalize("NFC", name), name)


def sorted_names(names: Iterable[str], language: str) -> list[str]:
    """Names in UN alphabetical order (see :func:`sort_key`); a new list, input untouched."""
    return sorted(names, key=lambda name: sort_key(name, language))


# --------------------------------------------------------------------------------------------
# Lists in running text
# --------------------------------------------------------------------------------------------

_SPANISH_VOWELS_AFTER_I = frozenset("aeou")


def _spanish_conjunction(next_name: str) -> str:
    """Spanish "and" before ``next_name``: "e" before the sound /i/ ("Francia e Italia").

    The RAE rule: "y" becomes "e" before a word beginning with i- or hi- pronounced as the vowel
    /i/, but not when that i starts a diphthong ("agua y hielo"), so i/hi followed by another
    vowel keeps "y". "Y-" (Yemen) keeps "y".
    """
    word = _strip_marks(unicodedata.normalize("NFKD", next_name)).casefold().lstrip("\"'“”«»([¿¡ ")
    if word.startswith("hi"):
        rest = word[2:]
    elif word.startswith("i"):
        rest = word[1:]
    else:
        return "y"
    return "y" if rest[:1] in _SPANISH_VOWELS_AFTER_I else "e"


def join_names(names: Iterable[str], language: str) -> str:
    """Join names as UN running text does, in the order given (sort first if needed).

    Arabic repeats "و" before every name after the first, attached to the name:
    "إسبانيا، وأستراليا، وإسواتيني"; two names take no comma: "الفلبين وإسبانيا".
    English has no serial comma ("Spain, Australia and Eswatini"); French "et"; Spanish "y",
    or "e" before a name beginning with the sound /i/ ("Francia e Italia").
    """
    _check_language(language)
    items = list(names)
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    if language == "ar":
        if len(items) == 2:
            return f"{items[0]} و{items[1]}"
        return items[0] + "".join(f"، و{name}" for name in items[1:])
    conjunction = {"en": "and", "fr": "et"}.get(language) or _spanish_conjunction(items[-1])
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


# --------------------------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------------------------

# UN Arabic gives each month as the Syriac (Levantine) name and the Latin-derived name, in that
# order; note يونيه and يوليه (UN spelling, not يونيو/يوليو).
_MONTHS: dict[str, tuple[str, ...]] = {
    "ar": (
        "كانون الثاني/يناير",
        "شباط/فبراير",
        "آذار/مارس",
        "نيسان/أبريل",
        "أيار/مايو",
        "حزيران/يونيه",
        "تموز/يوليه",
        "آب/أغسطس",
        "أيلول/سبتمبر",
        "تشرين الأول/أكتوبر",
        "تشرين الثاني/نوفمبر",
        "كانون الأول/ديسمبر",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    "fr": (
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ),
    "es": (
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ),
}


def _day(date: dt.date, language: str) -> str:
    # French writes the first of the month as an ordinal ("1er août"); nobody else does.
    return "1er" if language == "fr" and date.day == 1 else str(date.day)


def _day_month(date: dt.date, language: str) -> str:
    month = _MONTHS[language][date.month - 1]
    if language == "es":
        return f"{date.day} de {month}"
    return f"{_day(date, language)} {month}"


def _with_year(day_month: str, date: dt.date, language: str) -> str:
    return f"{day_month} de {date.year}" if language == "es" else f"{day_month} {date.year}"


def format_date(date: dt.date, language: str) -> str:
    """A date in UN style, day first, no leading zeros.

    "30 آب/أغسطس 2022", "30 August 2022", "1er août 2022", "30 de agosto de 2022". Western
    digits: documents that want Arabic-Indic digits pass the result to :func:`to_arabic_indic`.
    """
    _check_language(language)
    return _with_year(_day_month(date, language), date, language)


def format_date_range(start: dt.date, end: dt.date, language: str, compact: bool = False) -> str:
    """A period, saying the month and year once when the two ends share them.

    Running text: "من 11 إلى 14 أيلول/سبتمبر 2023", "من 30 آب/أغسطس إلى 2 أيلول/سبتمبر 2022";
    "11–14 September 2023" (en dash, no spaces); "du 11 au 14 septembre 2023";
    "del 11 al 14 de septiembre de 2023".

    ``compact=True`` is the title-page form under the place of the meeting:
    "15-19 تشرين الثاني/نوفمبر 2021" (hyphen-minus, as in the seeds), "15–19 November 2021"
    (English has one form), "15-19 novembre 2021", and for Spanish "15 a 19 de noviembre de
    2021": UN Spanish title pages write the range with "a" rather than a dash, because
    "15-19 de noviembre" would read as a subtraction next to the "de".

    A one-day period is a plain date. ``end`` before ``start`` is a data error: ValueError.
    """
    _check_language(language)
    if end < start:
        raise ValueError(f"A period cannot end ({end}) before it starts ({start}).")
    if end == start:
        return format_date(start, language)
    last = format_date(end, language)
    if (start.year, start.month) == (end.year, end.month):
        first = _day(start, language)
    elif start.year == end.year:
        first = _day_month(start, language)
    else:
        first = format_date(start, language)
    if language == "en":
        return f"{first}–{last}"
    if compact:
        return f"{first} a {last}" if language == "es" else f"{first}-{last}"
    if language == "ar":
        return f"من {first} إلى {last}"
    if language == "fr":
        return f"du {first} au {last}"
    return f"del {first} al {last}"


def add_months(date: dt.date, months: int) -> dt.date:
    """``date`` moved by a number of calendar months (negative allowed).

    Deadlines and extensions are expressed in months ("six months after notification"), and a
    day the target month lacks becomes its last day: 31 January + 1 month is 28 February (29 in a
    leap year), never 3 March. Hence add_months(add_months(d, m), -m) may be earlier than d.
    The result has the type of ``date`` (a datetime keeps its time).
    """
    index = date.year * 12 + (date.month - 1) + months
    year, month_index = divmod(index, 12)
    month = month_index + 1
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        raise OverflowError(f"{date} + {months} months is outside the supported calendar.")
    day = min(date.day, calendar.monthrange(year, month)[1])
    return date.replace(year=year, month=month, day=day)


# --------------------------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------------------------

# (thousands separator, decimal separator)
# - ar: a plain U+0020 space, the byte the UN PDFs carry ("714 010" in seeds/000), and a decimal
#   comma ("3,6"); a renderer that must not break a figure across lines wraps it in a nowrap span.
# - fr: U+202F NARROW NO-BREAK SPACE, the French typographic thin space (and CLDR's choice): it
#   never breaks a figure across lines; Noto Sans and Amiri both carry the glyph.
# - es: UN Spanish documents write "3.208.142.800 dólares" and "0,001 %": a point for
#   thousands and a decimal comma (the RAE's space is not UN Spanish practice).
# Every language groups from 1,000 upwards (UN English "1,500"), so that figures in a column
# line up; years and symbols are not numbers and must not go through this function.
_NUMBER_SEPARATORS: dict[str, tuple[str, str]] = {
    "ar": (" ", ","),
    "en": (",", "."),
    "fr": ("\u202f", ","),
    "es": (".", ","),
}


def _group_thousands(digits: str, separator: str) -> str:
    head = len(digits) % 3 or 3
    groups = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return separator.join(groups)


def format_number(value: int | Decimal | float, language: str, places: int | None = None) -> str:
    """A number in UN style: "714 010" and "3,6" (ar), "714,010" and "3.6" (en).

    Without ``places`` the value is shown as given: an int as is, a Decimal with its own
    exponent (Decimal("3.60") -> "3,60", since the trailing zero is a statement of precision),
    a float as its shortest round-trip repr (3.6 -> "3.6", not "3.600000000000000088...").
    With ``places`` it is rounded half up, the way amounts are rounded in budget tables; a float
    is rounded from its repr, so 2.675 with places=2 gives "2.68" as a reader expects.
    Negative numbers take a leading hyphen-minus; a value that rounds to zero loses its sign.
    """
    _check_language(language)
    if isinstance(value, bool) or not isinstance(value, int | Decimal | float):
        raise TypeError(f"format_number() takes an int, Decimal or float, not {type(value).__name__}.")
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite():
        raise ValueError(f"{value!r} is not a finite number.")
    if places is not None:
        if places < 0:
            raise ValueError("places must be zero or positive.")
        with localcontext() as context:
            # quantize() fails if the result has more digits than the context allows.
            context.prec = max(28, number.adjusted() + places + 2)
            number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    thousands, decimal_mark = _NUMBER_SEPARATORS[language]
    sign = "-" if number < 0 else ""
    integer, _, fraction = format(abs(number), "f").partition(".")
    text = sign + _group_thousands(integer, thousands)
    return f"{text}{decimal_mark}{fraction}" if fraction else text


_TO_ARABIC_INDIC = str.maketrans("0123456789", _ARABIC_INDIC_DIGITS)


def to_arabic_indic(text: str) -> str:
    """Western digits 0-9 replaced by Arabic-Indic ٠-٩ (U+0660-U+0669), all else unchanged.

    Some Arabic documents ask for these digits (seeds/004: "جنيف، ٤-٦ أيلول/سبتمبر ٢٠١٧",
    "٢,٥"); the separators stay as they are, as in those documents. Apply it to formatted
    text only, never to symbols or URLs, which stay Latin.
    """
    return text.translate(_TO_ARABIC_INDIC)


# --------------------------------------------------------------------------------------------
# Headings and enumerations
# --------------------------------------------------------------------------------------------

# Chapter headings in UN Arabic are ordinal adverbs with tanween written alif + fathatan
# ("أولاً - مقدمة" in the seeds), then the compound ordinals "حادي عشر", ...
_AR_CHAPTERS_1_TO_10 = (
    "أولاً",
    "ثانياً",
    "ثالثاً",
    "رابعاً",
    "خامساً",
    "سادساً",
    "سابعاً",
    "ثامناً",
    "تاسعاً",
    "عاشراً",
)
_AR_ORDINAL_UNITS = ("", "حادي", "ثاني", "ثالث", "رابع", "خامس", "سادس", "سابع", "ثامن", "تاسع")
_AR_TENS = ("", "", "عشرون", "ثلاثون", "أربعون", "خمسون", "ستون", "سبعون", "ثمانون", "تسعون")


def _arabic_chapter(n: int) -> str:
    if 1 <= n <= 10:
        return _AR_CHAPTERS_1_TO_10[n - 1]
    tens, units = divmod(n, 10)
    if tens == 1:
        return f"{_AR_ORDINAL_UNITS[units]} عشر"
    if 2 <= tens <= 9:
        # Like "حادي عشر", the forms from 20 up are written without the article and in the
        # nominative: "عشرون", "حادي وعشرون".
        return _AR_TENS[tens] if units == 0 else f"{_AR_ORDINAL_UNITS[units]} و{_AR_TENS[tens]}"
    raise ValueError(f"No Arabic chapter label for {n}: supported from 1 to 99.")


_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def _roman(n: int) -> str:
    parts = []
    for value, numeral in _ROMAN:
        count, n = divmod(n, value)
        parts.append(numeral * count)
    return "".join(parts)


def _check_positive(n: int) -> None:
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"Labels are numbered from 1, got {n!r}.")


def chapter_label(n: int, language: str) -> str:
    """Chapter number as the heading prints it (without the following " - " or ".").

    Arabic: ordinal words "أولاً" ... "عاشراً", "حادي عشر" ... up to 99. Others: Roman "I", "II".
    """
    _check_language(language)
    _check_positive(n)
    return _arabic_chapter(n) if language == "ar" else _roman(n)


# Sub-items are lettered in abjad (أبجد هوز) order, not the alphabetical order used to sort names.
# The fifth letter is "هـ" with a tatweel, so that the isolated ه is not read as the digit 5 (٥).
_AR_ABJAD = ("أ", "ب", "ج", "د", "هـ", "و", "ز", "ح", "ط", "ي", "ك", "ل", "م", "ن")
_AR_ABJAD += ("س", "ع", "ف", "ص", "ق", "ر", "ش", "ت", "ث", "خ", "ذ", "ض", "ظ", "غ")
_AR_ANNEX_SECTIONS = ("ألف", "باء", "جيم", "دال", "هاء", "واو", "زاي", "حاء", "طاء", "ياء", "كاف", "لام")
_AR_ANNEX_SECTIONS += ("ميم", "نون", "سين", "عين", "فاء", "صاد", "قاف", "راء", "شين", "تاء", "ثاء", "خاء")
_AR_ANNEX_SECTIONS += ("ذال", "ضاد", "ظاء", "غين")
_LATIN_ALPHABET = "abcdefghijklmnopqrstuvwxyz"


def _latin_letters(n: int) -> str:
    # UN style after z doubles the letter, (aa), (bb), ..., rather than counting (aa), (ab).
    repeat, index = divmod(n - 1, 26)
    return _LATIN_ALPHABET[index] * (repeat + 1)


def item_label(n: int, language: str, level: int = 1) -> str:
    """Label of a lettered sub-item (level 1) or of a sub-sub-item (level 2).

    Arabic: (أ) (ب) (ج) (د) (هـ) ... in abjad order, then ’1‘ ’2‘ (U+2019, digits, U+2018, as
    printed in the seeds). English: (a) (b) ... (z) (aa) (bb), then (i) (ii).
    French and Spanish UN documents close the parenthesis only: "a)", "b)", then "i)", "ii)"
    (their own convention, as DOMAIN.md asks, rather than the English one).
    """
    _check_language(language)
    _check_positive(n)
    if level == 1:
        if language == "ar":
            if n > len(_AR_ABJAD):
                raise ValueError(f"Arabic sub-items run from (أ) to (غ): at most {len(_AR_ABJAD)}.")
            return f"({_AR_ABJAD[n - 1]})"
        label = _latin_letters(n)
    elif level == 2:
        if language == "ar":
            return f"’{n}‘"
        label = _roman(n).lower()
    else:
        raise ValueError(f"UN documents number sub-items on two levels, not {level}.")
    return f"({label})" if language == "en" else f"{label})"


def annex_section_label(n: int, language: str) -> str:
    """Section letter inside an annex: Arabic letter names "ألف"، "باء"، "جيم" ...; "A", "B" ...

    After Z the Latin letters double ("AA", "BB"), as sub-items do; Arabic has 28 names.
    """
    _check_language(language)
    _check_positive(n)
    if language == "ar":
        if n > len(_AR_ANNEX_SECTIONS):
            raise ValueError(f"Arabic annex sections run from ألف to غين: at most {len(_AR_ANNEX_SECTIONS)}.")
        return _AR_ANNEX_SECTIONS[n - 1]
    return _latin_letters(n).upper()


# --------------------------------------------------------------------------------------------
# Document symbols
# --------------------------------------------------------------------------------------------

# Rank of a symbol component. The main series (plain numbers: ".../2022/1") comes first, then
# working papers, conference room papers, information and miscellaneous documents, the order
# in which lists of documents in UN final reports present them. Every other component (series
# names, "Add.", "Corr.", "Rev.", "L.") files alphabetically after them; in suffix position this
# puts a document's addenda, then corrigenda, then revisions after the document itself:
# "/1" < "/1/Add.1" < "/1/Corr.1" < "/1/Rev.1" < "/1/Rev.1/Add.1" < "/1/Rev.2" < "/2".
# Alphabetical is the order UN document lists print them in, and it needs no table to maintain.
_SYMBOL_SERIES_RANK = {"wp": 1, "crp": 2, "inf": 3, "misc": 4}
_SYMBOL_OTHER_RANK = 5
_SYMBOL_TOKEN_RE = re.compile(r"\d+|[^\W\d_]+")

_SymbolToken = tuple[int, int, str]
_SymbolComponent = tuple[int, tuple[_SymbolToken, ...]]


def _symbol_component_key(component: str) -> _SymbolComponent:
    # Numbers and words become uniform (kind, number, text) triples so that every key compares
    # with every other one: a number never meets a str in a comparison.
    tokens: tuple[_SymbolToken, ...] = tuple(
        (0, int(token), "") if token.isdigit() else (1, 0, token.casefold())
        for token in _SYMBOL_TOKEN_RE.findall(component)
    )
    if not tokens:
        return (_SYMBOL_OTHER_RANK, ())
    kind, _, text = tokens[0]
    if kind == 0:
        rank = 0
    else:
        rank = _SYMBOL_SERIES_RANK.get(text, _SYMBOL_OTHER_RANK)
    return (rank, tokens)


def symbol_sort_key(symbol: str) -> tuple[tuple[_SymbolComponent, ...], str]:
    """Natural order of UN document symbols such as "CCM/MSP/2022/1/Rev.1".

    Components compare one by one; numbers as numbers ("/2" before "/10", "MSP.9" before
    "MSP.21"), words case-insensitively; a document before its addenda, corrigenda and
    revisions; the main series before WP., CRP., INF. and MISC. (see _SYMBOL_SERIES_RANK).
    Different prefixes and years sort by their parts. The symbol itself ends the key, so the
    order is total even for symbols that differ only in case or spacing.
    """
    components = tuple(_symbol_component_key(part) for part in symbol.strip().split("/"))
    return (components, symbol)


# --------------------------------------------------------------------------------------------
# Numbers in words
# --------------------------------------------------------------------------------------------

# Arabic numbers 3-10 take the opposite gender of the counted noun: "ست دول" (دولة is
# feminine), "ستة أيام" (يوم is masculine). ``feminine`` is the gender of the noun.
_AR_UNITS_FOR_MASCULINE = (
    "",
    "واحد",
    "اثنان",
    "ثلاثة",
    "أربعة",
    "خمسة",
    "ستة",
    "سبعة",
    "ثمانية",
    "تسعة",
    "عشرة",
)
_AR_UNITS_FOR_FEMININE = ("", "واحدة", "اثنتان", "ثلاث", "أربع", "خمس", "ست", "سبع", "ثماني", "تسع", "عشر")
_AR_HUNDREDS = (
    "",
    "مائة",
    "مائتان",
    "ثلاثمائة",
    "أربعمائة",
    "خمسمائة",
    "ستمائة",
    "سبعمائة",
    "ثمانمائة",
    "تسعمائة",
)


def _arabic_below_100(n: int, feminine: bool) -> list[tuple[str, bool]]:
    """Words of 1..99 as (word, takes_the_article) pairs, without conjunctions.

    In 11-19 only the first word takes the article ("الخمس عشرة", "التسع عشرة", "الإحدى عشرة"
    in seeds/003); in 21-99 both do ("الست والأربعون").
    """
    units_table = _AR_UNITS_FOR_FEMININE if feminine else _AR_UNITS_FOR_MASCULINE
    if n <= 10:
        return [(units_table[n], True)]
    tens, units = divmod(n, 10)
    if tens == 1:
        if units == 1:
            first = "إحدى" if feminine else "أحد"
        elif units == 2:
            first = "اثنتا" if feminine else "اثنا"
        else:
            first = units_table[units]
        return [(first, True), ("عشرة" if feminine else "عشر", False)]
    if units == 0:
        return [(_AR_TENS[tens], True)]
    unit_word = ("إحدى" if feminine else "واحد") if units == 1 else units_table[units]
    return [(unit_word, True), (_AR_TENS[tens], True)]


def _arabic_cardinal(n: int, feminine: bool, definite: bool) -> str:
    if n == 0:
        return "الصفر" if definite else "صفر"
    hundreds, rest = divmod(n, 100)
    # (joined by "و" to the previous word, word, takes the article)
    parts: list[tuple[bool, str, bool]] = []
    if hundreds:
        parts.append((False, _AR_HUNDREDS[hundreds], True))
    if rest:
        below = _arabic_below_100(rest, feminine)
        # Units and tens are joined by "و" ("ست وأربعون"), as is what follows the hundreds
        # ("مائة وست وأربعون"); the two words of 11-19 are not ("خمس عشرة").
        conjunctions = [bool(parts)] + [rest > 19] * (len(below) - 1)
        parts.extend(
            (joined, word, article) for joined, (word, article) in zip(conjunctions, below, strict=True)
        )
    words = []
    for joined, word, takes_article in parts:
        if definite and takes_article:
            word = "ال" + word
        words.append("و" + word if joined else word)
    return " ".join(words)


_EN_SMALL = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen"
).split()
_EN_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")


def _english_cardinal(n: int) -> str:
    hundreds, rest = divmod(n, 100)
    if rest < 20:
        tail = _EN_SMALL[rest]
    else:
        tens, units = divmod(rest, 10)
        tail = _EN_TENS[tens] + (f"-{_EN_SMALL[units]}" if units else "")
    if not hundreds:
        return tail
    # UN English follows British usage: "one hundred and forty-six".
    head = f"{_EN_SMALL[hundreds]} hundred"
    return f"{head} and {tail}" if rest else head


_FR_SMALL = (
    "zéro un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize "
    "dix-sept dix-huit dix-neuf"
).split()
_FR_TENS = ("", "dix", "vingt", "trente", "quarante", "cinquante", "soixante")


def _french_below_100(n: int, feminine: bool) -> str:
    def small(k: int) -> str:
        return "une" if k == 1 and feminine else _FR_SMALL[k]

    if n < 20:
        return small(n)
    tens, units = divmod(n, 10)
    if tens in (7, 9):
        # soixante-dix, soixante et onze ...; quatre-vingt-dix, quatre-vingt-onze (no "et")
        base, rest = ("soixante", 10 + units) if tens == 7 else ("quatre-vingt", 10 + units)
        joiner = " et " if tens == 7 and units == 1 else "-"
        return f"{base}{joiner}{small(rest)}"
    if tens == 8:
        if units == 0:
            # Only ever final here (no "mille" above 999), so it keeps its plural s.
            return "quatre-vingts"
        return f"quatre-vingt-{small(units)}"
    if units == 0:
        return _FR_TENS[tens]
    joiner = " et " if units == 1 else "-"
    return f"{_FR_TENS[tens]}{joiner}{small(units)}"


def _french_cardinal(n: int, feminine: bool) -> str:
    # Traditional spelling (without the 1990 hyphens), as UN French documents use.
    hundreds, rest = divmod(n, 100)
    if not hundreds:
        return _french_below_100(rest, feminine)
    head = "cent" if hundreds == 1 else f"{_FR_SMALL[hundreds]} cent"
    if not rest:
        return head if hundreds == 1 else head + "s"
    return f"{head} {_french_below_100(rest, feminine)}"


_ES_SMALL = (
    "cero uno dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce quince dieciséis "
    "diecisiete dieciocho diecinueve veinte veintiuno veintidós veintitrés veinticuatro veinticinco "
    "veintiséis veintisiete veintiocho veintinueve"
).split()
_ES_TENS = ("", "", "", "treinta", "cuarenta", "cincuenta", "sesenta", "setenta", "ochenta", "noventa")
_ES_HUNDREDS = (
    "",
    "ciento",
    "doscientos",
    "trescientos",
    "cuatrocientos",
    "quinientos",
    "seiscientos",
    "setecientos",
    "ochocientos",
    "novecientos",
)


def _spanish_cardinal(n: int, feminine: bool) -> str:
    # The attributive form, since the words stand before a noun: "veintiún Estados",
    # "veintiuna delegaciones", "doscientas personas".
    hundreds, rest = divmod(n, 100)
    if rest < 30:
        tail = _ES_SMALL[rest] if rest else ""
    else:
        tens, units = divmod(rest, 10)
        tail = _ES_TENS[tens] + (f" y {_ES_SMALL[units]}" if units else "")
    if tail.endswith("uno"):
        tail = tail[:-3] + ("una" if feminine else ("ún" if tail == "veintiuno" else "un"))
    if not hundreds:
        return tail or _ES_SMALL[0]
    head = "cien" if hundreds == 1 and not rest else _ES_HUNDREDS[hundreds]
    if feminine and hundreds > 1:
        head = head[:-2] + "as"
    return f"{head} {tail}" if tail else head


def cardinal_words(
    n: int,
    language: str,
    *,
    feminine: bool = False,
    definite: bool = False,
    words: bool | None = None,
) -> str:
    """A count as UN documents write it before a counted noun, for 0..999.

    Arabic always spells the count out, agreeing with the noun: ``feminine`` is the gender of
    the counted noun (دولة, hence دول, is feminine, so 3-10 take the short form) and
    ``definite`` adds the article as in "الدول الست والأربعون", "الدول الثماني والثلاثون",
    "الدول الست التالية", "الدول الأطراف الخمس عشرة" (seeds/003). Only the nominative is
    produced: the oblique forms ("الدول غير الموقعة الأربعين", "بالدول الثلاث والستين") change
    the tens to -ين and are left to the sentence that needs them.

    English, French and Spanish follow the UN editorial rule: one to nine in words, 10 and
    above in figures ("the following six States", "the following 46 States Parties").
    ``words=True`` forces words (English "one hundred and forty-six"; French "une", Spanish
    "una"/"doscientas" when ``feminine``), ``words=False`` forces figures in every language.
    ``definite`` has no effect outside Arabic.
    """
    _check_language(language)
    if isinstance(n, bool) or not isinstance(n, int) or not 0 <= n <= 999:
        raise ValueError(f"cardinal_words() covers 0 to 999, got {n!r}.")
    if words is None:
        words = language == "ar" or n < 10
    if not words:
        return str(n)
    if language == "ar":
        return _arabic_cardinal(n, feminine, definite)
    if language == "fr":
        return _french_cardinal(n, feminine)
    if language == "es":
        return _spanish_cardinal(n, feminine)
    return _english_cardinal(n)
