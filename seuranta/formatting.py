"""Numbers, money, dates and periods the Finland way, in Finnish and Swedish.

Babel gets several Finnish conventions wrong (see shared domain notes §6):
an ASCII hyphen for minus, ISO short dates for sv_FI, grouped years. These
helpers fix that; nothing else in the code formats a number for a reader.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Callable
from functools import cache, lru_cache
from typing import ParamSpec, TypeVar, cast

from babel import Locale
from babel.dates import format_date, format_interval
from babel.numbers import format_decimal

_P = ParamSpec("_P")
_R = TypeVar("_R")


def _memo(f: Callable[_P, _R]) -> Callable[_P, _R]:
    """Babel is slow per call and pages repeat the same numbers and dates many times:
    the pure formatting functions below are memoised. (The cast keeps their
    signatures for the type checker: lru_cache's wrapper accepts any arguments.)"""
    return cast(Callable[_P, _R], lru_cache(maxsize=1 << 16)(f))

MINUS = "\u2212"
NBSP = "\u00a0"
NDASH = "\u2013"
LOCALES = {"fi": "fi_FI", "sv": "sv_FI"}
MILLION_WORD = {"fi": "milj.", "sv": "milj."}


@cache
def _locale(lang: str) -> Locale:
    """Babel's locale, parsed once (Babel parses a name given as text at every call)."""
    return Locale.parse(LOCALES[lang])


@_memo
def number(x: float, lang: str, digits: int | None = None) -> str:
    """`1 133`, `97,7`, `−12,5`: non-breaking space groups, decimal comma, real minus.

    digits=None keeps up to three decimals as given (and none for whole numbers).
    """
    if digits is None:
        pattern = "#,##0.###"
    else:
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
    # Babel rounds in the current decimal context (28 digits), which fails from 1e26 up;
    # the contract sets no upper bound, and a float has at most 309 whole digits.
    with decimal.localcontext(prec=400):
        text = format_decimal(x, format=pattern, locale=_locale(lang))
    return text.replace("-", MINUS).replace("\u202f", NBSP)


def percent(x: float, lang: str, digits: int | None = None) -> str:
    """A value already in percent (97.7) as `97,7 %`."""
    return f"{number(x, lang, digits)}{NBSP}%"


def euros(x: float, lang: str) -> str:
    """`30 000 €`, or `33,4 milj. €` from a million up."""
    if abs(x) >= 1_000_000:
        return f"{number(x / 1_000_000, lang)}{NBSP}{MILLION_WORD[lang]}{NBSP}€"
    return f"{number(x, lang)}{NBSP}€"


def year(y: int) -> str:
    """Years are never grouped: `2025`, not `2 025`."""
    return str(int(y))


def date(d: dt.date, lang: str) -> str:
    """`8.10.2024` in both languages (Babel's sv_FI short date is ISO)."""
    return f"{d.day}.{d.month}.{d.year}"


@_memo
def date_long(d: dt.date, lang: str) -> str:
    """`8. lokakuuta 2024` / `8 oktober 2024`, for screen readers and sentences."""
    return format_date(d, "long", locale=_locale(lang))


def _month_end(d: dt.date) -> bool:
    return d == dt.date.max or (d + dt.timedelta(days=1)).month != d.month  # (no day follows 31.12.9999)


@_memo
def period(start: dt.date, end: dt.date, lang: str) -> str:
    """The shortest honest label: `8.10.2024`, `2024`, `1–4/2025`, `4/2025`, or a date range."""
    if start == end:
        return date(start, lang)
    if start.day == 1 and _month_end(end) and start.year == end.year:
        if start.month == 1 and end.month == 12:
            return year(start.year)
        if start.month == end.month:
            return f"{start.month}/{start.year}"
        return f"{start.month}{NDASH}{end.month}/{start.year}"
    if start.year == end.year:
        return f"{start.day}.{start.month}.{NDASH}{date(end, lang)}"
    return f"{date(start, lang)}{NDASH}{date(end, lang)}"


@_memo
def period_long(start: dt.date, end: dt.date, lang: str) -> str:
    """Spelled out for aria-labels: `tammi–huhtikuu 2025` / `januari–april 2025`."""
    if start == end:
        return date_long(start, lang)
    if start.day == 1 and _month_end(end) and start.year == end.year and start.month != end.month:
        if start.month == 1 and end.month == 12:
            return year(start.year)
        return format_interval(start, end, "yMMMM", locale=_locale(lang)).replace("\u2009", "")
    return f"{date_long(start, lang)} {NDASH} {date_long(end, lang)}"


def year_range(a: int, b: int) -> str:
    return year(a) if a == b else f"{year(a)}{NDASH}{year(b)}"


def value(x: float, unit: str, lang: str) -> str:
    """A value in its unit as a reader sees it."""
    if unit == "percent":
        return percent(x, lang)
    if unit == "eur":
        return euros(x, lang)
    return number(x, lang)


def value_range(low: float, high: float | None, unit: str, lang: str) -> str:
    """A value, or a range with the unit once: `26–31,9`, `12–15 %`."""
    if high is None:
        return value(low, unit, lang)
    if unit == "eur":
        return f"{euros(low, lang)}{NDASH}{euros(high, lang)}"
    return f"{number(low, lang)}{NDASH}{value(high, unit, lang)}"
