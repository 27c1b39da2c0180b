"""MkDocs hooks (named in config.language_config): wiring only. Puts each generated
page's pre-rendered body in place, adds the Content-Security-Policy, and spares
MkDocs work whose result Seuranta does not use.

The body is added after Markdown has run, as the page's template is about to
render it (on_page_context, after every plugin), so data text is never read as
Markdown or Jinja, and large HTML bodies are not re-parsed or scanned.
"""

from __future__ import annotations

import os
from pathlib import Path

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from seuranta.site.finishing import with_content_security_policy
from seuranta.site.pages import body_path


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # The per-language 404 page assumes it is served from the site root, so the
    # build replaces it with one bilingual root page (build.write_root_pages);
    # rendering it (the whole navigation, per language) was wasted time.
    config.theme.static_templates.discard("404.html")
    theme_env = config.theme.get_env

    def get_env() -> Environment:
        env = theme_env()
        assert isinstance(env.loader, FileSystemLoader)  # MkDocs' theme: templates from its folders
        env.loader = _ThemeLoader(env.loader.searchpath)
        return env

    # MkDocs has no hook for the theme's template loader: this theme's method is replaced.
    config.theme.get_env = get_env  # type: ignore[method-assign]
    return config


class _ThemeLoader(FileSystemLoader):
    """The theme's template loader, listing no hidden folders. MkDocs lists every
    theme file to copy the static ones, and drops hidden ones only after matching
    each against its patterns: Material's 14,000 icons in .icons/ took 0.4 s per
    language. Templates still include icons from there (get_source is unchanged)."""

    def list_templates(self) -> list[str]:
        found: set[str] = set()
        for searchpath in self.searchpath:
            for folder, dirs, names in os.walk(searchpath, followlinks=self.followlinks):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                rel = os.path.relpath(folder, searchpath)
                found.update(name if rel == "." else f"{rel}/{name}".replace(os.path.sep, "/")
                             for name in names)
        return sorted(found)


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    # Compiling the theme's templates took about 0.4 s per language and build;
    # compiled templates are kept in the work folder, checked against their source.
    cache = config["extra"].get("seuranta", {}).get("template_cache")
    if cache:
        Path(cache).mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = FileSystemBytecodeCache(cache)
    return env


# After every plugin's: the theme's search plugin scans each page's content with a
# regular expression (0.5 s per language for the bodies, where it finds nothing); a
# generated page's stub is all it needs to see.
@event_priority(-100)
def on_page_context(context: TemplateContext, page: Page, config: MkDocsConfig,
                    nav: Navigation) -> TemplateContext:
    body = body_path(Path(config["docs_dir"]), page.file.src_uri)
    if body.is_file():
        page.content = body.read_text(encoding="utf-8")
    return context


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    # Here, in MkDocs' own process, not by reading every written page again.
    return with_content_security_policy(output)
