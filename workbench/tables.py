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
                Column("cover_letter"),  # the proposal or cover letter sent with the application
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
                # What an IP-intelligence feed says of the login's address: a few
                # thousand distinct names over millions of logins, so categoricals.
                Column("asn", "category"),
                Column("isp", "category"),
                Column("vpn_provider", "category"),
                Column("ip_type", "category"),  # residential, hosting, mobile, vpn
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
                Column("requested_at", "datetime"),  # when the address was given or changed
                Column("previous_address"),  # the address it replaced, if rerouted
                # residential, commercial, mail-receiving agency, freight forwarder
                Column("address_type", "category"),
                Column("ship_to_country"),
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
        # What an MDM or EDR export records on a company device: software installed,
        # USB and HID devices attached (an IP-KVM shows up as a keyboard and a display).
        TableSpec(
            "endpoint_events",
            (
                Column("contractor_id", required=True),
                Column("device_id"),
                Column("ts", "datetime"),
                Column("kind", "category", required=True),  # software, usb, hid, display
                Column("name", required=True),
                Column("detail"),
            ),
            references=("contractor_id",),
            seen_at="ts",
        ),
        # MDM check-ins: where a company device is, whoever logs in from wherever.
        TableSpec(
            "device_locations",
            (
                Column("device_id", required=True),
                Column("contractor_id", required=True),  # the device's assigned user
                Column("ts", "datetime", required=True),
                Column("egress_ip"),
                Column("country"),
            ),
            references=("contractor_id",),
            seen_at="ts",
        ),
        # One row per client an identity works for, from a staffing platform's records.
        TableSpec(
            "engagements",
            (
                Column("contractor_id", required=True),
                Column("client", required=True),
                Column("started_at", "date"),
                Column("ended_at", "date"),
            ),
            references=("contractor_id",),
            seen_at="started_at",
        ),
        TableSpec(
            "interviews",
            (
                Column("contractor_id", required=True),
                Column("ts", "datetime"),
                Column("camera_on", "bool"),
                Column("join_ip"),
                Column("same_person_as_previous", "bool"),
                Column("notes"),
            ),
            references=("contractor_id",),
            seen_at="ts",
        ),
        # E-Verify, SSN trace, ID document country, W-2 complaint, reference check.
        TableSpec(
            "identity_checks",
            (
                Column("contractor_id", required=True),
                Column("check", required=True),
                Column("result", required=True),
                Column("at", "datetime"),
            ),
            references=("contractor_id",),
            seen_at="at",
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
