"""Status rules as a table of cases: each status at least twice, every target type,
both directions, baseline vs earliest value, unusable values skipped."""

from __future__ import annotations

import datetime as dt

import pytest

from seuranta.model.package import Indicator, Observation, Text
from seuranta.status.evaluate import STATUSES, evaluate
from seuranta.status.explain import status_sentence

NONE = Text(None, None)


def indicator(unit="count", direction="none", target_type="none", target=None, target_max=None,
              baseline=None, baseline_date=None, cumulative=None, target_year=None):
    return Indicator("m", "p", None, Text("Mittari", "Mätare"), unit, NONE, direction, target_type,
                     target, target_max, target_year, NONE, baseline,
                     dt.date.fromisoformat(baseline_date) if baseline_date else None,
                     NONE, NONE, None, None, cumulative)


def obs(start, value, status="final", end=None):
    s = dt.date.fromisoformat(start)
    return Observation("m", "a", s, dt.date.fromisoformat(end) if end else s, value, status, NONE)


def run(ind, *observations):
    usable = [o for o in observations if o.value_status in ("final", "preliminary")]
    return evaluate(ind, "a", usable)


CASES = [
    # (name, indicator, observations, expected status)
    ("no values at all", indicator(direction="decrease", target_type="at_most", target=10), [], "no_data"),
    ("only suppressed and unavailable", indicator(direction="decrease", target_type="at_most", target=10),
     [obs("2024-01-01", None, "suppressed"), obs("2025-01-01", None, "not_available")], "no_data"),
    ("monitored only", indicator(), [obs("2023-01-01", 5073), obs("2024-01-01", 6390)], "no_target"),
    ("monitored only, one value", indicator(unit="percent"), [obs("2023-01-01", 3.9)], "no_target"),
    ("at_least met", indicator(direction="increase", target_type="at_least", target=700),
     [obs("2025-01-01", 652), obs("2025-06-01", 700)], "met"),
    ("at_most met, on the boundary", indicator(direction="decrease", target_type="at_most", target=30),
     [obs("2024-06-01", 30)], "met"),
    ("between met", indicator(unit="percent", target_type="between", target=90, target_max=100),
     [obs("2024-01-01", 80), obs("2025-01-01", 95)], "met"),
    ("equals within tolerance", indicator(target_type="equals", target=1000), [obs("2025-01-01", 1009)], "met"),
    ("maintain without target, stayed", indicator(unit="percent", direction="maintain"),
     [obs("2024-01-01", 38), obs("2025-01-01", 38.2)], "met"),
    ("at_most not met, fell from baseline", indicator(direction="decrease", target_type="at_most", target=1050,
                                                       baseline=1133, baseline_date="2024-10-08"),
     [obs("2026-04-07", 1064, "preliminary")], "improving"),
    ("at_least not met, rose from earliest", indicator(unit="percent", direction="increase",
                                                        target_type="at_least", target=90),
     [obs("2025-04-30", 10.5), obs("2025-08-31", 23.2)], "improving"),
    ("direction only, moved the right way", indicator(direction="decrease"),
     [obs("2024-04-30", 27.7), obs("2025-08-31", 26.5)], "improving"),
    ("equals not met, moved closer", indicator(target_type="equals", target=100),
     [obs("2024-01-01", 150), obs("2025-01-01", 120)], "improving"),
    ("between: too high, coming down", indicator(unit="percent", target_type="between", target=40,
                                                  target_max=60), [obs("2024-01-01", 80), obs("2025-01-01", 70)],
     "improving"),
    ("not met, moved less than the tolerance", indicator(unit="percent", direction="increase",
                                                          target_type="at_least", target=90),
     [obs("2025-04-30", 60), obs("2025-08-31", 60.3)], "no_change"),
    ("not met, single value and no baseline", indicator(direction="decrease", target_type="at_most", target=100),
     [obs("2024-01-01", 188)], "no_change"),
    ("direction only, single value", indicator(direction="increase"), [obs("2024-01-01", 188)], "no_change"),
    ("at_least not met, fell", indicator(unit="percent", direction="increase", target_type="at_least", target=90),
     [obs("2025-04-30", 67.5), obs("2025-08-31", 55)], "worsening"),
    ("direction decrease, rose", indicator(direction="decrease"),
     [obs("2022-11-08", 994), obs("2024-10-08", 1133)], "worsening"),
    ("maintain without target, moved", indicator(unit="percent", direction="maintain"),
     [obs("2024-01-01", 38), obs("2025-01-01", 45)], "worsening"),
    ("at_most not met, rose from baseline", indicator(direction="decrease", target_type="at_most", target=1000,
                                                       baseline=1100, baseline_date="2024-01-01"),
     [obs("2025-01-01", 1200)], "worsening"),
    ("suppressed latest is skipped", indicator(direction="decrease", target_type="at_most", target=1050),
     [obs("2024-10-08", 1133), obs("2025-01-01", 1040), obs("2025-06-01", None, "suppressed")], "met"),
    ("baseline wins over earliest value", indicator(direction="increase", target_type="at_least", target=90,
                                                     unit="percent", baseline=80, baseline_date="2023-12-31"),
     [obs("2024-01-01", 50), obs("2025-01-01", 60)], "worsening"),
]


@pytest.mark.parametrize("name, ind, observations, expected", CASES, ids=[c[0] for c in CASES])
def test_status_rules(name, ind, observations, expected):
    assert run(ind, *observations).status == expected


def test_every_status_has_at_least_two_cases():
    counts = {s: sum(1 for c in CASES if c[3] == s) for s in STATUSES}
    assert min(counts.values()) >= 2, counts


def test_every_target_type_and_direction_is_covered():
    assert {c[1].target_type for c in CASES} == {"at_least", "at_most", "between", "equals", "none"}
    assert {c[1].direction for c in CASES} == {"increase", "decrease", "maintain", "none"}


def test_latest_prefers_the_longer_period_on_the_same_end_date():
    ind = indicator(direction="increase", target_type="at_least", target=100)
    short = obs("2025-08-01", 150, end="2025-08-31")
    long = obs("2025-01-01", 90, end="2025-08-31")
    # The methodology page's rule 1: on the same end date the longer period wins,
    # whichever order the rows come in.
    assert run(ind, short, long).latest is long
    assert run(ind, long, short).latest is long
    assert run(ind, short, long).latest_value == 90


def test_cumulative_partial_year_is_projected_to_a_year():
    # 6 077 care days in January–June ≈ 12 254 a year: within "at most 17 000 a year".
    ind = indicator(unit="days", direction="decrease", target_type="at_most", target=17000,
                    cumulative=True, target_year=2025)
    s = run(ind, obs("2025-01-01", 6077, end="2025-06-30"))
    assert s.status == "met" and s.projected
    assert round(s.latest_value) == round(6077 * 365 / 181)
    # Without projection 3 122 days in Q1 would look far better than it is.
    s = run(ind, obs("2025-01-01", 5000, end="2025-03-31"))
    assert s.status == "no_change" and s.latest_value > 17000


def test_sentence_states_preliminary_data_and_movement():
    ind = indicator(direction="decrease", target_type="at_most", target=1050, baseline=1133,
                    baseline_date="2024-10-08")
    s = run(ind, obs("2026-04-07", 1064, "preliminary"))
    fi = status_sentence(s, ind, "fi")
    sv = status_sentence(s, ind, "sv")
    assert fi == ("Viimeisin arvo 1\u00a0064 (7.4.2026, ennakkotieto) ei vielä täytä tavoitetasoa "
                  "(enintään 1\u00a0050), ja se on laskenut lähtötasosta 1\u00a0133 (8.10.2024).")
    assert sv == ("Det senaste värdet 1\u00a0064 (7.4.2026, preliminär uppgift) når ännu inte målnivån "
                  "(högst 1\u00a0050), och det har sjunkit från utgångsnivån 1\u00a0133 (8.10.2024).")


def test_sentence_says_when_the_target_year_is_not_over():
    ind = indicator(unit="percent", direction="increase", target_type="at_least", target=90, target_year=2025)
    s = run(ind, obs("2025-01-01", 23.2, end="2025-08-31"))
    assert s.partial_year
    assert "osaa vuodesta 2025, jolle tavoitetaso on asetettu" in status_sentence(s, ind, "fi")
    assert "en del av året 2025 som målnivån gäller" in status_sentence(s, ind, "sv")


def test_a_cumulative_share_is_compared_only_over_the_same_part_of_a_year():
    """Year-to-date shares 1–4/2025 and 1–8/2025 cover periods of different length:
    the second is not "worse" than the first, it is not comparable with it."""
    ind = indicator(unit="percent", direction="increase", target_type="at_least", target=90, cumulative=True)
    s = run(ind, obs("2025-01-01", 67.5, end="2025-04-30"), obs("2025-01-01", 55.0, end="2025-08-31"))
    assert s.status == "no_change" and s.unlike_periods and not s.single_value
    assert s.latest_value == 55.0  # a share is never projected to a year
    assert "eri pituisen" in status_sentence(s, ind, "fi")
    # The same part of the year a year later is comparable.
    s = run(ind, obs("2024-01-01", 67.5, end="2024-08-31"), obs("2025-01-01", 55.0, end="2025-08-31"))
    assert s.status == "worsening" and s.reference_value == 67.5
    # Without the cumulative mark the two are compared (as before).
    plain = indicator(unit="percent", direction="increase", target_type="at_least", target=90)
    assert run(plain, obs("2025-01-01", 67.5, end="2025-04-30"), obs("2025-01-01", 55.0, end="2025-08-31")).status \
        == "worsening"


def test_a_range_meets_a_target_only_as_a_whole():
    ind = indicator(unit="ratio", direction="decrease", target_type="at_most", target=30)
    ranged = Observation("m", "a", dt.date(2024, 1, 1), dt.date(2024, 12, 31), 26, "final", NONE, value_max=31.9)
    s = evaluate(ind, "a", [ranged])
    assert s.status != "met" and s.latest_value == 31.9
    assert "26–31,9" in status_sentence(s, ind, "fi")
    within = Observation("m", "a", dt.date(2024, 1, 1), dt.date(2024, 12, 31), 26, "final", NONE, value_max=29)
    assert evaluate(ind, "a", [within]).status == "met"
    rising = indicator(unit="ratio", direction="increase", target_type="at_least", target=27)
    assert evaluate(rising, "a", [ranged]).status != "met"  # its low end, 26, is below 27


def test_a_stated_value_is_not_rounded_in_the_sentence():
    ind = indicator(unit="count", direction="increase", target_type="at_least", target=30)
    s = run(ind, obs("2024-09-25", 29.5))
    assert "29,5" in status_sentence(s, ind, "fi")


def test_a_cumulative_count_of_clients_over_part_of_a_year_does_not_yet_meet_an_annual_ceiling():
    # 1 200 clients in 1–6/2025 against "at most 2 000": clients are not summed over months,
    # so the value is not projected, and it may still pass the ceiling before the year ends.
    ind = indicator(unit="count", direction="decrease", target_type="at_most", target=2000, cumulative=True)
    s = run(ind, obs("2025-01-01", 1200, end="2025-06-30"))
    assert s.status != "met" and not s.projected
    # Over "at least" it is met for good: it can only grow.
    floor = indicator(unit="count", direction="increase", target_type="at_least", target=1000, cumulative=True)
    assert run(floor, obs("2025-01-01", 1200, end="2025-06-30")).status == "met"


def test_a_cumulative_share_is_compared_with_a_baseline_only_at_the_same_point_of_a_year():
    ind = indicator(unit="percent", direction="decrease", target_type="at_most", target=10, cumulative=True,
                    baseline=27.7, baseline_date="2024-04-30")
    s = run(ind, obs("2025-01-01", 26.5, end="2025-08-31"))
    assert not s.reference_is_baseline and s.status == "no_change"
    same_point = indicator(unit="percent", direction="decrease", target_type="at_most", target=10,
                           cumulative=True, baseline=27.7, baseline_date="2024-08-31")
    assert run(same_point, obs("2025-01-01", 26.5, end="2025-08-31")).reference_is_baseline


def test_a_projected_range_names_the_range_it_was_given():
    ind = indicator(unit="eur", direction="decrease", target_type="at_most", target=200, cumulative=True)
    ranged = Observation("m", "a", dt.date(2025, 1, 1), dt.date(2025, 4, 30), 100, "final", NONE, value_max=120)
    sentence = status_sentence(evaluate(ind, "a", [ranged]), ind, "fi")
    assert "100\u00a0€–120\u00a0€" in sentence and "noin 365" in sentence  # projected from the worse end, 120


@pytest.mark.parametrize(("lang", "shown", "claimed"), [
    ("fi", "Ei verrattavaa arvoa", "Ei merkittävää muutosta"),
    ("sv", "Inget jämförbart värde", "Ingen betydande förändring"),
])
def test_one_value_is_not_shown_as_a_trend(lang, shown, claimed):
    from seuranta.site.render import status_block

    ind = indicator(direction="decrease", target_type="at_most", target=1000)
    html = status_block(run(ind, obs("2025-05-08", 1064)), ind, lang)
    assert shown in html and claimed not in html
    moved = run(ind, obs("2024-05-08", 1064), obs("2025-05-08", 1060))  # two values, within tolerance
    assert claimed in status_block(moved, ind, lang)
