"""The site: every generated page's body, rendered from the model.

`pages` lists the pages per language and writes their sources; `render` makes
each page type's HTML body; `views` holds what a plan's, a goal's or an embed page
shows (a slice of the package, its charts, the settings), whose digest says when
the page must be made again (`data_page` the open-data page, from the table
schemas); `html` is the only way data text reaches a page
(escaped); `search` makes the search index entries; `finishing` adds the
security policy, the root pages and the sitemaps after MkDocs.
"""
