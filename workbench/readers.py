"""Read one case file (csv, parquet or jsonl) into a frame, losing nothing.

Every reader returns the file's columns (names cleaned to lower snake case)
plus ``source_row``, the 1-based record number in the file (the header of a
csv is not a record). Records that cannot be read at all (a csv line with
more fields than the header, a jsonl line that is not a JSON object) come
back as rejects instead of stopping the load, so every record of the file is
either read or rejected.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import re
import tempfile
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

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
    """A file's records before typing: columns as read, plus rejects.

    ``records`` is the number of records in the file: the rows of ``frame``
    plus the records rejected because they could not be read.
    """

    frame: pl.DataFrame
    rejects: pl.DataFrame
    records: int


@dataclass(frozen=True)
class _Read:
    """What one format's reader found: the records, and the rejects.

    ``names`` are the column names as written in the file, one for each
    column of ``frame`` (whose own names may be placeholders: polars renames
    a repeated csv header). ``rows`` holds each row's record number, or None
    when they are 1, 2, 3 …
    """

    frame: pl.DataFrame
    rejects: pl.DataFrame
    names: list[str]
    rows: pl.Series | None = None


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
        read = readers[path.suffix.lower()](path, table)
    except OSError as error:
        raise CaseError(f"{path}: cannot be read ({error.strerror or error})") from None
    names = [clean_column_name(c) for c in read.names]
    check_column_names(path, names)
    frame = read.frame.rename(dict(zip(read.frame.columns, names, strict=True)))
    if read.rows is None:
        frame = frame.with_row_index(ROW, offset=1).with_columns(pl.col(ROW).cast(pl.Int64))
    else:
        frame = frame.with_columns(read.rows.alias(ROW))
    return RawTable(frame, read.rejects, frame.height + read.rejects.height)


def check_column_names(where: object, names: list[str]) -> None:
    """Stop on two columns with one (cleaned) name, or a column named like ``source_row``.

    ``where`` (a file, a source) starts the error's message.

    Examples
    --------
    >>> check_column_names("logins.csv", ["contractor_id", "ts"])
    >>> check_column_names("logins.csv", ["ts", "ts"])
    Traceback (most recent call last):
    ...
    workbench.errors.CaseError: logins.csv: column 'ts' appears more than once
    """
    duplicated = sorted(name for name, count in Counter(names).items() if count > 1)
    if duplicated[:1] == [""]:
        raise CaseError(f"{where}: two columns have no name (or a name without letters or digits)")
    if duplicated:
        raise CaseError(f"{where}: column '{duplicated[0]}' appears more than once")
    if ROW in names:
        raise CaseError(
            f"{where}: column '{ROW}' is reserved for the record number the workbench adds;"
            " rename it"
        )


#: Byte-order marks of UTF-16 and UTF-32, which spreadsheets write for "Unicode text".
WIDE_BOMS = (b"\xff\xfe", b"\xfe\xff")


def _utf8_text(path: Path) -> str:
    """The file's text with every line ending in "\\n"; a `CaseError` unless it is UTF-8."""
    return unix_line_ends(_decoded(path, path.read_bytes()))


def _utf8_text_and_bytes(path: Path) -> tuple[str, bytes]:
    """`_utf8_text`, and that text in UTF-8.

    The bytes are the file's own when the text is unchanged (no byte-order
    mark, no lone "\\r"): encoding a large file again would cost a copy.
    """
    data = path.read_bytes()
    decoded = _decoded(path, data)
    text = unix_line_ends(decoded)
    if text is decoded and not data.startswith(codecs.BOM_UTF8):
        return text, data
    return text, text.encode("utf-8")


def _decoded(path: Path, data: bytes) -> str:
    """The text of a file's ``data`` without a byte-order mark; a `CaseError` unless it is UTF-8."""
    if data.startswith(WIDE_BOMS):
        raise CaseError(f"{path}: UTF-16 or UTF-32 text, not UTF-8; re-export it as UTF-8")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise CaseError(
            f"{path}: not UTF-8 text (invalid byte at line {line}); re-export it as UTF-8"
        ) from None
    return text


def unix_line_ends(text: str) -> str:
    """Text whose lines end in "\\n": "\\r\\n" is kept, and a lone "\\r" ends a line.

    Classic Mac exports end lines in "\\r" alone; read otherwise, every record
    of such a file would be one long header line. Files with "\\r\\n" (or
    "\\n") only are returned as they are, without a copy.

    Examples
    --------
    >>> unix_line_ends("a\\rb\\r\\nc\\n")
    'a\\nb\\nc\\n'
    """
    if "\r" not in text or text.count("\r") == text.count("\r\n"):
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _empty_rejects() -> pl.DataFrame:
    return pl.DataFrame(schema=REJECT_SCHEMA)


def _reject(table: str, number: int, reason: str) -> dict[str, object]:
    return {"table": table, "row": number, "column": "", "reason": reason}


def _read_csv(path: Path, table: str) -> _Read:
    text, encoded = _utf8_text_and_bytes(path)
    if not text or text.isspace():  # not text.strip(), which would copy a large file
        raise CaseError(f"{path}: the file is empty (expected a header row)")
    separator = csv_separator(text)
    try:
        # The header is read as a record: polars would rename a repeated name.
        cells = pl.read_csv(encoded, has_header=False, infer_schema=False, separator=separator)
    except pl.exceptions.PolarsError:
        return _read_ragged_csv(text, table, separator)
    header = [name or "" for name in cells.row(0)]
    return _Read(cells.slice(1), _empty_rejects(), header)


def csv_separator(text: str) -> str:
    """The field separator: "," unless the header has none and uses ";" or a tab.

    Spreadsheets set to European locales export csv with semicolons.

    Examples
    --------
    >>> csv_separator("contractor_id;full_name\\nc1;Ann\\n"), csv_separator("a,b\\n1;2\\n")
    (';', ',')
    """
    end = text.find("\n")
    header = text if end < 0 else text[:end]  # not text.split(), which would copy the rest
    if "," in header:
        return ","
    for candidate in (";", "\t"):
        if candidate in header:
            return candidate
    return ","


def _read_ragged_csv(text: str, table: str, separator: str) -> _Read:
    """Slow path for a csv with malformed records: keep the good, reject the rest."""
    header, records = _records(text, separator)
    good: list[list[str | None]] = []
    rows: list[int] = []
    rejects: list[dict[str, object]] = []
    for number, record in records:
        if isinstance(record, str):
            rejects.append(_reject(table, number, record))
        elif len(record) > len(header):
            reason = f"record has {len(record)} fields but the header has {len(header)}"
            rejects.append(_reject(table, number, reason))
        else:
            padded = [value if value != "" else None for value in record]
            good.append(padded + [None] * (len(header) - len(record)))
            rows.append(number)
    frame = _text_frame([[r[i] for r in good] for i in range(len(header))], len(good))
    rejected = pl.DataFrame(rejects, schema=REJECT_SCHEMA)
    return _Read(frame, rejected, header, pl.Series(ROW, rows, dtype=pl.Int64))


def _text_frame(columns: list[list[str | None]], height: int) -> pl.DataFrame:
    """Text columns under placeholder names (the file's names may repeat), ``height`` rows."""
    if not columns:
        return pl.DataFrame(height=height)
    return pl.DataFrame(
        {f"column_{i}": values for i, values in enumerate(columns)},
        schema={f"column_{i}": pl.String for i in range(len(columns))},
    )


#: A numbered csv record: its fields, or why it cannot be read.
Record = tuple[int, list[str] | str]

#: Lines one record may span (a quoted field with line breaks: a résumé, a letter). A
#: quote never closed would otherwise be read to the end of the file from every line.
MAX_RECORD_LINES = 1000


class _Lines:
    """The lines of a text for a csv reader, from a position that can be moved back, at most
    `MAX_RECORD_LINES` from the start of the record being read."""

    def __init__(self, lines: list[str]) -> None:
        self.lines, self.position, self.limit = lines, 0, 0

    @property
    def done(self) -> bool:
        """Every line has been read."""
        return self.position >= len(self.lines)

    def start_record(self) -> int:
        """Mark the next line as a record's first, and return its index."""
        self.limit = self.position + MAX_RECORD_LINES
        return self.position

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if self.done or self.position >= self.limit:
            raise StopIteration
        self.position += 1
        return self.lines[self.position - 1]


def _records(text: str, separator: str) -> tuple[list[str], list[Record]]:
    """The header and the numbered records of a csv text whose lines end in "\\n".

    Each record is read strictly, from where the one before it ended: a quoted
    field may span lines, but a quote never closed (within `MAX_RECORD_LINES`
    lines) or text after a closing quote makes the record one that cannot be
    read. That record is its first line alone, and reading goes on from the
    next line, so one bad quote loses one record, never those after it. A
    blank line is a record without values, as the fast reader reads it.

    Examples
    --------
    >>> text = 'id,name\\nc1,"Ann\\nLee"\\nc2,"Bob\\nc3,Cy\\nc4,4" tall\\n'
    >>> for number, record in _records(text, ",")[1]:
    ...     print(number, record)
    1 ['c1', 'Ann\\nLee']
    2 the record on line 4 cannot be read (',' expected after '"')
    3 ['c3', 'Cy']
    4 ['c4', '4" tall']
    """
    # Lines end at line breaks alone: a field may hold U+2028 or a form feed.
    lines = _Lines(io.StringIO(text, newline="").readlines())
    records: list[list[str] | str] = []
    limit = csv.field_size_limit()
    csv.field_size_limit(len(text) + 1)  # a field may be as long as the file
    try:
        reader = csv.reader(lines, delimiter=separator, strict=True)
        while not lines.done:
            start = lines.start_record()
            try:
                records.append(next(reader))
            except csv.Error as error:
                records.append(f"the record on line {start + 1} cannot be read ({error})")
                lines.position = start + 1
                reader = csv.reader(lines, delimiter=separator, strict=True)
    finally:
        csv.field_size_limit(limit)
    header = records[0] if records and isinstance(records[0], list) else []
    return header, list(enumerate(records[1:], start=1))


#: The longest part of a parquet reader's complaint quoted in the one-line error.
COMPLAINT_LIMIT = 160


def _read_parquet(path: Path, table: str) -> _Read:
    with _native_stderr_held() as held:
        try:
            frame = pl.read_parquet(path)
        except (pl.exceptions.PolarsError, pl.exceptions.PanicException) as error:
            held.truncate(0)  # a panic's message and Rust backtrace: the error says it
            first_line = str(error).splitlines()[0] if str(error) else "unknown error"
            raise CaseError(
                f"{path}: not a readable parquet file ({first_line[:COMPLAINT_LIMIT]})"
            ) from None
    typed = with_text_stand_ins(frame)
    return _Read(typed, _empty_rejects(), typed.columns)


def with_text_stand_ins(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with the columns polars cannot cast to text (nested values, bytes, durations)
    as JSON text, as a jsonl file gives them; `workbench.coerce.coerce` reads the rest.

    Examples
    --------
    >>> with_text_stand_ins(pl.DataFrame({"tags": [["a", "b"]], "n": [1]})).rows()
    [('["a", "b"]', 1)]
    """
    untextual = [name for name, dtype in frame.schema.items() if not _castable_to_text(dtype)]
    return frame.with_columns(_as_text(frame[name]) for name in untextual)


#: One hold of file descriptor 2 at a time: two threads each saving and restoring
#: it would leave it pointing at the other's closed file.
_STDERR_HOLD = threading.Lock()


@contextmanager
def _native_stderr_held() -> Iterator[IO[bytes]]:
    """Hold back what native code writes to file descriptor 2, and write it out at the end.

    On some corrupt parquet files polars panics: Rust prints the panic and a
    backtrace straight to the descriptor before Python sees the exception.
    The reader turns the exception into a one-line `CaseError` and truncates
    the held text, so no backtrace reaches the user; anything else is written
    out unchanged when the block ends. Tables loaded on other threads wait
    for the descriptor (`_STDERR_HOLD`).
    """
    with _STDERR_HOLD, tempfile.TemporaryFile() as held:
        try:
            saved = os.dup(2)
        except OSError:  # no descriptor 2 (a daemon): nothing to hold back
            yield held
            return
        os.dup2(held.fileno(), 2)
        try:
            yield held
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            held.seek(0)
            os.write(2, held.read())


def _castable_to_text(dtype: pl.DataType) -> bool:
    """Whether polars casts the type to text: not nested values, bytes or durations."""
    return not (dtype.is_nested() or isinstance(dtype, (pl.Binary, pl.Duration, pl.Object)))


def _as_text(values: pl.Series) -> pl.Series:
    """A column polars cannot cast to text, as text: nested values as JSON, as jsonl gives them.

    Such columns are rare in a case (and are mostly ignored), so they are
    converted value by value.
    """
    return pl.Series(values.name, [_json_text(v) for v in values.to_list()], dtype=pl.String)


def _read_jsonl(path: Path, table: str) -> _Read:
    records: list[dict[str, str | None]] = []
    rows: list[int] = []
    rejects: list[dict[str, object]] = []
    columns: dict[str, None] = {}
    # Records end at a line end only: str.splitlines() would also break inside a
    # JSON string at U+2028, U+0085 or a form feed, which are valid there.
    for number, line in enumerate(_utf8_text(path).split("\n"), start=1):
        if not line.strip():
            continue
        record = _json_record(line)
        if isinstance(record, str):
            rejects.append(_reject(table, number, record))
            continue
        records.append(record)
        columns.update(dict.fromkeys(record))
        rows.append(number)
    frame = _text_frame([[r.get(name) for r in records] for name in columns], len(records))
    rejected = pl.DataFrame(rejects, schema=REJECT_SCHEMA)
    return _Read(frame, rejected, list(columns), pl.Series(ROW, rows, dtype=pl.Int64))


#: An escape of a UTF-16 surrogate ("\\ud83d"): in pairs it spells an emoji, alone nothing.
SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _json_record(line: str) -> dict[str, str | None] | str:
    """One jsonl line as text values by key, or why it is not a record."""
    try:
        record = json.loads(line.removesuffix("\r"), strict=False, object_pairs_hook=_Object)
        if not isinstance(record, _Object):
            return "not a JSON object"
        if record.repeated:
            return f"the key {record.repeated[0]!r} is given two values: which holds is unknown"
        values = {str(k): _json_text(v) for k, v in record.items()}
        if SURROGATE_ESCAPE.search(line):
            json.dumps(values, ensure_ascii=False).encode("utf-8")  # fails on a lone one
        return values
    except json.JSONDecodeError as error:
        return f"not valid JSON ({error.msg})"
    except (ValueError, RecursionError) as error:
        # Numbers longer than Python reads (4300 digits), nesting deeper than it
        # follows, a lone surrogate (UnicodeEncodeError).
        return f"not readable JSON ({error})"


class _Object(dict[str, object]):
    """A JSON object as read, and the keys it gives twice with different values (JSON
    keeps the last; which one the writer meant is unknown)."""

    def __init__(self, pairs: list[tuple[str, object]]) -> None:
        super().__init__(pairs)
        self.repeated = [key for key, value in pairs if self[key] != value]


def _json_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, bytes):
        # Bytes that are no UTF-8 keep their difference ("\\xe9"): a replacement
        # character would make two different ids one.
        return value.decode("utf-8", errors="backslashreplace")
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return str(value)
