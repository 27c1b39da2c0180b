"""Tiny helpers to write escaped HTML. Data text only ever reaches a page through these."""

from __future__ import annotations

import re
from html import escape

from seuranta.model.package import Text

_SPECIAL = re.compile(r"[&<>\"'{}]")


def esc(s: object) -> str:
    s = str(s)
    if not _SPECIAL.search(s):  # most values (numbers, dates, plain words): nothing to escape
        return s
    # Braces are entity-encoded too, so no later template engine can see "{{ … }}".
    return escape(s, quote=True).replace("{", "&#123;").replace("}", "&#125;")


def attrs(**kv: object) -> str:
    parts = []
    for k, v in kv.items():
        if v is None or v is False:
            continue
        name = k.rstrip("_").replace("_", "-")
        parts.append(name if v is True else f'{name}="{esc(v)}"')
    return (" " + " ".join(parts)) if parts else ""


def tag(name: str, content: str = "", **kv: object) -> str:
    return f"<{name}{attrs(**kv)}>{content}</{name}>"


def text(t: Text, lang: str, missing_note: str = "") -> str:
    """Escaped text; on a Swedish page a missing translation shows the Finnish, marked."""
    if lang == "sv" and not t.sv and t.fi:
        note = f' <span class="sr-untranslated">({esc(missing_note)})</span>' if missing_note else ""
        return f'<span lang="fi">{esc(t.fi)}</span>{note}'
    return esc((t.sv if lang == "sv" else t.fi) or "")
