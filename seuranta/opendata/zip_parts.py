"""A zip file put together from parts deflated one by one, so that a part kept from
the last build is not compressed again.

A part is deflated on its own (a compressor of its own, ended by a sync flush, not
as the last block): parts deflated so follow one another as one valid deflate
stream, which the final empty block ends. The workbook (xlsx.py) deflates each
block of a table's rows once and keeps it: after one changed value, one block is
compressed again, not the sheet's 15 MB of XML (0.3 s at national scale). A zip
entry names the CRC-32 of its whole content: it is worked out from each part's own
CRC-32 and length (_crc_after), without the parts' uncompressed bytes.

Every entry has the same timestamp and permissions: the same parts give the same bytes.
"""

from __future__ import annotations

import struct
import zlib
from typing import TypeGuard

# A part: its bytes deflated on their own, with the CRC-32 and the length of those bytes.
Deflated = tuple[bytes, int, int]

_FINAL = b"\x03\x00"  # an empty last block of fixed Huffman codes: the end of a deflate stream
_DOS_DATE = (1980 - 1980) << 9 | 1 << 5 | 1  # 1.1.1980, the earliest date a zip entry can have
_UNIX_FILE = 0o100644 << 16  # a regular file, rw-r--r--


def deflated(data: bytes) -> Deflated:
    """`data` deflated on its own, to be followed by other parts (see above)."""
    compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush(zlib.Z_SYNC_FLUSH), zlib.crc32(data), len(data)


def is_deflated(part: object) -> TypeGuard[Deflated]:
    """Whether `part` has the shape of a Deflated (a cache read back is checked, not trusted)."""
    return (isinstance(part, tuple) and len(part) == 3 and isinstance(part[0], bytes)
            and isinstance(part[1], int) and isinstance(part[2], int))


def _crc_after(crc: int, part_crc: int, length: int) -> int:
    """The CRC-32 of some bytes followed by a part, from that of the bytes (`crc`) and the
    part's own CRC-32 and length. CRC-32 is affine in the value it starts from: going on
    over the part from `crc` differs from starting at 0 as going on over as many zero
    bytes does."""
    zeros = bytes(length)
    return part_crc ^ zlib.crc32(zeros, crc) ^ zlib.crc32(zeros, 0)


def joined(parts: list[Deflated]) -> Deflated:
    """The parts one after the other as one finished deflate stream."""
    crc, length = 0, 0
    for _, part_crc, part_length in parts:
        crc, length = _crc_after(crc, part_crc, part_length), length + part_length
    return b"".join([data for data, _, _ in parts]) + _FINAL, crc, length


def zip_file(entries: list[tuple[str, Deflated]]) -> bytes:
    """A zip file of `entries` (name, content as a finished deflate stream: joined), in
    their order. (Sizes under 4 GiB: no ZIP64.)"""
    out, directory = bytearray(), bytearray()
    for name, (data, crc, length) in entries:
        encoded = name.encode("utf-8")
        common = struct.pack("<HHHHHIIIH", 20, 0x800, 8, 0, _DOS_DATE, crc, len(data), length, len(encoded))
        directory += struct.pack("<IH", 0x02014B50, 3 << 8 | 20) + common + struct.pack(
            "<HHHHII", 0, 0, 0, 0, _UNIX_FILE, len(out)) + encoded
        out += struct.pack("<I", 0x04034B50) + common + struct.pack("<H", 0) + encoded + data
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(directory), len(out), 0)
    return bytes(out + directory + end)
