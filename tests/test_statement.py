"""The accessibility statement and the privacy notice (seuranta/site/statement.py):
every part the law requires, in Finnish and Swedish, with the publisher's settings
or a visible gap where one is not filled in. The built pages: tests/test_site.py."""

from __future__ import annotations

import re

import pytest

from seuranta.site.statement import NONCONFORMITIES, Nonconformity, Publisher, accessibility_statement, privacy_notice

FILLED = Publisher(feedback_email="palaute@example.org", feedback_form_url="https://example.org/issues/new",
                   operator={"fi": "Esimerkkiyhdistys ry", "sv": "Exempelföreningen rf"},
                   controller={"fi": "Esimerkkiyhdistys ry", "sv": "Exempelföreningen rf"},
                   controller_contact="tietosuoja@example.org", host_name="Esimerkkihost",
                   host_logs_url="https://example.org/logs", supervisor_email="valvonta@example.org",
                   supervisor_phone="012 345 6789")
UNFILLED = Publisher(None, None, None, None, None, "Esimerkkihost", "https://example.org/logs", None, None)
# The parts of the model statement (306/2019, (EU) 2018/1523), by their heading ids.
REQUIRED = ["tila", "ei-saavutettava", "arviointi", "palaute", "valvonta"]


def parts(markdown: str) -> dict[str, str]:
    """Each `## … {#id}` section's text, by id."""
    found = re.split(r"^## .*\{#([a-z-]+)\}$", markdown, flags=re.M)
    return dict(zip(found[1::2], found[2::2], strict=True))


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_the_statement_has_every_required_part_with_a_feedback_channel_needing_no_login(lang):
    text = parts(accessibility_statement(lang, "https://seuranta.example/", FILLED))
    assert [p for p in text if p in REQUIRED] == REQUIRED
    assert ({"fi": "osittain", "sv": "delvis"}[lang] in text["tila"]) == bool(NONCONFORMITIES)
    for issue in NONCONFORMITIES:  # non-conformities name their criteria
        assert all(re.search(rf"\b{re.escape(c)}\b", text["ei-saavutettava"]) for c in issue.criteria)
    assert re.search(r"\b\d{1,2}\.\d{1,2}\.20\d\d\b", text["arviointi"])  # the date, Finnish style
    assert {"fi": "itsearvio", "sv": "självbedömning"}[lang] in text["arviointi"]
    assert '<a href="mailto:palaute@example.org">' in text["palaute"]
    assert "https://example.org/issues/new" in text["palaute"]
    assert FILLED.operator and FILLED.operator[lang] in text["palaute"]
    assert "14" in text["palaute"]  # answered within 14 days
    authority = {"fi": "Lupa- ja valvontavirasto", "sv": "Tillstånds- och tillsynsverket"}[lang]
    assert authority in text["valvonta"]
    assert "mailto:valvonta@example.org" in text["valvonta"] and "012 345 6789" in text["valvonta"]
    site = {"fi": "https://www.saavutettavuusvaatimukset.fi/", "sv": "https://www.tillganglighetskrav.fi/"}[lang]
    assert f'href="{site}"' in text["valvonta"]


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_the_status_follows_the_list_of_nonconformities(lang):
    """"Partly" while something is listed, with each item and its criteria; with nothing
    listed, the statement says the service conforms and lists nothing."""
    issue = Nonconformity(("2.1.1", "1.4.13"), "chart_labels")
    partly = parts(accessibility_statement(lang, "https://seuranta.example/", FILLED, (issue,)))
    conforms = parts(accessibility_statement(lang, "https://seuranta.example/", FILLED, ()))
    word = {"fi": "osittain", "sv": "delvis"}[lang]
    assert word in partly["tila"] and word not in conforms["tila"]
    assert "2.1.1" in partly["ei-saavutettava"] and "1.4.13" in partly["ei-saavutettava"]
    assert "\n- " not in conforms["ei-saavutettava"] and "2.1.1" not in conforms["ei-saavutettava"]
    conforming = {"fi": "täyttää saavutettavuusvaatimukset.", "sv": "uppfyller tillgänglighetskraven."}[lang]
    assert conforming in conforms["tila"]


def test_finnish_and_swedish_statements_have_the_same_parts_in_the_same_order():
    fi, sv = (accessibility_statement(lang, "https://seuranta.example/", FILLED) for lang in ("fi", "sv"))
    assert list(parts(fi)) == list(parts(sv))
    assert fi.count("\n- ") == sv.count("\n- ")  # as many non-conformities listed
    fi_p, sv_p = (privacy_notice(lang, 5, FILLED) for lang in ("fi", "sv"))
    assert list(parts(fi_p)) == list(parts(sv_p))


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_an_unfilled_setting_is_a_visible_gap_never_an_invented_value(lang):
    statement = accessibility_statement(lang, "https://seuranta.example/", UNFILLED)
    assert "FEEDBACK_EMAIL" in parts(statement)["palaute"] and "mailto:" not in statement
    privacy = parts(privacy_notice(lang, 5, UNFILLED))
    assert "CONTROLLER" in privacy["rekisterinpitaja"]


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_the_privacy_notice_names_the_controller_and_what_is_not_done(lang):
    text = parts(privacy_notice(lang, 5, FILLED))
    assert FILLED.controller and FILLED.controller[lang] in text["rekisterinpitaja"]
    assert "mailto:tietosuoja@example.org" in text["rekisterinpitaja"]
    heading = {"fi": "Rekisterinpitäjä", "sv": "Personuppgiftsansvarig"}[lang]
    assert f"## {heading} " in privacy_notice(lang, 5, FILLED)
    no_cookies = {"fi": ("evästei", "analytiik", "kolmanteen osapuoleen"),
                  "sv": ("kakor", "analys", "tredje part")}[lang]
    assert all(word in text["evasteet"] for word in no_cookies)
    assert "Esimerkkihost" in text["palvelin"] and "https://example.org/logs" in text["palvelin"]
    assert "IP" in text["palvelin"]
