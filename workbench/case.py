"""Load a case folder (see the case-folder contract) into typed tables and rejects."""

from __future__ import annotations

import hashlib
import sys
from collections import Counter
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import polars as pl

from workbench.case_tables import CaseTables, HeldTable, TableHandle
from workbench.coerce import ID_CHANGE_SCHEMA, case_respellings, coerce, empty_table
from workbench.errors import CaseError
from workbench.readers import REJECT_SCHEMA, SUFFIXES, clean_column_name, read_table_file
from workbench.sources import Source, case_sources
from workbench.tables import ROW, TABLES, TableSpec

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

#: Optional file in a case folder that maps a user's column names to the contract's.
CASE_SETTINGS = "case.toml"

ColumnMapping = Mapping[str, Mapping[str, str]]

#: Columns of `Case.infrastructure`: values the analyst names as known infrastructure.
INFRASTRUCTURE_SCHEMA = pl.Schema({"kind": pl.String(), "raw": pl.String()})


class RecordCount(NamedTuple):
    """Where the records of one table's file went: ``in_file == loaded + rejected``.

    ``in_file`` counts the records of the file (a csv header is not one);
    ``loaded`` the rows of the typed table; ``rejected`` the records that
    `Case.rejects` names and that were not loaded. A record kept with an
    unreadable optional value is named in the rejects too, but is loaded.
    """

    in_file: int
    loaded: int
    rejected: int


@dataclass(frozen=True)
class Case:
    """The typed tables of one case folder and everything that could not be used.

    Every table of the contract is present in ``tables`` (empty when its file
    is absent) with every contract column (empty when absent) and
    ``source_row``, the 1-based record number in its file (for a source, see
    `workbench.sources.Source`; such a table may stay where the engine read it
    until it is read whole, `workbench.case_tables`). ``files`` holds
    the tables read from the folder's files, ``sources`` those its case.toml
    names as Spark tables or paths (`workbench.sources`). ``record_counts``
    accounts for every record of every table (zeros when it is absent);
    ``id_changes`` lists the contractor ids read other than as given
    (table, column, given, id), see `workbench.coerce.canonical_ids`.
    """

    path: Path
    tables: CaseTables
    rejects: pl.DataFrame
    files: dict[str, Path] = field(default_factory=dict)
    columns_present: dict[str, tuple[str, ...]] = field(default_factory=dict)
    ignored_columns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    infrastructure: pl.DataFrame = field(
        default_factory=lambda: pl.DataFrame(schema=INFRASTRUCTURE_SCHEMA)
    )
    record_counts: dict[str, RecordCount] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    id_changes: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=ID_CHANGE_SCHEMA))

    def has(self, table: str, column: str) -> bool:
        """Whether the case supplied ``table.column`` with at least one value.

        Examples
        --------
        >>> case = load_case("sample_data/demo_case")
        >>> case.has("contractors", "contractor_id")
        True
        """
        return column in self.columns_present.get(table, ()) and self.tables.has_values(
            table, column
        )

    def digests(self) -> dict[str, str]:
        """SHA-256 of every input file, by table name."""
        return {name: _sha256(path) for name, path in sorted(self.files.items())}


def load_case(
    path: str | Path,
    mapping: ColumnMapping | None = None,
    *,
    read_source: SourceReader | None = None,
) -> Case:
    """Read, type and check every table of a case folder.

    Parameters
    ----------
    path : the case folder.
    mapping : per table, the user's column name → the contract's column name.
        Overrides the ``[columns.<table>]`` sections of the folder's case.toml.
    read_source : reads the tables the case.toml names under ``[sources]``
        (the Spark engine's `workbench.engines.spark_load.source_reader`);
        without it, a case with sources stops with a `CaseError`.

    Returns
    -------
    Case with typed tables and a rejects frame (table, row, column, reason).

    Raises
    ------
    CaseError
        A missing folder or contractors table, two files (or a file and a
        source) for one table, a missing required column, a file that is not
        readable UTF-8, or sources without ``read_source``.

    Examples
    --------
    >>> case = load_case("sample_data/demo_case")
    >>> case.tables["contractors"].height > 1000
    True
    >>> case.rejects.columns
    ['table', 'row', 'column', 'reason']
    >>> in_file, loaded, rejected = case.record_counts["payments"]
    >>> in_file == loaded + rejected
    True
    """
    folder = Path(path)
    if not folder.is_dir():
        raise CaseError(f"{folder}: no such case folder")
    settings = case_settings(folder)
    columns = _column_mapping(folder, mapping, settings)
    infrastructure = known_infrastructure(folder, settings)
    files = _table_files(folder)
    sources = case_sources(folder, settings)
    _check_sources(folder, files, sources, read_source)
    read = _load_tables(files, columns)
    if read_source is not None:  # else `_check_sources` has stopped a case with sources
        read |= {
            name: read_source(source, TABLES[name], columns.get(name, {}))
            for name, source in sources.items()
        }
    loaded = {name: read[name] for name in TABLES if name in read}
    read_tables: dict[str, pl.DataFrame | HeldTable] = {
        name: loaded[name].frame if name in loaded else empty_table(spec)
        for name, spec in TABLES.items()
    }
    rejects = [frame for table in loaded.values() for frame in table.rejects]
    id_changes = [table.id_changes for table in loaded.values()]
    checked, integrity, respelt = _check_keys(read_tables)
    all_rejects = pl.concat([pl.DataFrame(schema=REJECT_SCHEMA), *rejects, *integrity])
    tables = CaseTables(checked)
    return Case(
        path=folder,
        tables=tables,
        rejects=all_rejects.sort("table", "row", "column", "reason"),
        files=files,
        columns_present={name: table.present for name, table in loaded.items()},
        ignored_columns={name: table.ignored for name, table in loaded.items()},
        infrastructure=infrastructure,
        record_counts=_record_counts(
            tables, {name: table.records for name, table in loaded.items()}, all_rejects
        ),
        sources=sources,
        id_changes=pl.concat(
            [pl.DataFrame(schema=ID_CHANGE_SCHEMA), *id_changes, _in_order(respelt)]
        ),
    )


#: Reads one table a case.toml names under ``[sources]``: the source, the table's spec and
#: the column mapping in, the table read and typed out.
SourceReader = Callable[[Source, TableSpec, Mapping[str, str]], "LoadedTable"]


def _check_sources(
    folder: Path,
    files: Mapping[str, Path],
    sources: Mapping[str, Source],
    read_source: SourceReader | None,
) -> None:
    """Stop when the contractors table is missing, a table has both a file and a source,
    or the case names sources and nothing reads them."""
    if "contractors" not in files and "contractors" not in sources:
        raise CaseError(
            f"{folder}: no contractors table (expected contractors.csv, .parquet or .jsonl)"
        )
    if twice := sorted(files.keys() & sources.keys()):
        raise CaseError(
            f"{folder}: table '{twice[0]}' has a file ({files[twice[0]].name}) and a source"
            f" in {CASE_SETTINGS}; keep one"
        )
    if sources and read_source is None:
        raise CaseError(
            f"{folder / CASE_SETTINGS}: [sources] names tables that the Spark engine reads"
            f" ({', '.join(sources)}); run with --engine spark"
        )


#: Tables read and typed at once. Polars frees the GIL while it works, so a
#: second table keeps the cores busy while one is in a step that uses only one.
LOAD_THREADS = 2


class LoadedTable(NamedTuple):
    """One table read and typed: `Case` fields for the table, and its records as read."""

    #: The typed rows, or a handle on them where an engine keeps them (`HeldTable`).
    frame: pl.DataFrame | HeldTable
    rejects: list[pl.DataFrame]
    id_changes: pl.DataFrame
    present: tuple[str, ...]
    ignored: tuple[str, ...]
    records: int


def _load_tables(files: Mapping[str, Path], columns: ColumnMapping) -> dict[str, LoadedTable]:
    """Every table that has a file, loaded on `LOAD_THREADS` threads, in contract order.

    The largest files start first, so that no thread is left alone with a
    large one at the end. A failure is raised for the first table in contract
    order that fails, the one a load of one table after another would stop at.
    """
    largest_first = sorted(files, key=lambda name: files[name].stat().st_size, reverse=True)
    pool = ThreadPoolExecutor(max_workers=LOAD_THREADS, thread_name_prefix="load_case")
    try:
        futures = {
            name: pool.submit(_load_table, files[name], TABLES[name], columns.get(name, {}))
            for name in largest_first
        }
        return {name: futures[name].result() for name in TABLES if name in futures}
    finally:
        pool.shutdown(cancel_futures=True)


def _load_table(path: Path, spec: TableSpec, renames: Mapping[str, str]) -> LoadedTable:
    """Read one table's file, apply the column mapping, check and type its columns."""
    raw = read_table_file(path, spec.name)
    if raw.frame.width <= 1 and raw.rejects.height:  # no record read: no columns to name
        first = raw.rejects.row(0, named=True)
        raise CaseError(
            f"{path}: no record could be read ({raw.rejects.height} rejected;"
            f" row {first['row']}: {first['reason']})"
        )
    frame = raw.frame.rename(mapped_names(raw.frame.columns, renames, path))
    require_columns(frame.columns, spec, path)
    typed = coerce(frame, spec)
    return LoadedTable(
        # Contiguous columns: every stage after this scans, groups and joins them.
        frame=typed.frame.rechunk(),
        rejects=[raw.rejects, typed.rejects],
        id_changes=typed.id_changes,
        present=tuple(c for c in spec.names if c in frame.columns),
        ignored=tuple(c for c in frame.columns if c not in spec.names and c != ROW),
        records=raw.records,
    )


def _record_counts(
    tables: CaseTables, records: Mapping[str, int], rejects: pl.DataFrame
) -> dict[str, RecordCount]:
    """Per table, the records of its file, the rows loaded and the records rejected whole.

    The rejected records are counted from the rejects themselves, so a record
    dropped without a reject entry shows as ``in_file > loaded + rejected``.
    """
    counts: dict[str, RecordCount] = {}
    held = tables.held()
    for name in tables:
        named = rejects.filter(pl.col("table") == name)["row"].unique()
        kept = 0
        if named.len() and name in held:
            kept = held[name].count_rows(named)
        elif named.len():
            kept = int(tables[name][ROW].is_in(named.implode()).sum())
        counts[name] = RecordCount(records.get(name, 0), tables.height(name), named.len() - kept)
    return counts


#: A case.toml holds a column mapping and a few lists: a larger one is not one.
MAX_SETTINGS_BYTES = 1_000_000


def case_settings(folder: Path) -> dict[str, Any]:
    """The parsed case.toml of a case folder, or an empty dict when there is none.

    It must be a regular file inside the folder and at most `MAX_SETTINGS_BYTES`;
    anything else (a link to ``/dev/zero``, a directory) stops with one line.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> case_settings(pathlib.Path(tempfile.mkdtemp()))
    {}
    """
    path = folder / CASE_SETTINGS
    if not path.exists() and not path.is_symlink():
        return {}
    target = path.resolve()
    if folder.resolve() not in target.parents or not target.is_file():
        raise CaseError(f"{path}: not a regular file inside the case folder")
    if target.stat().st_size > MAX_SETTINGS_BYTES:
        raise CaseError(f"{path}: larger than {MAX_SETTINGS_BYTES:,} bytes; not a case.toml")
    try:
        return tomllib.loads(target.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise CaseError(f"{path}: not valid TOML ({error})") from None
    except RecursionError:
        raise CaseError(f"{path}: not a case.toml (its values nest too deeply)") from None


def known_infrastructure(folder: Path, settings: Mapping[str, Any]) -> pl.DataFrame:
    """The values a case's ``[infrastructure]`` section names, one row per (kind, value).

    A payroll provider's account, a corporate VPN exit or a registered agent's
    address is shared by many and ties no one; naming it keeps it out of every
    tie and red flag. Nothing depends on the section being present.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "case.toml").write_text('[infrastructure]\\nip = ["52.10.20.30"]\\n')
    >>> known_infrastructure(folder, case_settings(folder)).rows()
    [('ip', '52.10.20.30')]
    """
    settings_file = folder / CASE_SETTINGS
    section = settings.get("infrastructure", {})
    if not isinstance(section, dict):
        raise CaseError(f"{settings_file}: [infrastructure] must map kinds to lists of values")
    rows = []
    for kind, values in sorted(section.items()):
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise CaseError(
                f"{settings_file}: [infrastructure] {kind!r} must be a list of text values"
            )
        rows += [(str(kind).strip().lower(), value) for value in values]
    return pl.DataFrame(rows, schema=INFRASTRUCTURE_SCHEMA, orient="row")


def _column_mapping(
    folder: Path, mapping: ColumnMapping | None, settings: Mapping[str, Any]
) -> dict[str, dict[str, str]]:
    """Per table, the user's column name → the contract's, from case.toml and ``mapping``."""
    settings_file = folder / CASE_SETTINGS
    sections = settings.get("columns", {})
    if not isinstance(sections, dict):
        raise CaseError(f"{settings_file}: [columns] must hold one table per case table")
    declared: dict[str, dict[str, str]] = {}
    for table, renames in [*sections.items(), *(mapping or {}).items()]:
        if not isinstance(renames, Mapping) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in renames.items()
        ):
            raise CaseError(
                f"{settings_file}: [columns.{table!r}] must map column names to column names,"
                ' each in quotes ("Worker ID" = "contractor_id")'
            )
        declared[table] = {**declared.get(table, {}), **renames}
    unknown = sorted(set(declared) - set(TABLES))
    if unknown:
        raise CaseError(f"{settings_file}: column mapping for unknown table {unknown[0]!r}")
    return declared


def mapped_names(columns: list[str], renames: Mapping[str, str], where: object) -> dict[str, str]:
    """Column renames that a mapping asks for, both sides cleaned like header names.

    ``where`` (a file, a source) starts the message of the `CaseError` raised
    when two columns would get one name.

    Examples
    --------
    >>> mapped_names(["worker_id", "ts"], {"Worker ID": "Contractor ID"}, "logins.csv")
    {'worker_id': 'contractor_id'}
    """
    wanted = {clean_column_name(k): clean_column_name(v) for k, v in renames.items()}
    result = {c: wanted[c] for c in columns if c in wanted and wanted[c] != c and c != ROW}
    targets = list(result.values()) + [c for c in columns if c not in result]
    clashes = sorted(name for name, count in Counter(targets).items() if count > 1)
    if clashes:
        raise CaseError(f"{where}: column mapping gives two columns the name '{clashes[0]}'")
    return result


def _table_files(folder: Path) -> dict[str, Path]:
    """Each table's file in ``folder``, its name matched whatever its case (``Contractors.CSV``).

    A table file must be a regular file inside the folder: a symlink out of it,
    a special file (``/dev/zero``) or a directory stops the load with one line.
    """
    wanted = {f"{name}{suffix}": name for name in TABLES for suffix in SUFFIXES}
    found: dict[str, list[Path]] = {}
    for entry in sorted(folder.iterdir()):
        name = wanted.get(entry.name.lower())
        if name is not None:
            found.setdefault(name, []).append(entry)
    files: dict[str, Path] = {}
    inside = folder.resolve()
    for name, paths in found.items():
        if len(paths) > 1:
            raise CaseError(
                f"{folder}: two files for table '{name}' ({paths[0].name}, {paths[1].name});"
                " keep one"
            )
        path = paths[0]
        target = path.resolve()
        if inside not in target.parents:
            raise CaseError(f"{path}: the table file leads out of the case folder (to {target})")
        if not target.is_file():
            raise CaseError(
                f"{path}: not a regular file; a table must be a csv, parquet or jsonl file"
            )
        files[name] = path
    return files


def require_columns(columns: list[str], spec: TableSpec, where: object) -> None:
    """Stop with a `CaseError` naming ``where`` (a file, a source) if a required column is absent.

    Examples
    --------
    >>> from workbench.tables import TABLES
    >>> require_columns(["contractor_id", "ts"], TABLES["logins"], "logins.csv")
    """
    for column in spec.required:
        if column not in columns:
            found = ", ".join(c for c in columns if c != ROW) or "none"
            raise CaseError(
                f"{where}: required column '{column}' is missing (columns found: {found})"
            )


def _check_keys(
    tables: dict[str, pl.DataFrame | HeldTable],
) -> tuple[dict[str, pl.DataFrame | HeldTable], list[pl.DataFrame], list[pl.DataFrame]]:
    """Reject duplicate contractor ids (first kept) and rows naming unknown contractors,
    and read an id written in another letter case as the one contractor it names
    (`workbench.coerce.case_respellings`): the tables, the rejects, and those id changes.

    A table an engine holds (`HeldTable`) is checked where it is held.
    """
    contractors, others = _first_of_each(tables["contractors"], "contractor_id")
    duplicates = others.select(
        pl.lit("contractors").alias("table"),
        "row",
        pl.lit("contractor_id").alias("column"),
        pl.format("duplicate contractor_id (first kept, at row {})", "first_row").alias("reason"),
    )
    rejects = [duplicates]
    checked = dict(tables)
    checked["contractors"] = contractors
    known = TableHandle(contractors).distinct("contractor_id")
    references = {name: spec.references for name, spec in TABLES.items() if spec.references}
    frames = {n: t for n, t in checked.items() if n in references and isinstance(t, pl.DataFrame)}
    held = {n: t for n, t in checked.items() if n in references and not isinstance(t, pl.DataFrame)}
    kept, unknown, respelt = _known_rows(frames, references, known)
    checked |= kept
    rejects += unknown
    for name, table in held.items():
        checked[name], rows, spellings = table.checked(known, references[name])
        rejects.append(_unknown_rejects(name, rows))
        respelt.append(_changes(name, spellings))
    return checked, rejects, respelt


def _first_of_each(
    table: pl.DataFrame | HeldTable, column: str
) -> tuple[pl.DataFrame | HeldTable, pl.DataFrame]:
    """``table`` with only the first row of each value of ``column``, and the others' rows
    (``row``, ``first_row``), in file order; a held table is checked where it is held."""
    if not isinstance(table, pl.DataFrame):
        return table.first_of_each(column)
    marked = table.with_columns(pl.col(ROW).min().over(column).alias("_first_row"))
    others = marked.filter(pl.col(ROW) != pl.col("_first_row")).select(
        pl.col(ROW).alias("row"), first_row="_first_row"
    )
    return marked.filter(pl.col(ROW) == pl.col("_first_row")).drop("_first_row"), others


def _known_rows(
    tables: Mapping[str, pl.DataFrame],
    references: Mapping[str, tuple[str, ...]],
    known: pl.Series,
) -> tuple[dict[str, pl.DataFrame], list[pl.DataFrame], list[pl.DataFrame]]:
    """``tables`` without the rows whose ``references`` name an unknown contractor id, the
    rejects of those rows, and the ids read as a known id written in another case."""
    columns = [(name, column) for name in tables for column in references[name]]
    # One membership test over every referencing column: the set of known ids
    # is built once, not once per column (a fifth of a second each at 1M).
    given = pl.concat(
        [pl.Series(dtype=pl.String)] + [tables[name][column] for name, column in columns]
    )
    found_all = given.is_in(known.implode())
    respelt: list[pl.DataFrame] = []
    if not found_all.all():  # the usual case has no unknown id, and nothing to respell
        spellings = case_respellings(given.filter(~found_all), known)
        if not spellings.is_empty():
            tables, respelt = _respelt_ids(tables, columns, spellings)
            return (*_known_rows(tables, references, known)[:2], respelt)
    kept = {name: pl.repeat(True, tables[name].height, eager=True) for name, _ in columns}
    rejects = []
    start = 0
    for name, column in columns:
        frame = tables[name]
        found = found_all.slice(start, frame.height)
        start += frame.height
        unknown = ~found & kept[name]  # a row rejected for an earlier column is not named again
        if not unknown.any():
            continue  # the usual case: no 15M-row copy of a clean table
        rows = frame.filter(unknown).select(pl.col(ROW).alias("row"), column=pl.lit(column))
        rejects.append(_unknown_rejects(name, rows))
        kept[name] &= found
    checked = {name: tables[name] for name in kept}
    for name, mask in kept.items():
        if not mask.all():
            checked[name] = tables[name].filter(mask)
    return checked, rejects, respelt


def _respelt_ids(
    tables: Mapping[str, pl.DataFrame],
    columns: list[tuple[str, str]],
    spellings: pl.DataFrame,
) -> tuple[dict[str, pl.DataFrame], list[pl.DataFrame]]:
    """``tables`` with each spelling (given, id) of ``spellings`` in ``columns`` read as its id,
    and the id changes made (`ID_CHANGE_SCHEMA`)."""
    respelt = dict(tables)
    changes = []
    for name, column in columns:
        used = spellings.filter(pl.col("given").is_in(respelt[name][column].implode()))
        if used.is_empty():
            continue
        respelt[name] = respelt[name].with_columns(
            pl.col(column).replace(used["given"], used["id"])
        )
        changes.append(_changes(name, used.select(pl.lit(column).alias("column"), "given", "id")))
    return respelt, changes


def _in_order(changes: list[pl.DataFrame]) -> pl.DataFrame:
    """Id changes in one order, whichever engine checked which table."""
    return pl.concat([pl.DataFrame(schema=ID_CHANGE_SCHEMA), *changes]).sort(pl.all())


def _changes(table: str, spellings: pl.DataFrame) -> pl.DataFrame:
    """(column, given, id) spellings of ``table`` as its id changes (`ID_CHANGE_SCHEMA`)."""
    return spellings.select(pl.lit(table).alias("table"), "column", "given", "id").cast(
        ID_CHANGE_SCHEMA  # type: ignore[arg-type]
    )


def _unknown_rejects(table: str, rows: pl.DataFrame) -> pl.DataFrame:
    """Rejects of ``table`` naming an unknown contractor id, from (``row``, ``column``) rows."""
    return rows.select(
        pl.lit(table).alias("table"),
        pl.col("row").cast(pl.Int64),
        pl.col("column").cast(pl.String),
        pl.lit("unknown contractor_id").alias("reason"),
    )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
