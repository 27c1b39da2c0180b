"""Writing the site without touching the live one.

A rebuild starts from a copy of the previous site made of hard links (cheap:
no data is copied). A hard-linked file is shared with the live site, so it
must never be opened for writing: every write here unlinks first and creates
a new file, and files whose content is unchanged are not written at all.

The site that was live before is kept as the spare (build.py), and the next
rebuild starts from it, brought up to date by `sync_tree`: linking only what
differs is 0.4 s where a new copy of 30,000 files in 14,000 folders is 2.5 s
of system time, and deleting the old one as much again.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Container, Iterable
from contextlib import suppress
from pathlib import Path
from typing import BinaryIO


def put_bytes(path: Path, data: bytes) -> bool:
    """Make `path` hold `data`; True when it had to be written. (A first build writes
    every file new: no more system calls then than a write, and a folder when new.)"""
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
        path.unlink()  # it may be a hard link to the live site's file
    except FileNotFoundError:
        pass
    put_new(path, data)
    return True


def put_new(path: Path, data: bytes) -> None:
    """Write a file the caller knows is not there (its folder was listed just now, or
    made empty): no look at it first, which for thousands of new files is a tenth of a
    second and more. Its folder is made if missing."""
    try:
        path.write_bytes(data)
    except FileNotFoundError:  # its folder is new
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def put_listed(path: Path, text: str, listed: Container[str]) -> None:
    """put_text, for a file in a folder whose names were `listed` just now: a name not
    listed is written new (put_new)."""
    if path.name in listed:
        put_text(path, text)
    else:
        put_new(path, text.encode("utf-8"))


def put_parts(path: Path, parts: list[bytes]) -> bool:
    """put_bytes of the parts one after the other, without joining them (a table's JSON
    at national scale is 11 MB: joined, it would be held twice)."""
    try:
        if path.stat().st_size == sum(map(len, parts)):
            with path.open("rb") as file:
                if all(file.read(len(part)) == part for part in parts):
                    return False
        path.unlink()  # it may be a hard link to the live site's file
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)  # its folder may be new
    with path.open("wb") as file:
        file.writelines(parts)
    return True


def put_text(path: Path, text: str) -> bool:
    return put_bytes(path, text.encode("utf-8"))


def file_identity(path: Path) -> tuple[int, ...] | None:
    """The file as it is now (device, inode, size, modification time), to tell whether it
    is still the one this process wrote and kept in memory; None if it is not there."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns


def keep_in_cache(path: Path, data: str | bytes | Callable[[BinaryIO], object]) -> None:
    """Store `data` (text as UTF-8; or what a function writes into the file it is given)
    in a cache file whole or not at all: it is written beside and renamed into place, so
    a build stopped mid-write never leaves a truncated file that later builds would
    reuse as if it were complete."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    if callable(data):
        with partial.open("wb") as file:
            data(file)
    else:
        partial.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    partial.replace(path)


def remove_files_but(root: Path, keep: Container[str], files: Iterable[str] | None = None) -> None:
    """Delete every file under `root` whose path relative to it ("a/b.md") is not
    in `keep`, and the folders left empty. `files`: every file under `root`, when
    known (sync_tree's listing): then no folder is listed again. (Strings, not Path
    objects: a language's site is 7,000 folders.)"""
    top = str(root)
    if files is not None:
        emptied: set[str] = set()
        for rel in files:
            if rel not in keep:
                os.unlink(os.path.join(top, rel))
                emptied.add(os.path.dirname(rel))
        for folder in sorted(emptied, key=len, reverse=True):  # the deepest first
            while folder:
                try:
                    os.rmdir(os.path.join(top, folder))
                except OSError:  # not empty
                    break
                folder = os.path.dirname(folder)
        return
    changed: set[str] = set()  # folders that lost a file or a folder
    for folder, dirs, names in os.walk(top, topdown=False):
        prefix = folder[len(top) + 1:].replace(os.sep, "/") + "/" if folder != top else ""
        for name in names:
            if prefix + name not in keep:
                os.unlink(os.path.join(folder, name))
                changed.add(folder)
        if folder != top and (folder in changed or not (dirs or names)):  # (else it still holds what it held)
            with suppress(OSError):  # not empty
                os.rmdir(folder)
                changed.add(os.path.dirname(folder))


def link_tree(source: Path, target: Path) -> None:
    """A copy of `source` at `target` whose files are hard links to the originals."""
    start_link_tree(source, target)()


def start_link_tree(source: Path, target: Path) -> Callable[[], None]:
    """Start `link_tree`; the returned function waits until the copy is complete.

    With GNU cp the copy runs in its own process, beside whatever Python does
    meanwhile (it is all system calls: 0.5 s for 20,000 files here)."""
    entries = sorted(os.listdir(source))
    target.mkdir(parents=True)
    if _gnu_tools() and entries:
        process = subprocess.Popen(["cp", "-al", *[str(source / e) for e in entries], str(target)])

        def wait() -> None:
            if process.wait() != 0:
                raise subprocess.CalledProcessError(process.returncode, process.args)
        return wait
    for e in entries:
        if (source / e).is_dir():
            link_tree_portably(source / e, target / e)
        else:
            os.link(source / e, target / e)
    return lambda: None


def start_sync_tree(source: Path, target: Path) -> Callable[[], list[str]]:
    """Start `sync_tree` in a new Python of its own (it is mostly system calls, beside
    whatever the build does meanwhile; a forked process would share the build's memory,
    and every page the build then wrote to would be copied first); the returned function
    waits until it is done and returns the listing of every file ("fi/index.html")."""
    # (It finds this package where this process found it, whatever its working folder.)
    package_parent = str(Path(__file__).resolve().parent.parent)
    path = os.pathsep.join([package_parent, *filter(None, [os.environ.get("PYTHONPATH")])])
    process = subprocess.Popen([sys.executable, "-m", "seuranta.files", str(source), str(target)],
                               stdout=subprocess.PIPE, env={**os.environ, "PYTHONPATH": path})

    def wait() -> list[str]:
        out, _ = process.communicate()  # (the listing comes at the end: the pipe never fills meanwhile)
        if process.returncode != 0:
            raise subprocess.CalledProcessError(process.returncode, process.args)
        return out.decode("utf-8", "surrogateescape").split("\0") if out else []
    return wait


def synced_listing(source: Path, target: Path) -> list[str]:
    """`sync_tree`, returning the listing of every file ("fi/index.html")."""
    listing: list[str] = []
    sync_tree(source, target, listing)
    return listing


def sync_tree(source: Path | str, target: Path | str, listing: list[str] | None = None, within: str = "") -> int:
    """Make `target` a copy of `source` made of hard links, changing only what differs:
    a file of `target` that is not the same file as `source`'s (by its inode) is linked
    anew, and what `source` does not have is removed. Returns how many entries changed;
    `listing`, when given, receives the path of every file ("a/b.txt"; `within`: the
    path of this folder, for the folders below).

    Hard links are never written through (see above), so a file with the same inode
    holds the same bytes."""
    changed = 0
    try:
        theirs = {e.name: e for e in os.scandir(target)}
    except FileNotFoundError:
        os.mkdir(target)
        theirs = {}
    for entry in os.scandir(source):
        there = theirs.pop(entry.name, None)
        if entry.is_dir(follow_symlinks=False):
            if there is not None and not there.is_dir(follow_symlinks=False):
                os.unlink(there.path)
            changed += sync_tree(entry.path, os.path.join(target, entry.name), listing, within + entry.name + "/")
            continue
        if listing is not None:
            listing.append(within + entry.name)
        if there is not None:
            if there.inode() == entry.inode():  # the same file (a folder never is)
                continue
            _remove(there)
        os.link(entry.path, os.path.join(target, entry.name))
        changed += 1
    for there in theirs.values():  # not in `source`
        _remove(there)
        changed += 1
    return changed


def _remove(entry: os.DirEntry[str]) -> None:
    if entry.is_dir(follow_symlinks=False):
        shutil.rmtree(entry.path)
    else:
        os.unlink(entry.path)


def link_tree_portably(source: Path, target: Path) -> None:
    for root, _dirs, names in os.walk(source):
        rel = Path(root).relative_to(source)
        (target / rel).mkdir(parents=True, exist_ok=True)
        for name in names:
            os.link(Path(root) / name, target / rel / name)


def discard_tree(path: Path, trash: Path) -> None:
    """Remove the folder `path` at once, from the reader's point of view.

    It is renamed into `trash` (same file system), and its files are deleted by
    a background `rm -rf` that outlives this process: deleting a previous site
    is 0.4 s of unlinking that nobody needs to wait for. `empty_trash` at the
    next build removes whatever is left, so nothing accumulates."""
    if not _gnu_tools():
        shutil.rmtree(path)
        return
    trash.mkdir(parents=True, exist_ok=True)
    target = trash / f"{path.name}-{os.getpid()}-{time.monotonic_ns()}"
    path.rename(target)
    subprocess.Popen(["rm", "-rf", str(target)], start_new_session=True,
                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def empty_trash(trash: Path) -> None:
    """Remove what `discard_tree` left behind (a deletion cut short), without waiting."""
    leftovers = [str(p) for p in trash.iterdir()] if trash.is_dir() else []
    if leftovers:
        subprocess.Popen(["rm", "-rf", *leftovers], start_new_session=True,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _gnu_tools() -> bool:
    # GNU cp and rm do this about twice as fast as Python's os.walk and shutil.
    return sys.platform == "linux" and bool(shutil.which("cp")) and bool(shutil.which("rm"))


if __name__ == "__main__":  # start_sync_tree's process: the listing, NUL-separated, once done
    sys.stdout.buffer.write("\0".join(synced_listing(Path(sys.argv[1]), Path(sys.argv[2])))
                            .encode("utf-8", "surrogateescape"))
