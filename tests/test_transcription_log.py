"""The shipped data against its transcription logs (sources/log/, format in
sources/README.md): every figure and assessment names its source document, and
every logged fact points at a row that exists."""

from __future__ import annotations

import csv

import pytest
from conftest import ROOT

from seuranta.check.schema import load_schema

LOGS = ROOT / "sources" / "log"
RESOURCES = load_schema()


def rows(table: str) -> list[dict]:
    path = ROOT / "data" / RESOURCES[table].filename
    return list(csv.DictReader(open(path, encoding="utf-8", newline=""))) if path.exists() else []


def key(table: str, row: dict) -> str:
    return "|".join(row[k] for k in RESOURCES[table].primary_key)


def logs() -> dict[str, list[dict]]:
    return {path.stem: list(csv.DictReader(open(path, encoding="utf-8", newline="")))
            for path in sorted(LOGS.glob("*.csv"))}


def test_there_is_a_log_for_every_source_document():
    assert set(logs()) == {d["id"] for d in rows("documents")}


@pytest.mark.parametrize("document", sorted(p.stem for p in LOGS.glob("*.csv")))
def test_every_logged_fact_has_a_target_that_exists_or_a_reason(document):
    existing = {table: {key(table, r) for r in rows(table)} for table in RESOURCES}
    problems = []
    for n, entry in enumerate(logs()[document], start=2):
        target, reason = entry["target"].strip(), entry["reason"].strip()
        if bool(target) == bool(reason):
            problems.append((n, "exactly one of target and reason"))
        elif target:
            table, _, row_key = target.partition(":")
            if row_key not in existing.get(table, set()):
                problems.append((n, f"no such row: {target}"))
        if not entry["lines"].strip() or not entry["fact"].strip():
            problems.append((n, "lines and fact are required"))
    assert problems == []


@pytest.mark.parametrize("table", ["observations", "assessments"])
def test_every_figure_and_assessment_names_its_document_and_is_logged_there(table):
    targeted = {(document, entry["target"]) for document, entries in logs().items() for entry in entries}
    missing = [(key(table, r), r.get("document_id")) for r in rows(table)
               if not r.get("document_id") or (r["document_id"], f"{table}:{key(table, r)}") not in targeted]
    assert missing == []
