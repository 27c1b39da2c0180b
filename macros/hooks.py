"""MkDocs hooks: wiring only. Puts each generated page's pre-rendered body in place.

The body is added after Markdown has run (on_page_content), so data text is
never read as Markdown or Jinja, and large HTML bodies are not re-parsed.
"""

from __future__ import annotations

from pathlib import Path

from seuranta.pages import body_path


def on_page_content(html, page, config, files):
    body = body_path(Path(config["docs_dir"]), page.file.src_uri)
    return body.read_text(encoding="utf-8") if body.is_file() else html
