"""The naive notebook approach to finding rings, as a baseline for the benchmark.

Run: ``.venv/bin/python benchmarks/naive_baseline.py CASE OUT``
(needs the ``bench`` extra: pandas and pyarrow).

What an analyst would write in a notebook with pandas and networkx:

1. read every table of the case folder (csv, parquet or jsonl);
2. take every identifier value (e-mails, phones, addresses, GitHub handles,
   photo hashes, payment accounts, login IPs, device ids, asset tags,
   shipping addresses, the ``identifiers`` table), split multi-valued cells
   on ``;`` and lower-case them, with no other normalisation;
3. self-merge the values: every pair of contractors sharing a value becomes
   an edge (a value shared by n contractors expands into n * (n - 1) / 2 pairs);
4. connected components of the networkx graph are the rings, and every
   component of two or more is alerted (``ring_score`` 100).

It writes ``rings.csv`` and ``contractors.csv`` in the shape of the output
contract (docs/outputs.md), so the same scorer reads both this and
``workbench run``. It is deliberately not the workbench: no canonical forms,
no hub limits, no weighting, no flags.
"""

from __future__ import annotations

import argparse
import hashlib
from pathlib import Path

import networkx as nx
import pandas as pd

#: Identifier columns per table, mapped to the kind whose values may match.
#: Home and shipping addresses are one kind, as the notebook would compare them.
IDENTIFIER_COLUMNS: dict[str, dict[str, str]] = {
    "contractors": {
        "email": "email",
        "phone": "phone",
        "address": "address",
        "github": "github",
        "photo_hash": "photo_hash",
    },
    "payments": {"account": "account"},
    "logins": {"ip": "ip", "device_id": "device"},
    "shipments": {"ship_to_address": "address", "asset_tag": "asset_tag"},
}

#: Kinds of the long ``identifiers`` table renamed to the kinds above.
IDENTIFIER_KINDS = {"payment_account": "account"}

READERS = {
    ".parquet": pd.read_parquet,
    ".csv": lambda path: pd.read_csv(path, dtype=str, keep_default_na=False),
    ".jsonl": lambda path: pd.read_json(path, lines=True, dtype=False),
}


def read_table(case: Path, name: str, columns: list[str]) -> pd.DataFrame | None:
    """One table of the case with the given columns as strings, or None if absent."""
    for suffix, reader in READERS.items():
        path = case / f"{name}{suffix}"
        if path.exists():
            frame = reader(path)
            present = [c for c in columns if c in frame.columns]
            return frame[present].astype("string")
    return None


def sightings(case: Path) -> pd.DataFrame:
    """Long table (contractor_id, kind, value) of lower-cased identifier values."""
    parts = []
    for table, columns in IDENTIFIER_COLUMNS.items():
        frame = read_table(case, table, ["contractor_id", *columns])
        if frame is None:
            continue
        for column, kind in columns.items():
            if column in frame.columns:
                part = frame[["contractor_id", column]].rename(columns={column: "value"})
                parts.append(part.assign(kind=kind))
    extra = read_table(case, "identifiers", ["contractor_id", "kind", "value"])
    if extra is not None:
        parts.append(extra.assign(kind=extra["kind"].str.lower().replace(IDENTIFIER_KINDS)))
    long = pd.concat(parts, ignore_index=True)
    long["value"] = long["value"].str.split(";")
    long = long.explode("value")
    long["value"] = long["value"].str.lower()
    long = long[long["value"].notna() & (long["value"] != "")]
    return long[["contractor_id", "kind", "value"]].drop_duplicates()


def pairs(long: pd.DataFrame) -> pd.DataFrame:
    """Every pair of contractors sharing a (kind, value): a self-merge on the value."""
    merged = long.merge(long, on=["kind", "value"], suffixes=("_a", "_b"))
    merged = merged[merged["contractor_id_a"] < merged["contractor_id_b"]]
    return merged[["contractor_id_a", "contractor_id_b"]].drop_duplicates()


def rings(edges: pd.DataFrame) -> pd.DataFrame:
    """Connected components of the pair graph as rings, every one alerted."""
    graph = nx.from_pandas_edgelist(edges, "contractor_id_a", "contractor_id_b")
    rows = []
    for component in nx.connected_components(graph):
        members = sorted(component)
        ring_id = "ring-" + hashlib.sha256("\n".join(members).encode()).hexdigest()[:12]
        rows.extend((ring_id, member, 100, len(members)) for member in members)
    frame = pd.DataFrame(rows, columns=["ring_id", "contractor_id", "ring_score", "ring_size"])
    return frame.sort_values(["ring_id", "contractor_id"])


def contractors(case: Path, members: pd.DataFrame) -> pd.DataFrame:
    """One row per contractor: its ring (if any), risk 100 in a ring else 0, no flags."""
    everyone = read_table(case, "contractors", ["contractor_id"])
    if everyone is None:
        raise SystemExit(f"{case}: no contractors table")
    table = everyone.merge(members[["contractor_id", "ring_id"]], on="contractor_id", how="left")
    table["risk_score"] = table["ring_id"].notna().map({True: 100, False: 0})
    table["flags"] = ""
    return table.sort_values("contractor_id")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("case", type=Path, help="case folder")
    parser.add_argument("out", type=Path, help="output folder")
    args = parser.parse_args()
    long = sightings(args.case)
    edges = pairs(long)
    members = rings(edges)
    args.out.mkdir(parents=True, exist_ok=True)
    members.to_csv(args.out / "rings.csv", index=False)
    contractors(args.case, members).to_csv(args.out / "contractors.csv", index=False)
    print(f"{len(long)} values, {len(edges)} pairs, {members['ring_id'].nunique()} rings")


if __name__ == "__main__":
    main()
