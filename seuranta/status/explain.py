"""One sentence per indicator status that says why, in Finnish or Swedish.

Built from catalog phrases, so the methodology page, the goal pages and the
tests all use the same words.
"""

from __future__ import annotations

from seuranta import formatting as fmt
from seuranta.i18n import gettext
from seuranta.model.package import Indicator, Observation
from seuranta.status.evaluate import Status

STATUS_ICONS = {"met": "✓", "improving": "↑", "no_change": "=", "worsening": "↓",
                "no_target": "○", "no_data": "–", "not_comparable": "·"}


def value_words(o: Observation, unit: str, lang: str, below: int | None = None) -> tuple[str, str]:
    """An observation's value in words, as the data table and the chart's tooltip both
    give it: (the value, or why there is none; "preliminary" for a preliminary value,
    else ""). A suppressed count of clients is "< 5" (`below`: the privacy threshold)."""
    if o.value_status == "suppressed":
        return (f"<{fmt.NBSP}{below}" if below else gettext("value.suppressed", lang)), ""
    if o.value_status == "not_available":
        return gettext("value.not_available", lang), ""
    assert o.value is not None  # final and preliminary values are never empty (value-missing)
    preliminary = gettext("value.preliminary", lang) if o.value_status == "preliminary" else ""
    return fmt.value_range(o.value, o.value_max, unit, lang), preliminary


def target_phrase(i: Indicator, lang: str) -> str:
    if i.target_type == "none" or i.target_value is None:
        return ""
    value = fmt.value(i.target_value, i.unit, lang)
    if i.target_type == "between" and i.target_value_max is not None:
        value = f"{value}{fmt.NDASH}{fmt.value(i.target_value_max, i.unit, lang)}"
    phrase = gettext(f"target.{i.target_type}", lang, value=value)
    if i.target_year:
        phrase += " " + gettext("target.by_year", lang, year=fmt.year(i.target_year))
    return phrase


def status_sentence(s: Status, i: Indicator, lang: str) -> str:
    sentence = _sentence(s, i, lang)
    if s.partial_year and i.target_year and s.status not in ("no_data", "no_target"):
        sentence += " " + gettext("why.partial_year", lang, year=fmt.year(i.target_year))
    return sentence


def _sentence(s: Status, i: Indicator, lang: str) -> str:
    if s.status == "no_data":
        return gettext("why.no_data", lang)
    o = s.latest
    # Every other status rests on a latest usable value (evaluate.evaluate).
    assert o is not None and o.value is not None and s.latest_value is not None
    when = fmt.period(o.period_start, o.period_end, lang)
    if s.preliminary:
        when += ", " + gettext("value.preliminary", lang)
    parts = []
    # A projected value is an estimate: rounded. A stated value is shown as stated (29,5 workers).
    value = fmt.value(round(s.latest_value, 1 if i.unit in ("percent", "ratio", "score") else 0)
                      if s.projected else s.latest_value, i.unit, lang)
    if o.value_max is not None and not s.projected:  # a range is shown as the range it is
        value = fmt.value_range(o.value, o.value_max, i.unit, lang)
    if s.projected:
        parts.append(gettext("why.projected", lang, raw=fmt.value_range(o.value, o.value_max, i.unit, lang),
                             period=when, value=value))
        subject = gettext("why.subject_projected", lang, value=value)
    else:
        subject = gettext("why.subject", lang, value=value, when=when)
    if s.status == "no_target":
        parts.append(gettext("why.no_target", lang, subject=subject))
        return " ".join(parts)
    target = target_phrase(i, lang)
    if s.status == "met":
        key = "why.met_target" if target else "why.met_maintained"
        parts.append(gettext(key, lang, subject=subject, target=target,
                             reference=_reference(s, i, lang, "vs")))
        return " ".join(parts)
    first = gettext("why.not_met", lang, subject=subject, target=target) if target else subject
    if s.single_value or s.unlike_periods:
        parts.append(gettext("why.unlike_periods" if s.unlike_periods else "why.single", lang, first=first))
        return " ".join(parts)
    # Without a reference the status is single_value or unlike_periods (above).
    assert s.reference_value is not None
    movement = ("up" if s.latest_value > s.reference_value else "down"
                if s.latest_value < s.reference_value else "flat")
    if s.status == "no_change":
        movement = "flat"
    form = "vs" if movement == "flat" else "from"
    parts.append(gettext(f"why.moved_{movement}", lang, first=first, reference=_reference(s, i, lang, form)))
    return " ".join(parts)


def _reference(s: Status, i: Indicator, lang: str, form: str) -> str:
    """"from the baseline 1 133 (8.10.2024)" (form "from") or "compared with …" (form "vs")."""
    if s.reference_value is None:
        return ""
    value = fmt.value(s.reference_value, i.unit, lang)
    if s.reference_start and s.reference_date:  # set together: the first value's period
        date = f" ({fmt.period(s.reference_start, s.reference_date, lang)})"
    else:
        date = f" ({fmt.date(s.reference_date, lang)})" if s.reference_date else ""
    kind = "baseline" if s.reference_is_baseline else "first"
    return gettext(f"why.ref_{form}_{kind}", lang, value=value, date=date)
