"""Finland-style numbers and dates in both languages (domain notes §6)."""

from __future__ import annotations

import datetime as dt

import pytest

from seuranta import formatting as fmt

NBSP, MINUS, NDASH = "\u00a0", "\u2212", "\u2013"


@pytest.mark.parametrize("lang", ["fi", "sv"])
@pytest.mark.parametrize("call, expected", [
    (lambda lang: fmt.number(1133, lang), f"1{NBSP}133"),
    (lambda lang: fmt.number(214638, lang), f"214{NBSP}638"),
    (lambda lang: fmt.number(-12.5, lang), f"{MINUS}12,5"),
    (lambda lang: fmt.percent(97.7, lang), f"97,7{NBSP}%"),
    (lambda lang: fmt.euros(33_400_000, lang), f"33,4{NBSP}milj.{NBSP}€"),
    (lambda lang: fmt.euros(30_000, lang), f"30{NBSP}000{NBSP}€"),
    (lambda lang: fmt.year(2025), "2025"),
    (lambda lang: fmt.date(dt.date(2024, 10, 8), lang), "8.10.2024"),
    (lambda lang: fmt.period(dt.date(2025, 1, 1), dt.date(2025, 4, 30), lang), f"1{NDASH}4/2025"),
    (lambda lang: fmt.period(dt.date(2023, 1, 1), dt.date(2023, 12, 31), lang), "2023"),
    (lambda lang: fmt.period(dt.date(2024, 4, 9), dt.date(2024, 4, 9), lang), "9.4.2024"),
    (lambda lang: fmt.year_range(2020, 2025), f"2020{NDASH}2025"),
])
def test_same_in_both_languages(call, expected, lang):
    assert call(lang) == expected


@pytest.mark.parametrize("lang, expected", [
    ("fi", "tammi–huhtikuu 2025"), ("sv", "januari–april 2025")])
def test_long_period_for_screen_readers(lang, expected):
    assert fmt.period_long(dt.date(2025, 1, 1), dt.date(2025, 4, 30), lang) == expected


@pytest.mark.parametrize("lang, expected", [("fi", "8. lokakuuta 2024"), ("sv", "8 oktober 2024")])
def test_long_date(lang, expected):
    assert fmt.date_long(dt.date(2024, 10, 8), lang) == expected


def test_any_number_a_package_may_hold_is_formatted():
    """Found by tests/test_differential.py: Babel's rounding failed from 1e26 up."""
    assert fmt.number(1e26, "fi") == NBSP.join(["100"] + ["000"] * 8)
    assert fmt.number(-1e308, "sv") == MINUS + NBSP.join(["100"] + ["000"] * 102)


@pytest.mark.parametrize("start, expected", [(dt.date(9999, 12, 1), "12/9999"), (dt.date(9999, 1, 1), "9999")])
def test_the_last_month_a_date_can_name_is_a_month_too(start, expected):
    """A valid package may end a period on 31.12.9999 (the contract's dates end there);
    finding the month's end looked for the next day, and there is none."""
    assert fmt.period(start, dt.date(9999, 12, 31), "fi") == expected
