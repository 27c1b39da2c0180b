"""The scales of an indicator's chart, as d3 makes them for Vega (charts/plot.py draws
with them): d3-array's ticks, d3-scale's linear "nice", d3-time's month and year
ticks, d3-format's ",.2~f" in Finnish, each ported exactly (tests/test_plot.py
compares them with d3's own). Dates are day numbers (date ordinals).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Context, Decimal
from functools import lru_cache
from typing import NamedTuple

E10, E5, E2 = math.sqrt(50), math.sqrt(10), math.sqrt(2)
_EXACT = Context(prec=40)  # digits enough for any number below 1e21 with two decimals


def _tick_spec(start: float, stop: float, count: float) -> tuple[float, float, float]:
    """d3-array's tickSpec: the first and last tick's index and the step (negative: its inverse)."""
    step = (stop - start) / max(0, count)
    if not math.isfinite(step):  # a span too wide for a float (1e308 to −1e308): no ticks
        return math.nan, math.nan, math.nan
    power = math.floor(math.log10(step)) if step > 0 else -math.inf
    error = step / 10 ** power if power != -math.inf else math.nan
    factor = 10 if error >= E10 else 5 if error >= E5 else 2 if error >= E2 else 1
    if power == -math.inf:
        return math.nan, math.nan, math.nan
    if power < 0:
        inc = 10 ** -power / factor
        i1, i2 = js_round(start * inc), js_round(stop * inc)
        if i1 / inc < start:
            i1 += 1
        if i2 / inc > stop:
            i2 -= 1
        inc = -inc
    else:
        inc = 10 ** power * factor
        i1, i2 = js_round(start / inc), js_round(stop / inc)
        if i1 * inc < start:
            i1 += 1
        if i2 * inc > stop:
            i2 -= 1
    if i2 < i1 and 0.5 <= count < 2:
        return _tick_spec(start, stop, count * 2)
    return i1, i2, inc


def js_round(x: float) -> int:
    """JavaScript's Math.round: halves up."""
    return math.floor(x + 0.5)


def ticks(start: float, stop: float, count: int) -> list[float]:
    """d3.ticks for start <= stop."""
    if start == stop:
        return [start]
    i1, i2, inc = _tick_spec(start, stop, count)
    if not i2 >= i1:
        return []
    n = int(i2 - i1) + 1
    return [(i1 + i) / -inc for i in range(n)] if inc < 0 else [(i1 + i) * inc for i in range(n)]


def nice(start: float, stop: float, count: int = 10) -> tuple[float, float]:
    """d3's linear.nice(count) for start <= stop (Vega's `nice: true` gives count 10)."""
    prestep = None
    lo, hi = start, stop
    for _ in range(10):
        step = _tick_spec(lo, hi, count)[2]
        if step == prestep:
            return lo, hi
        if step > 0:
            lo, hi = math.floor(lo / step) * step, math.ceil(hi / step) * step
        elif step < 0:
            lo, hi = math.ceil(lo * step) / step, math.floor(hi * step) / step
        else:  # no step (one value): d3 leaves the domain as it was
            break
        prestep = step
    return start, stop


def number(value: float) -> str:
    """d3-format ",.2~f" in the fi-FI locale (sv-FI writes numbers the same): two decimals at
    most, trailing zeros dropped, no-break-space thousands, decimal comma, "−" for minus."""
    if abs(value) >= 1e21:  # JavaScript's toFixed writes these as it writes any number: 1.5e+21
        whole, _, rest = repr(abs(value)).partition(".")
        text = whole.partition("e")[0] + ("," + rest if rest else "e" + whole.partition("e")[2])
    else:
        text = str(Decimal(abs(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP, context=_EXACT))
        whole, _, decimals = text.partition(".")
        decimals = decimals.rstrip("0")
        text = f"{int(whole):,}".replace(",", "\u00a0") + ("," + decimals if decimals else "")
    negative = value < 0 and text.strip("0,\u00a0") != ""
    return ("\u2212" if negative else "") + text


@lru_cache(maxsize=1 << 14)  # a chart's dates recur in its rows and across charts
def iso_day(iso: str) -> float:
    return float(dt.date.fromisoformat(iso).toordinal())


def date_of(day: float) -> dt.date:
    return dt.date.fromordinal(int(day))


def month_floor(day: float) -> float:
    d = date_of(day)
    return float(d.replace(day=1).toordinal())


def month_ceil(day: float) -> float:
    d = date_of(day)
    if d.day == 1 and day == int(day):
        return day
    if (d.year, d.month) == (dt.MAXYEAR, 12):  # the month after the last a date can name
        return float(dt.date.max.toordinal() + 1)
    nxt = dt.date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return float(nxt.toordinal())


def time_ticks(start: float, stop: float, yearly: bool, month_step: int) -> list[float]:
    """The first days of the years, or of every `month_step`th month (January first), from
    start to stop, both included (d3's interval.every(step).range(start, stop + 1))."""
    first, last = date_of(math.ceil(start)), date_of(min(stop, dt.date.max.toordinal()))
    out = []
    if yearly:
        for year in range(first.year, last.year + 1):
            day = float(dt.date(year, 1, 1).toordinal())
            if start <= day <= stop:
                out.append(day)
        return out
    # d3's timeMonth.every(step) keeps the months whose number in the year (0–11) divides
    # by step: for steps longer than a year (24, 60), every January.
    stride = month_step if month_step and 12 % month_step == 0 else 12 if month_step else 1
    months = range(-(-(first.year * 12 + first.month - 1) // stride) * stride, last.year * 12 + last.month, stride)
    for m in months:
        day = float(dt.date(m // 12, m % 12 + 1, 1).toordinal())
        if start <= day <= stop:
            out.append(day)
    return out


class Linear(NamedTuple):
    lo: float
    hi: float
    size: float  # pixels: lo is drawn at `size`, hi at 0

    def __call__(self, value: float) -> float:
        if self.hi == self.lo:
            return self.size / 2
        return self.size - (value - self.lo) / (self.hi - self.lo) * self.size


class Time(NamedTuple):
    lo: float
    hi: float
    size: float

    def __call__(self, day: float) -> float:
        if self.hi == self.lo:
            return self.size / 2
        return (day - self.lo) / (self.hi - self.lo) * self.size


def y_domain(values: Sequence[float], zero: bool) -> tuple[float, float]:
    lo, hi = min(values), max(values)
    if zero:
        lo, hi = min(lo, 0.0), max(hi, 0.0)
    return nice(lo, hi)



def fraction(lo: float, hi: float, day: float) -> float:
    return 0.5 if hi == lo else (day - lo) / (hi - lo)
