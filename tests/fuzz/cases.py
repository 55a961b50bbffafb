"""Hypothesis strategies that write malformed case folders.

A drawn `CaseFolder` is a set of files (table files in csv, jsonl or parquet,
random bytes, a hostile case.toml) together with what the generator knows
about each table: the number of records it wrote, when the file is well
formed enough for that number to be certain.
"""

from __future__ import annotations

import csv
import io
import json
import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import polars as pl
from hypothesis import strategies as st

from workbench.tables import TABLES, ColumnType

#: Ids that collide after trimming, case folding or NFC, and ids that are only noise.
IDS = (
    "c1",
    "c2",
    "c3",
    " c1 ",
    "C1",
    "c1\u200b",
    "\ufeffc2",
    "\u00e9",
    "e\u0301",
    "",
    "   ",
    "\u200b",
    "null",
    "c\x00",
)

WILD_TIMESTAMPS = (
    "2025-01-02T03:04:05Z",
    "2025-01-02 03:04",
    "2025-01-02",
    "2025-01-02T03:04:05+99:99",
    "2025-01-02T03:04:05+24:00",
    "2025-01-02T03:04:05-00:60",
    "2025-01-02T03:04:05.123456789+0530",
    "10000-01-01T00:00:00Z",
    "10000-01-01",
    "99999-12-31",
    "0000-00-00",
    "0001-01-01T00:00:00+14:00",
    "9999-12-31T23:59:59-14:00",
    "-0001-01-01",
    "2025-02-30",
    "2025-13-45T25:61:61",
    "2025-01-01T24:00:00",
    "1700000000",
    "NaT",
    "nan",
    "2025-01-02T03:04:05 UTC",
    "2025-01-02T03:04:05GMT+3",
    "2025-01-02T03:04:05Z[Europe/Paris]",
    "\u0662\u0660\u0662\u0665-01-01",
    "２０２５-01-01",
    "2025-01-01T00:00:00\x00",
)

WILD_NUMBERS = (
    "1500.5",
    "1,500.5",
    "1.500,25",
    "12,5",
    "nan",
    "NaN",
    "inf",
    "-inf",
    "Infinity",
    "1e309",
    "-1e309",
    "1e-400",
    "9" * 400,
    "--1",
    "0x10",
    "1_000",
    "١٢٣",
    "",
    " ",
)

WILD_BOOLEANS = ("true", "FALSE", "yes", "n", "1", "0", "2", "maybe", "")

#: Values several identities may share, so that ties, rings and flags are exercised too.
SHARED = (
    "a@x.io",
    " A@X.io ;b@y.io",
    "+1 415 555 0100",
    "1 Main St, Springfield, IL 62701",
    "DE89 3704 0044 0532 0130 00",
    "10.0.0.1",
    "2001:db8::1",
    "dev-1",
    "https://github.com/octocat",
    "ffee0011ffee0011",
    "Ann Lee",
    "US",
    "declined",
    "anydesk",
    "crypto",
    "email",
    "national_id",
    "date_of_birth",
    "078-05-1120",
    "1985-07-04",
)

#: Names of extra columns that load: unknown ones, odd spellings.
EXTRA_COLUMNS = ("extra", "ünïcödé", "x" * 300, "__", "Notes (free text)")

#: Names of extra columns that stop the load or clash: empty, repeated or reserved.
HOSTILE_COLUMNS = ("", " ", "Contractor ID", "contractor_id ", "source_row", "Source Row")

ENCODINGS = ("utf-8", "utf-8-sig")
HOSTILE_ENCODINGS = ("latin-1", "utf-16", "utf-16-le", "utf-16-be", "cp1252", "utf-32")

text_values = st.text(
    st.characters(codec="utf-8", categories=["L", "N", "P", "S", "Z", "Cc", "Cf", "M"]),
    max_size=20,
)


def one_in(n: int) -> st.SearchStrategy[bool]:
    """True about once in ``n`` draws (a middle value, away from hypothesis' favourite ends)."""
    return st.integers(0, n - 1).map(lambda drawn: drawn == n // 2)


def values_of(kind: ColumnType, name: str) -> st.SearchStrategy[str | None]:
    """Text for one cell of a column of this type: often plausible, often wild."""
    if name in ("contractor_id", "referrer_id"):
        return st.one_of(st.sampled_from(IDS[:3]), st.sampled_from(IDS), text_values)
    wild = {
        "datetime": st.one_of(
            st.sampled_from(WILD_TIMESTAMPS),
            st.datetimes(timezones=st.sampled_from([None, timezone.utc])).map(str),
        ),
        "date": st.one_of(st.sampled_from(WILD_TIMESTAMPS), st.dates().map(str)),
        "float": st.one_of(st.sampled_from(WILD_NUMBERS), st.floats().map(repr)),
        "bool": st.sampled_from(WILD_BOOLEANS),
    }.get(kind, st.sampled_from(SHARED))
    return st.one_of(st.none(), wild, text_values)


@dataclass(frozen=True)
class Table:
    """Rows of one table as text, before they are written in some format."""

    name: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str | None, ...], ...]


@st.composite
def tables(draw: st.DrawFn, name: str, hostile: bool) -> Table:
    """A table with some contract columns and some extras; a hostile one may lack required ones."""
    spec = TABLES[name]
    chosen = [
        c
        for c in spec.columns
        if (c.required and not (hostile and draw(one_in(3)))) or draw(st.booleans())
    ]
    extras = draw(st.lists(st.sampled_from(EXTRA_COLUMNS), max_size=2))
    if hostile:
        extras += draw(st.lists(st.sampled_from(HOSTILE_COLUMNS), max_size=2))
    styles = {"as is": str, "title": lambda n: n.replace("_", " ").title(), "upper": str.upper}
    style = styles[draw(st.sampled_from(sorted(styles)))]
    columns = tuple(style(c.name) for c in chosen) + tuple(extras)
    kinds = [values_of(c.type, c.name) for c in chosen] + [text_values] * len(extras)
    rows = tuple(draw(st.lists(st.tuples(*kinds), max_size=8)))
    if draw(one_in(20)):
        return Table(name, columns, rows * 300)
    return Table(name, columns, rows)


@dataclass(frozen=True)
class File:
    """One file of a case folder, and its record count when the generator is sure of it."""

    name: str
    content: bytes
    records: int | None = None


@st.composite
def csv_files(draw: st.DrawFn, table: Table, hostile: bool) -> File:
    """The table as csv: some separator, quoting, line end and encoding, maybe damaged."""
    separator = draw(st.sampled_from([",", ";", "\t"]))
    line_end = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    quoting = draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]))
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=separator, lineterminator=line_end, quoting=quoting)
    writer.writerow(table.columns)
    writer.writerows([["" if v is None else v for v in row] for row in table.rows])
    text = buffer.getvalue()
    damage = draw(st.lists(st.sampled_from(DAMAGE if hostile else RECORD_DAMAGE), max_size=2))
    for harm in damage:
        text = draw(harm(text))
    encoding = draw(st.sampled_from(ENCODINGS + (HOSTILE_ENCODINGS if hostile else ())))
    content = text.encode(encoding, errors="replace")
    if hostile and draw(st.booleans()):
        content += "c9,Zoë Łódź\n".encode("latin-1", errors="replace")  # mixed encodings
    # The csv module quotes a line break only when it is part of its own line end.
    quoted = quoting == csv.QUOTE_ALL or not any(
        "\r" in v or "\n" in v for row in table.rows for v in row if v
    )
    known = quoted and not damage and not hostile and _plain_header(table.columns)
    return File(f"{table.name}.csv", content, len(table.rows) if known else None)


def _plain_header(columns: tuple[str, ...]) -> bool:
    return all(c.strip() and c.isprintable() and '"' not in c for c in columns)


def _unbalanced_quote(text: str) -> st.SearchStrategy[str]:
    return st.integers(text.find("\n") + 1, len(text)).map(lambda i: text[:i] + '"' + text[i:])


def _truncated(text: str) -> st.SearchStrategy[str]:
    return st.integers(0, len(text)).map(lambda i: text[:i])


def _extra_field(text: str) -> st.SearchStrategy[str]:
    lines = text.split("\n")
    return st.integers(min(1, len(lines) - 1), len(lines) - 1).map(
        lambda i: "\n".join(lines[:i] + [lines[i] + ",extra,fields"] + lines[i + 1 :])
    )


def _blank_lines(text: str) -> st.SearchStrategy[str]:
    return st.sampled_from(["\n\n", "\r\n\r\n", "\n \n", "\r\r"]).map(lambda b: text + b)


def _huge_field(text: str) -> st.SearchStrategy[str]:
    """A field over the csv module's 128 KiB limit somewhere in the text."""
    return st.integers(0, len(text)).map(lambda i: text[:i] + "x" * 200_000 + text[i:])


def _control_bytes(text: str) -> st.SearchStrategy[str]:
    return st.tuples(st.integers(0, len(text)), st.sampled_from(["\x00", "\x1a", "\x85"])).map(
        lambda pair: text[: pair[0]] + pair[1] + text[pair[0] :]
    )


#: Harm to a csv that spoils some records, never the whole file.
RECORD_DAMAGE = (_unbalanced_quote, _extra_field, _blank_lines, _control_bytes, _huge_field)
DAMAGE = (*RECORD_DAMAGE, _truncated)


@st.composite
def jsonl_files(draw: st.DrawFn, table: Table, hostile: bool) -> File:
    """The table as JSON lines, values sometimes typed, lines sometimes broken."""
    lines: list[str] = []
    for row in table.rows:
        record = {c: draw(_json_value(v)) for c, v in zip(table.columns, row, strict=True)}
        lines.append(json.dumps(record, ensure_ascii=draw(st.booleans())))
    for _ in range(draw(st.integers(0, 2))):
        at = draw(st.integers(0, len(lines)))
        lines.insert(at, draw(st.sampled_from(BROKEN_JSON)))
    line_end = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    blanks = draw(st.sampled_from(["", "\n", "\n  \n", "\r\n"]))
    text = line_end.join(lines) + blanks
    encoding = draw(st.sampled_from(ENCODINGS + (HOSTILE_ENCODINGS if hostile else ())))
    content = text.encode(encoding, errors="replace")
    known = encoding in ENCODINGS
    return File(f"{table.name}.jsonl", content, len(lines) if known else None)


#: Lines of a jsonl file that are no record: broken, not an object, too deep, too long.
BROKEN_JSON = (
    '{"a": 1',
    "[1, 2]",
    "null",
    "{",
    '"text"',
    "{}{}",
    "\ufeff{}",
    '{"a": ' + "[" * 100_000 + "]" * 100_000 + "}",
    '{"a": ' + "9" * 5000 + "}",
    '{"a": NaN, "b": -Infinity}',
    '{"a": "\\ud800"}',
)


def _json_value(text: str | None) -> st.SearchStrategy[object]:
    return st.one_of(
        st.just(text),
        st.sampled_from(
            [None, True, 0, -1, 10**30, 1.5, math.nan, math.inf, [], {"k": [1]}, "", "\u2028"]
        ),
    )


#: Typed parquet columns, as exporters from other systems write them: values and dtype.
PARQUET_COLUMNS: dict[str, tuple[list[object], pl.DataType]] = {
    "text": (["c1", None, "c2\u200b", "e\u0301"], pl.String()),
    "int": ([1, -(2**63), 2**63 - 1, None], pl.Int64()),
    "uint": ([0, 2**64 - 1, None, 7], pl.UInt64()),
    "float": ([1.5, math.nan, math.inf, -math.inf, None], pl.Float64()),
    "bool": ([True, None, False], pl.Boolean()),
    "datetime": ([datetime(1, 1, 1), datetime(9999, 12, 31, 23, 59), None], pl.Datetime("us")),
    "datetime_ms": ([datetime(1, 1, 1), datetime(9999, 12, 31), None], pl.Datetime("ms")),
    "datetime_ns": ([datetime(2262, 4, 11), datetime(1677, 9, 22), None], pl.Datetime("ns")),
    "zoned": (
        [datetime(2025, 1, 2, tzinfo=timezone(timedelta(hours=5))), None],
        pl.Datetime("us", "Asia/Kolkata"),
    ),
    "date": ([date(1, 1, 1), date(9999, 12, 31), None], pl.Date()),
    "duration": ([timedelta(days=1), None], pl.Duration("us")),
    "list": ([["a", "b"], None, []], pl.List(pl.String())),
    "struct": ([{"a": 1}, {"a": None}], pl.Struct({"a": pl.Int64()})),
    "binary": ([b"\xff\x00", None], pl.Binary()),
    "null": ([None], pl.Null()),
    "categorical": (["x", None], pl.Categorical()),
    "decimal": ([1, None], pl.Decimal(38, 2)),
}


def typed_column(name: str, kind: str, height: int) -> pl.Series:
    """A parquet column of ``kind``, its values repeated to ``height``."""
    values, dtype = PARQUET_COLUMNS[kind]
    return pl.Series(name, (values * height)[:height], dtype=dtype, strict=False)


@st.composite
def parquet_files(draw: st.DrawFn, table: Table, hostile: bool) -> File:
    """The table as parquet, its columns as text or as some typed column, maybe corrupted."""
    height = len(table.rows)
    columns: dict[str, pl.Series] = {}
    for index, name in enumerate(table.columns):
        if name in columns:
            continue
        kind = draw(st.sampled_from(["as text", *PARQUET_COLUMNS]))
        if kind == "as text":
            values = [row[index] for row in table.rows]
            columns[name] = pl.Series(name, values, dtype=pl.String)
        else:
            columns[name] = typed_column(name, kind, height)
    buffer = io.BytesIO()
    # A parquet file without columns has no rows either.
    (pl.DataFrame(columns) if columns else pl.DataFrame()).write_parquet(buffer)
    content = buffer.getvalue()
    corruption = draw(st.sampled_from(["truncate", "flip"])) if hostile else "none"
    if corruption == "truncate":
        content = content[: draw(st.integers(0, len(content) - 1))]
    elif corruption == "flip":
        at = draw(st.integers(0, len(content) - 1))
        content = content[:at] + bytes([content[at] ^ 0xFF]) + content[at + 1 :]
    known = corruption == "none"
    return File(f"{table.name}.parquet", content, (height if columns else 0) if known else None)


WRITERS = {"csv": csv_files, "jsonl": jsonl_files, "parquet": parquet_files}


@st.composite
def table_files(draw: st.DrawFn, name: str, formats: tuple[str, ...]) -> File:
    """One table in one of ``formats``; one in four is hostile, maybe random bytes."""
    hostile = draw(one_in(4))
    if hostile and draw(one_in(3)):
        suffix = draw(st.sampled_from(formats))
        prefix = draw(st.sampled_from([b"", b"PAR1", b"\xef\xbb\xbf", b"\xff\xfe", b"id\n"]))
        return File(f"{name}.{suffix}", prefix + draw(st.binary(max_size=200)))
    table = draw(tables(name, hostile))
    return draw(WRITERS[draw(st.sampled_from(formats))](table, hostile))


HOSTILE_TOML = (
    "",
    "[columns]\ncontractors = 5\n",
    '[columns.contractors]\n"Worker ID" = 7\n',
    '[columns.contractors]\nx = ["contractor_id"]\n',
    '[columns.nosuchtable]\na = "b"\n',
    '[columns.contractors]\nid = "contractor_id"\ncontractor_id = "full_name"\n',
    '[columns.contractors]\n"Contractor ID" = "full_name"\n',
    '[columns.logins]\n"" = "ts"\n',
    "columns = []\n",
    "columns = [1, 2]\n",
    "infrastructure = 3\n",
    '[infrastructure]\nip = "1.2.3.4"\n',
    "[infrastructure]\nip = [1, 2]\n",
    '[infrastructure]\n"" = ["x"]\n',
    '[infrastructure]\n"a\\nb" = "x"\n',
    '[columns."a\\nb"]\nx = "y"\n',
    '[columns.contractors]\nsource_row = "contractor_id"\n',
    '[columns.contractors]\n"Contractor ID" = "Source Row"\n',
    "[infrastructure.ip]\nnested = true\n",
    "x = [" * 2000,
    "a = 1\na = 2\n",
    "\x00\xff",
    "[[columns]]\ncontractors = {}\n",
    "[columns.contractors]\n" + "".join(f'k{i} = "v{i}"\n' for i in range(2000)),
)


@st.composite
def case_tomls(draw: st.DrawFn) -> bytes:
    """A case.toml: a plausible mapping, a hostile one, or random text or bytes."""
    choice = draw(st.sampled_from(["hostile", "text", "bytes", "mapping", "mapping"]))
    if choice == "hostile":
        return draw(st.sampled_from(HOSTILE_TOML)).encode("utf-8", errors="surrogateescape")
    if choice == "text":
        return draw(text_values).encode("utf-8")
    if choice == "bytes":
        return draw(st.binary(max_size=100))
    source = draw(st.sampled_from(EXTRA_COLUMNS + HOSTILE_COLUMNS + ("ts", "when")))
    target = draw(st.sampled_from(["contractor_id", "ts", "full_name", "account", "unknown"]))
    table = draw(st.sampled_from(sorted(TABLES)))
    return f"[columns.{table}]\n{json.dumps(source)} = {json.dumps(target)}\n".encode()


@dataclass(frozen=True)
class CaseFolder:
    """The files of one drawn case folder."""

    files: tuple[File, ...]

    def write(self, folder: Path) -> Path:
        """Write every file into ``folder`` (created) and return it."""
        folder.mkdir(parents=True)
        for file in self.files:
            (folder / file.name).write_bytes(file.content)
        return folder

    def records(self) -> dict[str, int]:
        """Records per table, for the tables whose count the generator is sure of."""
        return {
            file.name.rsplit(".", 1)[0]: file.records
            for file in self.files
            if file.records is not None
        }


@st.composite
def case_folders(
    draw: st.DrawFn, formats: tuple[str, ...] = tuple(WRITERS), settings: bool = False
) -> CaseFolder:
    """A case folder: nearly always a contractors table, some other tables, maybe a case.toml.

    Tables come in ``formats``; with ``settings`` one folder in two has a case.toml.
    """
    names = [] if draw(one_in(20)) else ["contractors"]
    names += draw(st.lists(st.sampled_from(sorted(set(TABLES) - {"contractors"})), unique=True))
    files = [draw(table_files(name, formats)) for name in names]
    if settings and draw(st.booleans()):
        files.append(File("case.toml", draw(case_tomls())))
    return CaseFolder(tuple(files))
