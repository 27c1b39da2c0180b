"""One short, stable fingerprint for deciding what a build must make again."""

from __future__ import annotations

import hashlib


def digest(data: str | bytes) -> str:
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()[:20]
