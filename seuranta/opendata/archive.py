"""The whole published package in one zip file, the same bytes for the same data.

Written with `zipfile` (frictionless's own zip writer stamps the current time):
every entry has a fixed timestamp and fixed permissions, in the order given.
The archive's comment holds a fingerprint of its entries, so a rebuild with
unchanged data recognises the previous archive without compressing anything.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from seuranta.digest import digest
from seuranta.files import put_bytes

_MARK = b"seuranta-data "
ZIP_DATE = (2000, 1, 1, 0, 0, 0)  # every entry's timestamp: nothing in the archive comes from the clock


def _fingerprint(members: dict[str, bytes]) -> bytes:
    return _MARK + digest(b"\0".join(name.encode() + b"\0" + data for name, data in members.items())).encode()


def archive(members: dict[str, bytes]) -> bytes:
    """A zip file of `members` (name in the archive: content), in their order."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16  # rw-r--r--, whatever the umask
            info.create_system = 3  # Unix, on every platform
            z.writestr(info, data)
        z.comment = _fingerprint(members)
    return buffer.getvalue()


def write_archive(path: Path, members: dict[str, bytes]) -> bool:
    """Make `path` the archive of `members`; True when it had to be written. An archive
    of the same members (its comment says so) is left as it is: no compression."""
    try:
        with zipfile.ZipFile(path) as z:
            if z.comment == _fingerprint(members):
                return False
    except (OSError, zipfile.BadZipFile):
        pass
    return put_bytes(path, archive(members))
