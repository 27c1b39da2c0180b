"""Running MkDocs on one language's config (in this process or a second one)."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:  # not imported at run time: a second process runs only this module
    from seuranta.site.pages import NavItem


class MkDocsFailed(Exception):
    """MkDocs stopped; the message says which config and why."""


class _DropDirtyWarning(logging.Filter):
    """MkDocs warns that a dirty build may leave stale navigation; ours names every
    page in the navigation and re-renders every page whose content changed, so
    the warning does not apply (and would fail the build under --strict)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build" not in record.getMessage()


class GeneratedPages(NamedTuple):
    """The generated pages MkDocs renders besides the files of its docs_dir (the
    hand-written pages): their stubs (front matter only) by path, and the body of
    each page rendered this time (None: not rendered now; pages.py)."""

    sources: Mapping[str, str]
    body: Callable[[str], str | None]


NO_PAGES = GeneratedPages({}, lambda path: None)

# The generated pages of the MkDocs build running in this process (hooks.py adds them).
_generated = NO_PAGES


def generated_pages() -> GeneratedPages:
    return _generated


def run_mkdocs(config_file: Path, navigation: list[NavItem], dirty: bool = False,
               pages: GeneratedPages | None = None) -> None:
    """MkDocs' build of a language's config, with `pages` besides its docs_dir's files.
    `dirty`: render only the pages whose output is missing (build.py removes the
    outputs of the pages to render again)."""
    global _generated
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    logger = logging.getLogger("mkdocs")
    build_logger = logging.getLogger("mkdocs.commands.build")
    if not any(isinstance(f, _DropDirtyWarning) for f in build_logger.filters):
        build_logger.addFilter(_DropDirtyWarning())
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.WARNING)
    _ask_git_once()
    _generated = pages or NO_PAGES
    try:
        cfg = load_config(config_file=str(config_file), strict=True, nav=navigation)
        cfg.plugins.on_startup(command="build", dirty=dirty)
        try:
            build(cfg, dirty=dirty)
        finally:
            cfg.plugins.on_shutdown()
    except (MkDocsException, SystemExit) as e:
        raise MkDocsFailed(f"MkDocs build failed ({config_file.name}): {e}") from e
    finally:
        _generated = NO_PAGES


def _ask_git_once() -> None:
    """mkdocs-macros asks git about the repository on every build (its `git` variables,
    twelve commands, 0.04 s a language and build; no page of ours shows them): this
    process asks once, and each build gets a copy of the answers. (Its module's
    function is replaced: the plugin has no setting for it.)"""
    from mkdocs_macros import context

    if getattr(context.get_git_info, "asked_once", False):
        return
    answers: dict[str, Any] = context.get_git_info()  # type: ignore[no-untyped-call]

    def git_info() -> dict[str, Any]:
        return dict(answers)

    git_info.asked_once = True  # type: ignore[attr-defined]
    context.get_git_info = git_info
