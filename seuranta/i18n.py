"""UI strings from the fi/sv gettext catalogs (`locale/*/LC_MESSAGES/seuranta.po`).

Message ids are stable keys (`status.yes`); the catalogs hold the words.
The .po files are read (compiled in memory) at build time.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).parent / "locale"


@cache
def catalog(lang: str) -> dict[str, str]:
    with open(LOCALE_DIR / lang / "LC_MESSAGES" / "seuranta.po", "rb") as f:
        po = read_po(f, locale=lang)
    # Plain messages only: the catalogs have no plural forms (whose id is a tuple).
    return {m.id: m.string for m in po if m.id and isinstance(m.id, str) and isinstance(m.string, str)}


def gettext(key: str, lang: str, **values: object) -> str:
    text = catalog(lang)[key]
    return text.format(**values) if values else text
