"""One JSON file per indicator, typed, and the JSON Schema it follows.

A record holds the indicator's metadata, its target, its observations and its
status, with the columns of indicators.csv, observations.csv and status.csv
(the target's without their `target_` prefix). Each value is its CSV cell
read by the column's type: numbers as JSON numbers, booleans as booleans,
dates as ISO text, an empty cell as null. The schema is made from the same
table schemas (datapackage.json), so the two cannot disagree.
"""

from __future__ import annotations

from typing import Any

SCHEMA_FILE = "indicator.schema.json"
_JSON_TYPES = {"string": "string", "date": "string", "integer": "integer", "number": "number", "boolean": "boolean"}
TARGET_PREFIX = "target_"


def json_value(text: str, field_type: str) -> Any:
    """A CSV cell as a JSON value of its column's type (the cell as the contract writes it)."""
    if text == "":
        return None
    if field_type == "integer":
        return int(text)
    if field_type == "number":  # 1133 stays an integer, 97.7 a float: the same number as in the CSV
        return int(text) if text.lstrip("-").isdigit() else float(text)
    if field_type == "boolean":
        return text == "true"
    return text


def _fields(described: dict[str, Any], resource: str) -> list[dict[str, Any]]:
    fields: list[dict[str, Any]] = next(r for r in described["resources"] if r["name"] == resource)["schema"]["fields"]
    return fields


def _parts(described: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The columns of each part of a record."""
    indicator = _fields(described, "indicators")
    return {
        "metadata": [f for f in indicator if f["name"] != "id" and not f["name"].startswith(TARGET_PREFIX)],
        "target": [f for f in indicator if f["name"].startswith(TARGET_PREFIX)],
        "observation": [f for f in _fields(described, "observations") if f["name"] != "indicator_id"],
        "status": [f for f in _fields(described, "status") if f["name"] != "indicator_id"],
    }


def _key(part: str, name: str) -> str:
    return name.removeprefix(TARGET_PREFIX) if part == "target" else name


def _typed(part: str, fields: list[dict[str, Any]], row: dict[str, str]) -> dict[str, Any]:
    return {_key(part, f["name"]): json_value(row[f["name"]], f["type"]) for f in fields}


def indicator_record(described: dict[str, Any], organisation_id: str, indicator: dict[str, str],
                     observations: list[dict[str, str]], status: dict[str, str]) -> dict[str, Any]:
    """An indicator's JSON record from its CSV rows (column: text): its row of
    indicators.csv, its rows of observations.csv and its row of status.csv."""
    parts = _parts(described)
    return {
        "id": indicator["id"],
        "organisation_id": organisation_id,
        "metadata": _typed("metadata", parts["metadata"], indicator),
        "target": _typed("target", parts["target"], indicator),
        "observations": [_typed("observation", parts["observation"], o) for o in observations],
        "status": _typed("status", parts["status"], status),
        "licenses": described.get("licenses", []),
    }


def _property(field: dict[str, Any]) -> dict[str, Any]:
    constraints = field.get("constraints", {})
    json_type = _JSON_TYPES.get(field["type"], "string")
    required = bool(constraints.get("required"))
    prop: dict[str, Any] = {"type": json_type if required else [json_type, "null"]}
    if field.get("description"):
        prop["description"] = field["description"]
    if field["type"] == "date":
        prop["format"] = "date"
    if "enum" in constraints:
        prop["enum"] = [*constraints["enum"], *([] if required else [None])]
    for name in ("minimum", "maximum"):
        if name in constraints:
            prop[name] = constraints[name]
    return prop


def _object(fields: list[dict[str, Any]], part: str, description: str) -> dict[str, Any]:
    properties = {_key(part, f["name"]): _property(f) for f in fields}
    return {"type": "object", "description": description, "properties": properties,
            "required": list(properties), "additionalProperties": False}


def indicator_schema(described: dict[str, Any]) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of an indicator's record."""
    parts = _parts(described)
    slug = {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Seuranta: mittari / mätare / indicator",
        "description": "One indicator of the Seuranta data package with its target, observations and status. "
                       "The columns are those of indicators.csv, observations.csv and status.csv "
                       "(see datapackage.json); an empty cell is null.",
        "type": "object",
        "properties": {
            "id": {**slug, "description": "indicators.id"},
            "organisation_id": {**slug, "description": "The organisation whose plan the indicator is in"},
            "metadata": _object(parts["metadata"], "metadata", "The indicator's columns of indicators.csv"),
            "target": _object(parts["target"], "target",
                              "The target: the target_* columns of indicators.csv, without the prefix"),
            "observations": {"type": "array", "description": "Its rows of observations.csv",
                             "items": _object(parts["observation"], "observation", "One observation")},
            "status": _object(parts["status"], "status", "Its row of status.csv, computed by Seuranta"),
            "licenses": {"type": "array", "items": {"type": "object"}},
        },
        "required": ["id", "organisation_id", "metadata", "target", "observations", "status", "licenses"],
        "additionalProperties": False,
    }
