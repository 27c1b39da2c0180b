"""mkdocs-macros adapter: wiring only. Values the hand-written pages quote from the code.

Generated pages do not use macros: their bodies are rendered by `seuranta`
and put in place by seuranta/mkdocs_adapter/hooks.py, after Markdown.
"""

from __future__ import annotations

from seuranta.settings import MIN_RESPONDENTS_SHOWN, SMALL_COUNT_THRESHOLD, site_url
from seuranta.site.statement import accessibility_statement, privacy_notice


def define_env(env) -> None:
    # Hand-written pages say e.g. "{{ min_respondents }}" instead of repeating a number
    # that the validator and the pages take from the code.
    env.variables["min_respondents"] = MIN_RESPONDENTS_SHOWN
    env.variables["small_count"] = env.conf["extra"].get("seuranta", {}).get("small_count", SMALL_COUNT_THRESHOLD)
    # The accessibility statement and the privacy notice: one source for both languages.
    seuranta = env.conf["extra"].get("seuranta", {})
    lang = seuranta.get("lang", "fi")
    address = seuranta.get("site_url") or site_url()
    env.macro(lambda: accessibility_statement(lang, address), "accessibility_statement")
    env.macro(lambda: privacy_notice(lang, env.variables["small_count"]), "privacy_notice")
