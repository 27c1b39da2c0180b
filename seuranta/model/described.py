"""The package-level properties of the package being built (title, version,
release notes, licence…): from its own datapackage.json (check.schema.package_descriptor),
so a build of another data folder never shows the repository's release notes.

The tables' schemas are always the contract's (the repository's datapackage.json):
the published files follow it. What a package's own descriptor leaves out of the
portal's terms (title, licence, publisher, keywords) is the portal's; what only
the data can say (its version, dates, release notes, sources) is never taken
from another package.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from seuranta.check.schema import package_descriptor
from seuranta.settings import DESCRIPTOR

# The contract's: every published package follows the repository's schemas.
CONTRACT_KEYS = frozenset({"profile", "resources", "x_contract_version", "x_contract_note"})
# The data's own: never taken from the repository's descriptor.
OWN_KEYS = frozenset({"id", "version", "created", "x_releases", "sources"})


def _read(path: Path | None) -> dict[str, Any]:
    if path is None:
        return {}
    try:
        read = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return read if isinstance(read, dict) else {}


def package_properties(data_dir: Path, contract: Path = DESCRIPTOR) -> dict[str, Any]:
    """The package's own properties, without the tables' schemas; the portal's
    (`contract`'s) for the terms its descriptor does not state."""
    own = {k: v for k, v in _read(package_descriptor(data_dir)).items() if k not in CONTRACT_KEYS}
    portal = _read(contract)
    portal_terms = {k: v for k, v in portal.items() if k not in CONTRACT_KEYS | OWN_KEYS and k not in own}
    return {**own, **portal_terms}
