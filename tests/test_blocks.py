"""The open data's tables made block by block (opendata/blocks.py), each block kept for
the next build, and the zip put together from parts deflated one by one (zip_parts.py)."""

from __future__ import annotations

import csv
import pickle
import random
import shutil
import zipfile
import zlib

import pytest
from conftest import SITE_DATA

from seuranta.model.load import load_package
from seuranta.opendata import blocks
from seuranta.opendata.downloads import write_downloads
from seuranta.opendata.zip_parts import deflated, joined, zip_file


def test_parts_deflated_one_by_one_are_one_deflate_stream_with_the_whole_crc():
    """Parts of random sizes, as zip_parts joins them: inflated, they are the whole, and
    the CRC-32 and length worked out from each part's are those of the whole."""
    rng = random.Random(27)
    for _ in range(200):
        parts = [rng.randbytes(rng.choice([0, 1, 5, 300, 70_000])) for _ in range(rng.randint(1, 6))]
        whole = b"".join(parts)
        data, crc, length = joined([deflated(part) for part in parts])
        assert zlib.decompress(data, -zlib.MAX_WBITS) == whole
        assert (crc, length) == (zlib.crc32(whole), len(whole))


def test_a_zip_of_parts_reads_back_with_its_crcs_checked(tmp_path):
    texts = {"a.xml": b"<a/>" * 10_000, "b/c.txt": "ä – 😀\n".encode(), "empty": b""}
    made = zip_file([(name, joined([deflated(text[:7]), deflated(text[7:])])) for name, text in texts.items()])
    (tmp_path / "t.zip").write_bytes(made)
    with zipfile.ZipFile(tmp_path / "t.zip") as z:
        assert z.testzip() is None  # every entry's CRC-32 checked
        assert z.namelist() == list(texts)
        assert {name: z.read(name) for name in texts} == texts
        assert {info.date_time for info in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert made == zip_file([(name, joined([deflated(text[:7]), deflated(text[7:])])) for name, text in texts.items()])


def _edited(data, edit):
    """observations.csv of the package in `data` with one edit: a changed value, a new
    row at the top or the last row removed."""
    path = data / "observations.csv"
    with path.open(encoding="utf-8", newline="") as f:
        header, *rows = list(csv.reader(f))
    if edit == "changed value":
        row = next(row for row in rows[12:] if row[4])
        row[4] = str(float(row[4]) + 1)
    elif edit == "new row":
        rows.insert(0, [*rows[2][:2], "2019-01-01", "2019-12-31", "130", *rows[2][5:]])
    else:
        rows.pop()
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows([header, *rows])


def _files(folder):
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("edit", ["changed value", "new row", "last row removed"])
def test_open_data_from_kept_blocks_is_the_open_data_made_anew(tmp_path, monkeypatch, edit):
    """After an edit, every file written with the blocks kept by the last write is byte for
    byte the file written without them; the blocks before the edit are taken, not made."""
    monkeypatch.setattr(blocks, "BLOCK_ROWS", 5)  # the fixture's observations in five blocks
    data = tmp_path / "data"
    shutil.copytree(SITE_DATA, data)
    write_downloads(load_package(data), tmp_path / "first", cache_dir=tmp_path / "cache")
    _edited(data, edit)
    package = load_package(data)
    taken = []
    each = blocks.Blocks.each

    def counted(self, *args, **kwargs):
        yield from each(self, *args, **kwargs)
        taken.append(self.reused)

    monkeypatch.setattr(blocks.Blocks, "each", counted)
    write_downloads(package, tmp_path / "kept", cache_dir=tmp_path / "cache")
    assert max(taken) > 0
    write_downloads(package, tmp_path / "anew")
    kept, anew = _files(tmp_path / "kept"), _files(tmp_path / "anew")
    assert kept.keys() == anew.keys()
    assert [name for name in kept if kept[name] != anew[name]] == []
    assert _files(tmp_path / "first")["observations.csv"] != kept["observations.csv"]


def test_a_kept_block_is_taken_as_it_was(tmp_path, monkeypatch):
    """What a block became is taken from the cache, not made again: a kept text, changed
    in the cache, shows in the next write of the same data."""
    monkeypatch.setattr(blocks, "BLOCK_ROWS", 5)
    write_downloads(load_package(SITE_DATA), tmp_path / "first", cache_dir=tmp_path / "cache")
    (cache,) = (tmp_path / "cache").glob("blocks-*")
    kept = pickle.loads(cache.read_bytes())
    cache.write_bytes(pickle.dumps({key: value.upper() if isinstance(value, bytes) else value
                                    for key, value in kept.items()}))
    write_downloads(load_package(SITE_DATA), tmp_path / "again", cache_dir=tmp_path / "cache")
    header, _, rows = (tmp_path / "first" / "observations.csv").read_bytes().partition(b"\n")
    assert (tmp_path / "again" / "observations.csv").read_bytes() == header + b"\n" + rows.upper()


def test_text_like_a_blocks_mark_stays_text_in_the_workbook(tmp_path):
    """In the sheet XlsxWriter writes, each block of rows is a mark the zip replaces
    (xlsx._zipped): a cell holding the mark's text is escaped XML, not a mark."""
    import datetime as dt

    import openpyxl

    from seuranta.opendata.xlsx import workbook

    described = {"name": "t", "resources": [{"name": "s", "schema": {"fields": [{"name": "t", "type": "string"}]}}]}
    rows = [["<!--seuranta block 0-->"], ["<!--seuranta block 1-->"], ["x"]]
    (tmp_path / "t.xlsx").write_bytes(workbook(described, {"s": rows}, dt.date(2025, 1, 1), []))
    read = openpyxl.load_workbook(tmp_path / "t.xlsx")["s"].iter_rows(min_row=3, values_only=True)
    assert [row[0] for row in read] == [row[0] for row in rows]
