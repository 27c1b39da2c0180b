"""The search index file (site/search.py): the text json.dumps writes, with entries
written before taken as the same text, and the entries this process wrote taken back
only while the file is the one it wrote."""

from __future__ import annotations

import json
import os

from seuranta.site.search import add_entries, live_entries, page_entries

THEME_INDEX = {"config": {"lang": ["fi"], "separator": "[\\s\\-]+", "pipeline": ["stopWordFilter"]},
               "docs": [{"location": "tietoa/", "title": "Tietoa", "text": "Käsin kirjoitettu ”sivu”."}]}


def _theme_index(path) -> None:  # what MkDocs' search plugin writes before add_entries
    path.write_text(json.dumps(THEME_INDEX), encoding="utf-8")


def test_the_index_is_what_json_dumps_writes_also_with_entries_written_before(tmp_path):
    index = tmp_path / "first.json"
    _theme_index(index)
    entries = page_entries("a/", "Tavoite <1>", "<p>Teksti \u2028 ja \"lainaus\"</p><h2 id=\"x\">Osa</h2><p>b</p>")
    add_entries(index, entries, "fi")
    expected = {**THEME_INDEX, "docs": THEME_INDEX["docs"] + entries}
    assert index.read_text(encoding="utf-8") == json.dumps(expected, ensure_ascii=False, separators=(",", ":"))
    again = tmp_path / "again.json"
    _theme_index(again)
    kept = live_entries(index, "fi")[1:]  # the entries written before, as this process keeps them
    changed = page_entries("b/", "Toinen", "<p>Uusi</p>")
    add_entries(again, kept + changed, "fi")
    expected = {**THEME_INDEX, "docs": THEME_INDEX["docs"] + entries + changed}
    assert again.read_text(encoding="utf-8") == json.dumps(expected, ensure_ascii=False, separators=(",", ":"))


def test_entries_are_taken_back_while_the_file_is_the_one_written(tmp_path):
    index = tmp_path / "search_index.json"
    _theme_index(index)
    add_entries(index, page_entries("a/", "A", "<p>a</p>"), "sv")
    written = live_entries(index, "sv")
    assert live_entries(index, "sv") is written
    other = {**THEME_INDEX, "docs": [{"location": "b/", "title": "B", "text": "b"}]}
    index.write_text(json.dumps(other), encoding="utf-8")  # written by another process
    os.utime(index, ns=(1, 1))
    assert live_entries(index, "sv") == other["docs"]
