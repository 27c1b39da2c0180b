"""Writing the site without touching the live one.

A rebuild starts from a copy of the previous site made of hard links (cheap:
no data is copied). A hard-linked file is shared with the live site, so it
must never be opened for writing: every write here unlinks first and creates
a new file, and files whose content is unchanged are not written at all.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path


def put_bytes(path: Path, data: bytes) -> bool:
    """Make `path` hold `data`; True when it had to be written."""
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    path.write_bytes(data)
    return True


def put_text(path: Path, text: str) -> bool:
    return put_bytes(path, text.encode("utf-8"))


def link_tree(source: Path, target: Path) -> None:
    """A copy of `source` at `target` whose files are hard links to the originals."""
    if sys.platform == "linux" and shutil.which("cp") and not target.exists():
        # GNU cp does the same about twice as fast (0.45 s for 20,000 files here).
        subprocess.run(["cp", "-al", str(source), str(target)], check=True)
    else:
        link_tree_portably(source, target)


def link_tree_portably(source: Path, target: Path) -> None:
    for root, _dirs, names in os.walk(source):
        rel = Path(root).relative_to(source)
        (target / rel).mkdir(parents=True, exist_ok=True)
        for name in names:
            os.link(Path(root) / name, target / rel / name)
