"""The tables of a case folder, declared as data (see the case-folder contract).

Every stage reads column names and types from here, so a new optional column
is one line in this file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ColumnType = Literal["str", "category", "datetime", "date", "float", "bool"]

#: Name of the column every loaded table carries: the 1-based record number in its file.
ROW = "source_row"


@dataclass(frozen=True)
class Column:
    """One column of a case table."""

    name: str
    type: ColumnType = "str"
    required: bool = False


@dataclass(frozen=True)
class TableSpec:
    """One table of a case folder.

    ``unique`` names a column whose duplicates are rejected (first row kept);
    ``references`` names columns whose values must be a known contractor_id;
    ``seen_at`` names the date or time column that dates a row's identifiers.
    """

    name: str
    columns: tuple[Column, ...]
    unique: str | None = None
    references: tuple[str, ...] = ()
    seen_at: str | None = None

    @property
    def required(self) -> tuple[str, ...]:
        """Names of the required columns."""
        return tuple(c.name for c in self.columns if c.required)

    def column(self, name: str) -> Column:
        """The column called ``name`` (a `KeyError` names it when the table has none).

        Examples
        --------
        >>> TABLES["logins"].column("ts").type
        'datetime'
        """
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(f"{self.name} has no column {name!r}")

    @property
    def names(self) -> tuple[str, ...]:
        """Names of all columns, in contract order."""
        return tuple(c.name for c in self.columns)

    @property
    def id_columns(self) -> tuple[str, ...]:
        """Names of the columns holding contractor ids: the unique one and the references.

        Examples
        --------
        >>> TABLES["referrals"].id_columns
        ('referrer_id', 'contractor_id')
        """
        unique = (self.unique,) if self.unique else ()
        return tuple(dict.fromkeys(unique + self.references))


TABLES: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        TableSpec(
            "contractors",
            (
                Column("contractor_id", required=True),
                Column("full_name"),
                Column("email"),
                Column("phone"),
                Column("address"),
                Column("country"),
                Column("github"),
                Column("hired_at", "date"),
                Column("client"),
                Column("video_interview"),
                Column("photo_hash"),
                Column("resume_text"),
            ),
            unique="contractor_id",
            seen_at="hired_at",
        ),
        TableSpec(
            "payments",
            (
                Column("payment_id"),
                Column("contractor_id", required=True),
                Column("paid_at", "datetime", required=True),
                Column("amount", "float"),
                Column("currency"),
                Column("method"),
                Column("account", required=True),
                Column("account_holder"),
                Column("account_country"),
            ),
            references=("contractor_id",),
            seen_at="paid_at",
        ),
        TableSpec(
            "logins",
            (
                Column("contractor_id", required=True),
                Column("ts", "datetime", required=True),
                Column("ip"),
                Column("device_id"),
                # Kept for the analyst, read by no stage: a categorical costs 4 bytes a
                # login instead of the whole string (15M logins of a large case).
                Column("user_agent", "category"),
                Column("country"),
                Column("vpn", "bool"),
                Column("remote_tool"),
                Column("session_minutes", "float"),
            ),
            references=("contractor_id",),
            seen_at="ts",
        ),
        TableSpec(
            "shipments",
            (
                Column("contractor_id", required=True),
                Column("shipped_at", "date"),
                Column("asset_tag"),
                Column("ship_to_address", required=True),
                Column("ship_to_name"),
            ),
            references=("contractor_id",),
            seen_at="shipped_at",
        ),
        TableSpec(
            "referrals",
            (
                Column("referrer_id", required=True),
                Column("contractor_id", required=True),
            ),
            references=("referrer_id", "contractor_id"),
        ),
        TableSpec(
            "identifiers",
            (
                Column("contractor_id", required=True),
                Column("kind", required=True),
                Column("value", required=True),
                Column("observed_at", "datetime"),
            ),
            references=("contractor_id",),
            seen_at="observed_at",
        ),
        # Values known to be bad (a sanctions list's wallets, another case's confirmed
        # ring): every identity holding one is flagged (WATCHLIST_HIT). Names no identity.
        TableSpec(
            "watchlist",
            (
                Column("kind", required=True),
                Column("value", required=True),
                Column("source"),
                Column("note"),
                Column("last_seen", "date"),
            ),
        ),
    )
}
