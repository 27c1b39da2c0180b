"""The accessibility statement and the privacy notice, in both languages from one
structure, so the two cannot drift: the parts and their order are here, the facts
(dates, known non-conformities, the publisher's settings) are here or in
settings.py, and the words are in the catalogues (statement.*, privacy.*, wcag.*).

The statement's parts are those 306/2019 and Commission Implementing Decision
(EU) 2018/1523 require: conformance status, the content that is not accessible
and why, how the statement was prepared and when, the feedback channel and who
answers it, and the supervisory authority. Each part is a heading with a fixed id
(the same in both languages), which tests/test_site.py checks in both languages.

The hand-written pages docs/*/tietoa/saavutettavuus.md and tietosuoja.md call
these through mkdocs-macros (macros/__init__.py); the result is Markdown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from seuranta import settings
from seuranta.formatting import date
from seuranta.i18n import gettext

# When the statement was first prepared, and when it was last reviewed: change the
# second date whenever the statement's content or NONCONFORMITIES change.
PREPARED = dt.date(2026, 11, 23)
UPDATED = dt.date(2026, 12, 4)


@dataclass(frozen=True)
class Nonconformity:
    """Content that does not meet WCAG 2.1 AA today: the success criteria it fails,
    and its catalogue key (statement.issue.<key>: what it is, and what to use instead)."""

    criteria: tuple[str, ...]
    key: str


# What does not conform today (found in issue #18 and measured in Chromium). Remove
# an entry when the fix is merged and its test passes; the statement must stay true.
# The charts' keyboard tooltips, 5 px text and English "visualization" name were fixed
# with the charts drawn for a phone (tests/test_chart_browser.py); their labels that ran
# into each other at 320 px (1.4.10) with the labels placed when drawn
# (tests/test_chart_labels.py). Nothing known today: the status is "meets".
NONCONFORMITIES: tuple[Nonconformity, ...] = ()

# The statement's parts in order: id (the heading's anchor, the same in fi and sv) ->
# heading key. The law's parts: status, nonconforming (with the disproportionate
# burden claim, none), assessment (date, self-assessment), feedback, authority.
STATEMENT_PARTS = {
    "tila": "statement.status.heading",
    "ei-saavutettava": "statement.nonconforming.heading",
    "ei-lain-piirissa": "statement.out_of_scope.heading",
    "arviointi": "statement.assessment.heading",
    "palaute": "statement.feedback.heading",
    "valvonta": "statement.authority.heading",
}
PRIVACY_PARTS = {
    "rekisterinpitaja": "privacy.controller.heading",
    "evasteet": "privacy.cookies.heading",
    "palvelin": "privacy.server.heading",
    "sisalto": "privacy.content.heading",
}
SUPERVISOR_SITE = {"fi": "https://www.saavutettavuusvaatimukset.fi/", "sv": "https://www.tillganglighetskrav.fi/"}


@dataclass(frozen=True)
class Publisher:
    """Who publishes the site (settings.py): None is 'not filled in yet'."""

    feedback_email: str | None
    feedback_form_url: str | None
    operator: dict[str, str] | None
    controller: dict[str, str] | None
    controller_contact: str | None
    host_name: str
    host_logs_url: str
    supervisor_email: str | None
    supervisor_phone: str | None

    @classmethod
    def from_settings(cls) -> Publisher:
        return cls(settings.FEEDBACK_EMAIL, settings.FEEDBACK_FORM_URL, settings.OPERATOR,
                   settings.CONTROLLER, settings.CONTROLLER_CONTACT, settings.HOST_NAME,
                   settings.HOST_LOGS_URL, settings.SUPERVISOR_EMAIL, settings.SUPERVISOR_PHONE)


def _words(lang: str) -> Callable[..., str]:
    """The catalogue's words in the page's one language."""
    def t(key: str, **values: object) -> str:
        return gettext(key, lang, **values)
    return t


def _unset(setting: str, lang: str) -> str:
    """A visible gap: the operator fills the setting before publishing (the build warns)."""
    return f"<strong>{escape(gettext('statement.unset', lang, setting=setting))}</strong>"


def _mail(address: str) -> str:
    return f'<a href="mailto:{escape(address)}">{escape(address)}</a>'


def _heading(part_id: str, key: str, lang: str) -> str:
    return f"## {escape(gettext(key, lang))} {{#{part_id}}}"


def accessibility_statement(lang: str, site_url: str, who: Publisher | None = None,
                            nonconformities: tuple[Nonconformity, ...] = NONCONFORMITIES) -> str:
    """The statement's Markdown in `lang`: every part of STATEMENT_PARTS, in order; the
    status is "partly" while anything in `nonconformities` is listed."""
    who = who or Publisher.from_settings()
    t = _words(lang)
    operator = escape(who.operator[lang]) if who.operator else _unset("OPERATOR", lang)
    issues = []
    for issue in nonconformities:
        names = "; ".join(f"{c} {t('wcag.' + c)}" for c in issue.criteria)
        issues.append(f"- {escape(t('statement.issue.' + issue.key))} "
                      f"<span class=\"sr-criteria\">({escape(t('statement.criteria'))}: {escape(names)})</span>")
    feedback = [t("statement.feedback.intro"),
                t("statement.feedback.email", email=_mail(who.feedback_email) if who.feedback_email
                  else _unset("FEEDBACK_EMAIL", lang))]
    if who.feedback_form_url:
        feedback.append(t("statement.feedback.form", url=escape(who.feedback_form_url)))
    feedback.append(t("statement.feedback.handler", operator=operator))
    contact = [f'<a href="{SUPERVISOR_SITE[lang]}">{SUPERVISOR_SITE[lang].removeprefix("https://www.").rstrip("/")}</a>']
    if who.supervisor_email:
        contact.append(f"{t('statement.email')} {_mail(who.supervisor_email)}")
    if who.supervisor_phone:
        contact.append(f"{t('statement.phone')} {escape(who.supervisor_phone)}")
    parts = {
        "tila": [t("statement.status.partial" if issues else "statement.status.full")],
        "ei-saavutettava": ([t("statement.nonconforming.intro"), "\n".join(issues)] if issues
                            else [t("statement.nonconforming.none")]) + [t("statement.burden")],
        "ei-lain-piirissa": [t("statement.out_of_scope.pdf")],
        "arviointi": [t("statement.assessment.dates", prepared=date(PREPARED, lang), updated=date(UPDATED, lang)),
                      t("statement.assessment.method")],
        "palaute": feedback,
        "valvonta": [t("statement.authority.text"),
                     t("statement.authority.contact") + "<br>\n" + "<br>\n".join(
                         [f"<strong>{escape(t('statement.authority.name'))}</strong>",
                          escape(t("statement.authority.unit"))] + contact)],
    }
    lines = [f"# {escape(t('statement.title'))}", t("statement.intro", site=escape(site_url))]
    for part_id, key in STATEMENT_PARTS.items():
        lines += [_heading(part_id, key, lang)] + parts[part_id]
    return "\n\n".join(lines) + "\n"


def privacy_notice(lang: str, small_count: int, who: Publisher | None = None) -> str:
    """The privacy notice's Markdown in `lang`: every part of PRIVACY_PARTS, in order."""
    who = who or Publisher.from_settings()
    t = _words(lang)
    controller = escape(who.controller[lang]) if who.controller else _unset("CONTROLLER", lang)
    contact = _mail(who.controller_contact) if who.controller_contact and "@" in who.controller_contact \
        else escape(who.controller_contact) if who.controller_contact else _unset("CONTROLLER_CONTACT", lang)
    parts = {
        "rekisterinpitaja": [t("privacy.controller.text", controller=controller, contact=contact)],
        "evasteet": [t("privacy.cookies.text"), t("privacy.analytics.text"), t("privacy.search.text")],
        "palvelin": [t("privacy.server.text", host=escape(who.host_name), url=escape(who.host_logs_url))],
        "sisalto": [t("privacy.content.text", small_count=small_count)],
    }
    lines = [f"# {escape(t('privacy.title'))}", t("privacy.intro")]
    for part_id, key in PRIVACY_PARTS.items():
        lines += [_heading(part_id, key, lang)] + parts[part_id]
    return "\n\n".join(lines) + "\n"
