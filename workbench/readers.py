"""Read one case file (csv, parquet or jsonl) into a frame, losing nothing.

Every reader returns the file's columns (names cleaned to lower snake case)
plus ``source_row``, the 1-based record number in the file (the header of a
csv is not a record). Records that cannot be read at all (a csv line with
more fields than the header, a jsonl line that is not a JSON object) come
back as rejects instead of stopping the load.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from workbench.errors import CaseError
from workbench.tables import ROW

#: File suffixes a case table may come in, in the order they are looked for.
SUFFIXES = (".csv", ".parquet", ".jsonl")

REJECT_SCHEMA = pl.Schema(
    {"table": pl.String, "row": pl.Int64, "column": pl.String, "reason": pl.String}
)


@dataclass(frozen=True)
class RawTable:
    """A file's records before typing: columns as read, plus rejects."""

    frame: pl.DataFrame
    rejects: pl.DataFrame


def clean_column_name(name: str) -> str:
    """Lower snake case of a header cell, without a byte-order mark.

    Examples
    --------
    >>> clean_column_name("\\ufeffContractor ID ")
    'contractor_id'
    """
    name = name.replace("\ufeff", "").strip().lower()
    return re.sub(r"[^0-9a-z]+", "_", name).strip("_")


def read_table_file(path: Path, table: str) -> RawTable:
    """Read a csv, parquet or jsonl file of one case table.

    Parameters
    ----------
    path : the file; its suffix decides the format.
    table : the table's name, used in rejects.

    Returns
    -------
    RawTable with every record that could be read (plus ``source_row``) and
    a rejects frame (table, row, column, reason) for those that could not.

    Raises
    ------
    CaseError
        When the file cannot be read at all: unreadable, not UTF-8, not
        parquet, or two columns with one name.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "referrals.csv"
    >>> _ = p.write_text("Referrer ID,contractor_id\\nc1,c2\\n")
    >>> read_table_file(p, "referrals").frame.columns
    ['source_row', 'referrer_id', 'contractor_id']
    """
    readers = {".csv": _read_csv, ".parquet": _read_parquet, ".jsonl": _read_jsonl}
    try:
        raw = readers[path.suffix.lower()](path, table)
    except OSError as error:
        raise CaseError(f"{path}: cannot be read ({error.strerror or error})") from None
    names = [clean_column_name(c) if c != ROW else c for c in raw.frame.columns]
    duplicated = sorted(name for name, count in Counter(names).items() if count > 1)
    if duplicated:
        raise CaseError(f"{path}: column '{duplicated[0]}' appears more than once")
    return RawTable(raw.frame.rename(dict(zip(raw.frame.columns, names, strict=True))), raw.rejects)


def _utf8_text(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise CaseError(
            f"{path}: not UTF-8 text (invalid byte at line {line}); re-export it as UTF-8"
        ) from None


def _with_row_numbers(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_row_index(ROW, offset=1).with_columns(pl.col(ROW).cast(pl.Int64))


def _empty_rejects() -> pl.DataFrame:
    return pl.DataFrame(schema=REJECT_SCHEMA)


def _read_csv(path: Path, table: str) -> RawTable:
    text = _utf8_text(path)
    if not text.strip():
        raise CaseError(f"{path}: the file is empty (expected a header row)")
    if "\r" in text and "\n" not in text:
        # Classic Mac line ends: every record would otherwise read as one header line.
        text = text.replace("\r", "\n")
    separator = csv_separator(text)
    try:
        frame = pl.read_csv(text.encode("utf-8"), infer_schema=False, separator=separator)
    except pl.exceptions.PolarsError:
        return _read_ragged_csv(text, table, separator)
    return RawTable(_with_row_numbers(frame), _empty_rejects())


def csv_separator(text: str) -> str:
    """The field separator: "," unless the header has none and uses ";" or a tab.

    Spreadsheets set to European locales export csv with semicolons.

    Examples
    --------
    >>> csv_separator("contractor_id;full_name\\nc1;Ann\\n"), csv_separator("a,b\\n1;2\\n")
    (';', ',')
    """
    header = text.split("\n", 1)[0]
    if "," in header:
        return ","
    for candidate in (";", "\t"):
        if candidate in header:
            return candidate
    return ","


def _read_ragged_csv(text: str, table: str, separator: str) -> RawTable:
    """Slow path for a csv with malformed records: keep the good, reject the rest."""
    header, records = _records(text, separator)
    good: list[list[str | None]] = []
    rows: list[int] = []
    rejects: list[dict[str, object]] = []
    for number, record in records:
        if record is None:
            rejects.append(
                {
                    "table": table,
                    "row": number,
                    "column": "",
                    "reason": f"unbalanced quote on line {number + 1}: the record cannot be read",
                }
            )
            continue
        if len(record) > len(header):
            rejects.append(
                {
                    "table": table,
                    "row": number,
                    "column": "",
                    "reason": f"record has {len(record)} fields but the header has {len(header)}",
                }
            )
            continue
        padded = [value if value != "" else None for value in record]
        good.append(padded + [None] * (len(header) - len(record)))
        rows.append(number)
    columns = {name: [r[i] for r in good] for i, name in enumerate(header)}
    frame = pl.DataFrame(columns, schema={n: pl.String for n in header})
    frame = frame.with_columns(pl.Series(ROW, rows, dtype=pl.Int64))
    return RawTable(frame, pl.DataFrame(rejects, schema=REJECT_SCHEMA))


def _records(text: str, separator: str) -> tuple[list[str], list[tuple[int, list[str] | None]]]:
    """The header and the numbered records of a csv text; None for a record that cannot be read.

    With an odd number of quote characters some quote is never closed, and a
    csv reader would swallow every following line into one field. Then each
    line is read as one record, and a line with an odd number of quotes is
    the record that cannot be read.
    """
    if text.count('"') % 2 == 0:
        reader = csv.reader(io.StringIO(text), delimiter=separator)
        return next(reader), list(enumerate(reader, start=1))
    lines = text.split("\n")
    header = next(csv.reader([lines[0]], delimiter=separator))
    records: list[tuple[int, list[str] | None]] = []
    for number, raw in enumerate(lines[1:], start=1):
        line = raw.removesuffix("\r")
        if not line.strip():
            continue
        if line.count('"') % 2:
            records.append((number, None))
        else:
            records.append((number, next(csv.reader([line], delimiter=separator))))
    return header, records


def _read_parquet(path: Path, table: str) -> RawTable:
    try:
        frame = pl.read_parquet(path)
    except pl.exceptions.PolarsError as error:
        first_line = str(error).splitlines()[0] if str(error) else "unknown error"
        raise CaseError(f"{path}: not a readable parquet file ({first_line})") from None
    return RawTable(_with_row_numbers(frame), _empty_rejects())


def _read_jsonl(path: Path, table: str) -> RawTable:
    records: list[dict[str, str | None]] = []
    rows: list[int] = []
    rejects: list[dict[str, object]] = []
    columns: dict[str, None] = {}
    # Records end at "\n" only: str.splitlines() would also break inside a JSON
    # string at U+2028, U+0085 or a form feed, which are valid there.
    for number, line in enumerate(_utf8_text(path).split("\n"), start=1):
        line = line.removesuffix("\r")
        if not line.strip():
            continue
        try:
            record = json.loads(line, strict=False)
        except json.JSONDecodeError as error:
            reason = f"not valid JSON ({error.msg})"
            rejects.append({"table": table, "row": number, "column": "", "reason": reason})
            continue
        if not isinstance(record, dict):
            reason = "not a JSON object"
            rejects.append({"table": table, "row": number, "column": "", "reason": reason})
            continue
        records.append({str(k): _json_text(v) for k, v in record.items()})
        columns.update(dict.fromkeys(map(str, record)))
        rows.append(number)
    frame = pl.DataFrame(
        {name: [r.get(name) for r in records] for name in columns},
        schema={name: pl.String for name in columns},
    )
    frame = frame.with_columns(pl.Series(ROW, rows, dtype=pl.Int64))
    return RawTable(frame, pl.DataFrame(rejects, schema=REJECT_SCHEMA))


def _json_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return str(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
