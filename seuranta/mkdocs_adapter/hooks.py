"""MkDocs hooks (named in config.language_config): wiring only. Adds the generated
pages (run.GeneratedPages) to the hand-written ones, puts each generated page's
pre-rendered body in place, adds the Content-Security-Policy, and spares MkDocs
work whose result Seuranta does not use (the navigation's sections are drawn once
for many pages: nav_cache.py).

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
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from seuranta.mkdocs_adapter.nav_cache import NavCache
from seuranta.mkdocs_adapter.run import generated_pages
from seuranta.site.finishing import with_content_security_policy


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


class _GeneratedPage(File):
    """A generated page, its stub given from memory. In a dirty build (a rebuild) it is
    rendered when its output is missing: build.py removes the outputs of the pages
    whose content changed. (MkDocs renders every page with content in memory again.)"""

    def is_modified(self) -> bool:
        return not os.path.isfile(self.abs_dest_path)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    # The generated pages, besides the hand-written ones of docs_dir (a generated page
    # takes its path). Their stubs are in memory: a file each, in a folder each, cost
    # more to create than MkDocs takes to render them.
    for path, stub in generated_pages().sources.items():
        same = files.get_file_from_path(path)
        if same is not None:
            files.remove(same)
        files.append(_GeneratedPage.generated(config, path, content=stub))
    return files


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    # Compiling the theme's templates took about 0.4 s per language and build;
    # compiled templates are kept in the work folder, checked against their source.
    cache = config["extra"].get("seuranta", {}).get("template_cache")
    if cache:
        Path(cache).mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = FileSystemBytecodeCache(cache)
    # The navigation's sections, drawn once per depth of page (overrides/partials/nav.html).
    env.globals["seuranta_nav"] = NavCache()
    return env


# After every plugin's: the theme's search plugin scans each page's content with a
# regular expression (0.5 s per language for the bodies, where it finds nothing); a
# generated page's stub is all it needs to see.
@event_priority(-100)
def on_page_context(context: TemplateContext, page: Page, config: MkDocsConfig,
                    nav: Navigation) -> TemplateContext:
    body = generated_pages().body(page.file.src_uri)
    if body is not None:
        page.content = body
    return context


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    # Here, in MkDocs' own process, not by reading every written page again.
    return with_content_security_policy(output)
