"""The one place that knows MkDocs: each language's config, running MkDocs, and its hooks.

Seuranta renders every generated page's body itself (`seuranta.site`); MkDocs
with mkdocs-material only adds the theme: navigation, search, the page shell.
To move to another static site generator (Zensical, say), replace this folder:
`config.language_config`, `run.run_mkdocs` and `hooks.py` are all the build
asks of it. A test checks that no other module imports MkDocs.
"""
