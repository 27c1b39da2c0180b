"""Validate a folder of CSV files against datapackage.json and the contract's rules."""

from __future__ import annotations

from pathlib import Path

from seuranta.check import rules
from seuranta.check.cells import CheckedRows, Record, check_table
from seuranta.check.keys import check_foreign_keys, check_unique
from seuranta.check.problems import Problem, Report
from seuranta.check.reading import read_table
from seuranta.check.schema import Resource, contract_version, load_schema
from seuranta.check.translations import check_translations
from seuranta.settings import DESCRIPTOR, SMALL_COUNT_THRESHOLD

# What checking a folder's tables kept for checking them again: by file name.
Kept = dict[str, CheckedRows]


def read_package(
    data_dir: Path, descriptor: Path = DESCRIPTOR, before: Kept | None = None,
) -> tuple[dict[str, Resource], dict[str, list[Record]], Report, Kept]:
    """Parse every table of the package; records of cells that failed hold None.
    `before`: what the last check of the folder kept (check_table's rows checked before)."""
    data_dir = Path(data_dir)
    kept: Kept = {}
    resources = load_schema(descriptor)
    report = Report()
    report.contract_version, report.contract_source = contract_version(data_dir)
    tables: dict[str, list[Record]] = {}
    for name, resource in resources.items():
        path = data_dir / resource.filename
        if not path.is_file():
            if resource.optional_file:  # added after 1.0: absent means no rows
                tables[name] = []
            else:
                report.add([Problem("missing-file", resource.filename)])
            continue
        table, problems = read_table(path)
        report.add(problems)
        report.files_checked += 1
        if table is None:
            continue
        report.lines[resource.filename] = table.lines
        records, problems, kept[resource.filename] = check_table(resource, table, (before or {}).get(
            resource.filename))
        report.add(problems)
        report.rows_checked += len(records)
        tables[name] = records
    known = {r.filename for r in resources.values()}
    for path in sorted(data_dir.glob("*.csv")) if data_dir.is_dir() else []:
        if path.name not in known:
            report.add([Problem("unknown-file", path.name, expected=", ".join(sorted(known)))])
    return resources, tables, report, kept


def validate(data_dir: Path, descriptor: Path = DESCRIPTOR,
             small_count_threshold: int = SMALL_COUNT_THRESHOLD) -> Report:
    return check_package(data_dir, descriptor, small_count_threshold)[0]


def check_package(data_dir: Path, descriptor: Path = DESCRIPTOR,
                  small_count_threshold: int = SMALL_COUNT_THRESHOLD,
                  ) -> tuple[Report, dict[str, list[Record]]]:
    """Every problem of the package, and its parsed tables."""
    return check_package_again(data_dir, descriptor, small_count_threshold)[:2]


def check_package_again(data_dir: Path, descriptor: Path = DESCRIPTOR,
                        small_count_threshold: int = SMALL_COUNT_THRESHOLD, before: Kept | None = None,
                        ) -> tuple[Report, dict[str, list[Record]], Kept]:
    """check_package, taking the rows unchanged since the check that kept `before` as
    they were checked then, and keeping what the next check of the folder takes."""
    resources, tables, report, kept = read_package(data_dir, descriptor, before)
    for name, records in tables.items():
        report.add(check_unique(resources[name], records))
        report.add(check_foreign_keys(resources[name], records, tables, resources))
    for rule in rules.ALL_RULES:
        report.add(rule(tables))
    report.add(rules.check_observations(tables, small_count_threshold))
    report.add(check_translations(resources, tables))
    return report, tables, kept
