"""Tables a case names in its case.toml instead of holding them as files: Spark tables and paths.

A platform's records often live where Spark reads them (a catalog table, a
Delta or Parquet folder on object storage). The ``[sources]`` section of a
case.toml names them, one table each, so that they need not be exported
first; the Spark engine reads them (`workbench.engines.spark_load`).

.. code-block:: toml

    [sources.logins]
    table = "main.hr.logins"              # a table of the Spark session's catalog

    [sources.payments]
    path = "s3://exports/payments/"       # or a path, read in ``format``
    format = "delta"                      # parquet (the default), delta, orc, csv, json
    row = "payment_id"                    # optional: a whole number naming each record
    options = { mergeSchema = "true" }    # optional: the reader's options
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench.errors import CaseError
from workbench.tables import TABLES

#: The formats a source path may be read in, as Spark names them.
FORMATS = ("parquet", "delta", "orc", "csv", "json")

#: Reader options each format gets unless the source sets them: a csv has a header row and
#: doubles a quote inside a quoted field, as the case folder's csv files do.
DEFAULT_OPTIONS: dict[str, dict[str, str]] = {"csv": {"header": "true", "escape": '"'}}

#: The keys a source may have.
SOURCE_KEYS = ("table", "path", "format", "row", "options")


@dataclass(frozen=True)
class Source:
    """Where one case table is read from: a Spark table, or a path in a format.

    ``row`` names a column of whole numbers that identifies each record (a
    platform's event id); rejects then name records by it. Without it, a
    record's number is its position in the order Spark reads the source.

    Examples
    --------
    >>> Source("logins", path="/data/logins", format="parquet").described
    'parquet /data/logins'
    >>> Source("logins", spark_table="main.hr.logins").described
    'table main.hr.logins'
    """

    table: str
    spark_table: str | None = None
    path: str | None = None
    format: str = "parquet"
    row: str | None = None
    options: Mapping[str, str] = field(default_factory=dict)

    @property
    def described(self) -> str:
        """What the source is, in one line (run.json and ``workbench check`` print it)."""
        return f"table {self.spark_table}" if self.spark_table else f"{self.format} {self.path}"


def case_sources(folder: Path, settings: Mapping[str, Any]) -> dict[str, Source]:
    """The ``[sources]`` of a case's parsed case.toml, by table; empty when it has none.

    A relative path is read from the case folder (``..`` resolved); a URL (``s3://…``,
    ``abfss://…``) or an absolute path as it is.

    Raises
    ------
    CaseError
        Naming the case.toml and the table: an unknown table or key, neither
        or both of ``table`` and ``path``, an unknown format, or a value of
        the wrong type.

    Examples
    --------
    >>> folder = Path("/cases/acme")
    >>> sources = case_sources(folder, {"sources": {"logins": {"path": "../exports/logins"}}})
    >>> sources["logins"].path, sources["logins"].format
    ('/cases/exports/logins', 'parquet')
    """
    where = folder / "case.toml"
    section = settings.get("sources", {})
    if not isinstance(section, dict):
        raise CaseError(f"{where}: [sources] must hold one table per case table")
    return {table: _source(folder, where, table, entry) for table, entry in sorted(section.items())}


def _source(folder: Path, where: Path, table: str, entry: object) -> Source:
    """One ``[sources.<table>]`` entry, checked."""
    name = f"{where}: [sources.{table}]"
    if table not in TABLES:
        raise CaseError(f"{name} names no case table (known: {', '.join(TABLES)})")
    if not isinstance(entry, dict):
        raise CaseError(f'{name} must be a table of settings (table = "..." or path = "...")')
    unknown = sorted(set(entry) - set(SOURCE_KEYS))
    if unknown:
        raise CaseError(f"{name}: unknown setting {unknown[0]!r} (known: {', '.join(SOURCE_KEYS)})")
    for key in ("table", "path", "format", "row"):
        if key in entry and not (isinstance(entry[key], str) and entry[key].strip()):
            raise CaseError(f"{name}: {key} must be text, in quotes")
    options = entry.get("options", {})
    if not isinstance(options, dict) or not all(
        isinstance(value, str) for value in options.values()
    ):
        raise CaseError(f'{name}: options must map names to text ({{ header = "true" }})')
    if ("table" in entry) == ("path" in entry):
        raise CaseError(f"{name} must name either a table or a path, not both or neither")
    form = entry.get("format", "parquet").strip().lower()
    if form not in FORMATS:
        raise CaseError(f"{name}: format {form!r} is not one of {', '.join(FORMATS)}")
    path = entry.get("path")
    if path is not None and "://" not in path and not Path(path).is_absolute():
        path = os.path.normpath(folder / path)
    return Source(
        table,
        spark_table=entry.get("table"),
        path=path,
        format=form,
        row=entry.get("row"),
        options=DEFAULT_OPTIONS.get(form, {}) | dict(options),
    )
