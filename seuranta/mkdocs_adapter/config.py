"""Each language's MkDocs configuration, written as a file MkDocs reads."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

from seuranta.i18n import gettext
from seuranta.model.package import Package
from seuranta.settings import LANGUAGE_NAMES, LANGUAGES, REPO_ROOT
from seuranta.site.pages import NavItem, Page, nav

BASE_CONFIG = REPO_ROOT / "mkdocs.yml"
OVERRIDES = REPO_ROOT / "overrides"  # the theme's templates as Seuranta changes them
HOOKS = Path(__file__).with_name("hooks.py")


def language_config(package: Package, lang: str, work: Path, pages: list[Page],
                    site_url: str, handwritten: Path) -> tuple[Path, list[NavItem]]:
    """The language's MkDocs config file, and its navigation (kept out of the file:
    parsing a national-scale navigation as YAML took over a second per language).
    `site_url`: the whole site's address; each language is a sub-site under it.
    MkDocs reads the hand-written pages from handwritten/<lang> (settings.HANDWRITTEN);
    the generated ones are given to it from memory (hooks.py)."""
    config = {
        "INHERIT": str(BASE_CONFIG),
        "site_name": gettext("site.name", lang),
        "site_description": gettext("home.description", lang),
        # MkDocs makes canonical links and the sitemap's absolute URLs from it.
        "site_url": f"{site_url}{lang}/",
        "docs_dir": str(handwritten / lang),  # (the navigation names its pages: it must be there)
        "site_dir": str(work / "site" / lang),
        "theme": {"name": "material", "language": lang, "custom_dir": str(OVERRIDES)},
        "plugins": [
            {"search": search_settings(lang)},
            {"macros": {"modules": ["macros"], "on_error_fail": True,
                        "on_undefined": "strict", "render_by_default": True}},
        ],
        # Puts each generated page's body in place after Markdown (see pages.py).
        "hooks": [str(HOOKS)],
        "extra": {
            "seuranta": {
                "lang": lang,
                "site_url": site_url,  # absolute hreflang alternates (main.html)
                "languages": [{"lang": code, "name": LANGUAGE_NAMES[code]} for code in LANGUAGES],
                "labels": {k: gettext(f"footer.{k}", lang) for k in
                           ("accessibility", "privacy", "data", "about", "licence")},
                "skip": gettext("nav.skip", lang),
                "menu": gettext("nav.menu", lang),  # the menu button's name (partials/header.html)
                "template_cache": str(work / "template-cache"),  # see hooks.py
                "small_count": package.small_count,  # quoted by hand-written pages (macros/)
            },
            # `true`, not a list: Material then includes partials/alternate.html (our
            # per-page language switch) but prints no head links of its own, which
            # would point at the language roots; main.html prints per-page ones.
            "alternate": True,
        },
    }
    path = work / f"mkdocs.{lang}.yml"
    # JSON is valid YAML, and leaves no room for YAML's surprises in data text.
    path.write_text(json.dumps(config, ensure_ascii=False, indent=1), encoding="utf-8")
    return path, nav(package, lang, pages)


@cache
def search_settings(lang: str) -> dict[str, object]:
    """The search plugin's language, word separator and pipeline, as the theme's
    translations give them. The plugin looks up those not in its config on every
    build, compiling the theme's language templates three times (0.05 s a language
    and build); this process looks them up once."""
    from mkdocs.theme import Theme

    env = Theme(name="material", language=lang).get_env()
    template = env.get_template("partials/language.html", None, {"config": {"theme": {"language": lang}}})
    words = {key: str(template.module.t(f"search.config.{key}"))  # type: ignore[attr-defined]
             for key in ("lang", "separator", "pipeline")}
    return {"lang": [words["lang"]], "separator": words["separator"],
            "pipeline": [step for step in re.split(r"\s*,\s*", words["pipeline"]) if step]}
