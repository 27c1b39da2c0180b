"""The hard-linked copies a rebuild starts from (files.py)."""

from __future__ import annotations

import os
from pathlib import Path

from seuranta.files import put_parts, remove_files_but, start_sync_tree, sync_tree


def tree(root: Path) -> dict[str, int | None]:
    """Every entry under `root`: a file's inode, None for a folder."""
    return {str(p.relative_to(root)): None if p.is_dir() else p.stat().st_ino for p in sorted(root.rglob("*"))}


def test_a_spare_copy_is_brought_up_to_date_by_linking_only_what_differs(tmp_path):
    live, spare = tmp_path / "live", tmp_path / "spare"
    for rel, text in {"same.txt": "1", "a/same.txt": "2", "a/b/new.txt": "3", "changed.txt": "4",
                      "was-a-folder": "5", "folder-now/x.txt": "6"}.items():
        (live / rel).parent.mkdir(parents=True, exist_ok=True)
        (live / rel).write_text(text)
    (spare / "a").mkdir(parents=True)
    os.link(live / "same.txt", spare / "same.txt")
    os.link(live / "a" / "same.txt", spare / "a" / "same.txt")
    (spare / "changed.txt").write_text("old")  # another file, though it had the same name
    (spare / "was-a-folder").mkdir()
    (spare / "was-a-folder" / "gone.txt").write_text("7")
    (spare / "folder-now").write_text("8")
    (spare / "removed" / "deep").mkdir(parents=True)
    (spare / "removed.txt").write_text("9")
    kept = (spare / "same.txt").stat().st_ino

    listing: list[str] = []
    changed = sync_tree(live, spare, listing)

    assert tree(spare) == tree(live)  # the same entries, every file the live one itself
    assert (spare / "same.txt").stat().st_ino == kept
    # linked: a/b/new.txt, changed.txt, was-a-folder, folder-now/x.txt (what stood under those names
    # went first); removed: the folder removed and removed.txt
    assert changed == 6
    assert sync_tree(live, spare) == 0
    assert sorted(listing) == sorted(rel for rel, inode in tree(live).items() if inode is not None)


def test_the_spare_is_brought_up_to_date_by_a_python_of_its_own(tmp_path, monkeypatch):
    """start_sync_tree runs sync_tree in a new Python (which finds this package from any
    working folder) and returns its listing, odd file names included."""
    live, spare = tmp_path / "live", tmp_path / "spare"
    names = ["a/b/c.txt", "ä ö/space d.html", "x.txt"]
    for rel in names:
        (live / rel).parent.mkdir(parents=True, exist_ok=True)
        (live / rel).write_text(rel)
    (spare / "stale").mkdir(parents=True)
    (spare / "x.txt").write_text("old")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PYTHONPATH", raising=False)
    listing = start_sync_tree(live, spare)()
    assert sorted(listing) == sorted(names)
    assert tree(spare) == tree(live)


def test_a_missing_spare_is_a_whole_copy(tmp_path):
    (tmp_path / "live" / "a").mkdir(parents=True)
    (tmp_path / "live" / "a" / "f.txt").write_text("1")
    sync_tree(tmp_path / "live", tmp_path / "spare")
    assert tree(tmp_path / "spare") == tree(tmp_path / "live")


def test_removing_files_from_a_listing_equals_removing_them_by_walking(tmp_path):
    """remove_files_but with sync_tree's listing leaves what it leaves by listing the
    folders itself: the kept files, and no folder left empty."""
    layout = ["index.html", "assets/a.css", "a/index.html", "a/sitemap.xml", "a/b/index.html", "a/b/c/index.html",
              "gone/index.html", "gone/deep/index.html"]
    keep = {"index.html", "a/index.html", "a/b/c/index.html"}
    for name in ("walked", "listed"):
        for rel in layout:
            (tmp_path / name / rel).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / name / rel).write_text(rel)
    remove_files_but(tmp_path / "walked", keep)
    remove_files_but(tmp_path / "listed", keep, layout)
    assert tree(tmp_path / "listed").keys() == tree(tmp_path / "walked").keys()
    assert {rel for rel, inode in tree(tmp_path / "listed").items() if inode is not None} == keep
    assert not (tmp_path / "listed" / "gone").exists()


def test_a_file_put_in_parts_is_the_parts_joined_and_never_written_through_a_link(tmp_path):
    """files.put_parts: the file holds the parts one after the other; a file that already
    holds them is left as it is; a file that differs is replaced by a new one, so the
    live site's file it may be a hard link to keeps its bytes."""
    live, path = tmp_path / "live.json", tmp_path / "new" / "site" / "data.json"
    assert put_parts(path, [b"[\n", b"", "ä".encode(), b"\n]\n"])  # its folders are new
    assert path.read_bytes() == "[\nä\n]\n".encode()
    inode = path.stat().st_ino
    assert not put_parts(path, [b"[\n\xc3", b"\xa4\n]", b"\n"])  # the same bytes, parted otherwise
    assert path.stat().st_ino == inode
    live.write_bytes(b"12345")
    path.unlink()
    path.hardlink_to(live)
    assert put_parts(path, [b"123", b"46"])  # the same size, other bytes
    assert (path.read_bytes(), live.read_bytes()) == (b"12346", b"12345")
