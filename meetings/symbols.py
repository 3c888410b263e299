"""UN document symbols of a meeting: parse, validate, relate (pure Python, no Django import).

A symbol is the meeting's prefix, a base component and any number of lineage components:

    CCM/MSP/2011/1            main series, number 1
    CCM/MSP/2011/WP.3         working paper 3
    CCM/MSP/2011/1/Rev.1      revision 1 of CCM/MSP/2011/1 (its parent)
    CCM/MSP/2011/1/Rev.1/Add.2  addendum 2 to the revision

The parent of a Rev./Add./Corr. is the symbol without its last component.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SERIES_MAIN = "main"
SERIES = ("WP", "CRP", "INF", "MISC")  # the order final reports list them in, after the main series
RELATIONS = ("Rev", "Add", "Corr")

_BASE_RE = re.compile(r"^(?:(?P<series>WP|CRP|INF|MISC)\.)?(?P<number>[1-9]\d{0,3})$")
_RELATION_RE = re.compile(r"^(?P<relation>Rev|Add|Corr)\.(?P<number>[1-9]\d{0,2})$")
_PREFIX_RE = re.compile(r"^[A-Z]+(?:/[A-Z]+(?:\.\d+)?)+/\d{4}$")


def gettext_noop(message: str) -> str:
    """Marks a message for makemessages (its keyword list has gettext_noop); the caller translates it."""
    return message


class SymbolError(ValueError):
    """The symbol does not follow the pattern; the message says what is wrong, for the user.

    ``str(error)`` is the English message; ``message`` and ``params`` let a caller with Django
    translate it: ``gettext(error.message) % error.params``.
    """

    def __init__(self, message: str, **params: str) -> None:
        self.message = message
        self.params = params
        super().__init__(message % params)


@dataclass(frozen=True)
class ParsedSymbol:
    symbol: str
    series: str  # "main", "wp", "crp", "inf", "misc"
    number: int  # the base document's number in its series
    relation: str  # "", "rev", "add", "corr": the last lineage component
    relation_number: int | None
    parent_symbol: str | None


def valid_prefix(prefix: str) -> bool:
    """A meeting's symbol prefix: "CCM/MSP/2011", "APLC/MSP.19/2021", "CCM/CONF/2021"."""
    return bool(_PREFIX_RE.match(prefix or ""))


def normalise(symbol: str) -> str:
    return "/".join(part.strip() for part in (symbol or "").strip().split("/"))


def parse_symbol(symbol: str, prefix: str) -> ParsedSymbol:
    symbol = normalise(symbol)
    if not symbol:
        raise SymbolError(gettext_noop("The symbol is empty."))
    if not symbol.startswith(prefix + "/"):
        raise SymbolError(
            gettext_noop("The symbol must start with the meeting's prefix “%(prefix)s/”."), prefix=prefix
        )
    parts = symbol[len(prefix) + 1 :].split("/")
    base = _BASE_RE.match(parts[0])
    if base is None:
        raise SymbolError(
            gettext_noop(
                "“%(part)s” is not a document number: expected a number (“1”) or WP., CRP., INF., MISC. and a number (“WP.3”)."
            ),
            part=parts[0],
        )
    relation, relation_number = "", None
    for part in parts[1:]:
        match = _RELATION_RE.match(part)
        if match is None:
            raise SymbolError(
                gettext_noop(
                    "“%(part)s” is not a revision, addendum or corrigendum: expected Rev.1, Add.1 or Corr.1."
                ),
                part=part,
            )
        relation, relation_number = match["relation"].lower(), int(match["number"])
    return ParsedSymbol(
        symbol=symbol,
        series=(base["series"] or SERIES_MAIN).lower(),
        number=int(base["number"]),
        relation=relation,
        relation_number=relation_number,
        parent_symbol=symbol.rsplit("/", 1)[0] if relation else None,
    )
