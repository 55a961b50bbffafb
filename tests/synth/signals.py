"""What the wider evidence of a generated case shows per identity, measured plainly.

Each signal is read straight from the written tables (not through the
workbench's flags), so the generator's rates are checked on their own terms.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

FRONT_KINDS = ("ring", "solo_dprk")
FOREIGN = ("CN", "RU", "KP")
FAILED = ("tentative_nonconfirmation", "final_nonconfirmation", "mismatch", "no_record", "failed")
#: Signals of `signals`, in the order docs/synth.md lists them.
SIGNALS = (
    "astrill_login",
    "mostly_vpn_or_hosting",
    "ipkvm",
    "remote_tools_2",
    "keep_awake",
    "device_elsewhere",
    "rerouted_late",
    "forwarded_or_abroad",
    "concurrent_2",
    "concurrent_3",
    "interview_vpn_or_abroad",
    "other_person",
    "camera_off",
    "check_failed",
    "w2_complaint",
    "document_elsewhere",
    "shared_referee",
    "cover_letter_copy",
)


def read(folder: Path, table: str) -> pl.DataFrame:
    """A generated table as text columns, empty text as null, whatever its format."""
    path = next(folder.glob(f"{table}.*"))
    if path.suffix == ".csv":
        frame = pl.read_csv(path, infer_schema_length=0)
    else:
        frame = pl.read_parquet(path) if path.suffix == ".parquet" else pl.read_ndjson(path)
    return frame.cast(pl.String).with_columns(pl.all().replace("", None))


def _ids(frame: pl.DataFrame, name: str) -> pl.DataFrame:
    return frame.select("contractor_id").unique().with_columns(pl.lit(True).alias(name))


def signals(folder: Path, truth: Path) -> pl.DataFrame:
    """One row per identity: its group kind, ``front``, and a bool column per `SIGNALS`."""
    people = pl.read_csv(truth).select("contractor_id", "group_kind", "group_id")
    contractors = read(folder, "contractors")
    logins = read(folder, "logins")
    found: list[pl.DataFrame] = []
    found.append(_ids(logins.filter(pl.col("vpn_provider") == "Astrill VPN"), "astrill_login"))
    share = logins.group_by("contractor_id").agg(
        pl.col("ip_type").is_in(["vpn", "hosting"]).mean().alias("share")
    )
    found.append(_ids(share.filter(pl.col("share") >= 0.5), "mostly_vpn_or_hosting"))
    events = read(folder, "endpoint_events")
    found.append(_ids(events.filter(pl.col("name").str.contains("KVM|TinyPilot")), "ipkvm"))
    remote = ("AnyDesk", "TeamViewer", "Chrome Remote", "RustDesk", "Splashtop", "Screen", "Zoho")
    tools = events.filter(pl.col("name").str.contains("|".join(remote)))
    stacked = tools.group_by("contractor_id", "device_id").agg(pl.col("name").n_unique().alias("n"))
    found.append(_ids(stacked.filter(pl.col("n") >= 2), "remote_tools_2"))
    awake = "Caffeine|Jiggler|Amphetamine|Move Mouse|KeepingYouAwake|Sleep"
    found.append(_ids(events.filter(pl.col("name").str.contains(awake)), "keep_awake"))
    places = (
        read(folder, "device_locations")
        .group_by("contractor_id")
        .agg(pl.col("country").mode().first().alias("device_country"))
    )
    away = (
        logins.join(places, on="contractor_id")
        .group_by("contractor_id")
        .agg((pl.col("country") != pl.col("device_country")).mean().alias("share"))
    )
    found.append(_ids(away.filter(pl.col("share") >= 0.5), "device_elsewhere"))
    found += _shipping(folder, contractors)
    found += _engagements(folder)
    found += _interviews(folder, logins)
    found += _checks(folder, contractors)
    refs = read(folder, "identifiers").filter(pl.col("kind").str.starts_with("reference_"))
    refs = refs.with_columns(
        key=pl.col("value")
        .str.to_lowercase()
        .str.replace_all(r"[^a-z0-9@]", "")
        .str.replace(r"^00", "")
    )
    shared = refs.group_by("key").agg(pl.col("contractor_id").n_unique().alias("n"))
    found.append(_ids(refs.join(shared.filter(pl.col("n") >= 2), on="key"), "shared_referee"))
    letters = contractors.filter(pl.col("cover_letter").is_not_null()).with_columns(
        body=pl.col("cover_letter").str.replace(r"\S+ \S+$", "")
    )
    copies = letters.group_by("body").agg(pl.len().alias("n"))
    found.append(
        _ids(letters.join(copies.filter(pl.col("n") >= 2), on="body"), "cover_letter_copy")
    )
    out = people.with_columns(front=pl.col("group_kind").is_in(FRONT_KINDS))
    for frame in found:
        out = out.join(frame, on="contractor_id", how="left")
    return out.with_columns(pl.col(s).fill_null(False) for s in SIGNALS)


def _shipping(folder: Path, contractors: pl.DataFrame) -> list[pl.DataFrame]:
    ships = read(folder, "shipments").with_columns(
        pl.col("shipped_at").str.to_date(),
        pl.col("requested_at").str.to_datetime(time_zone="UTC"),
    )
    moved = ships.filter(pl.col("previous_address").is_not_null())
    late = moved.filter(
        pl.col("requested_at")
        >= pl.col("shipped_at").cast(pl.Datetime("us", "UTC")) - pl.duration(days=3)
    )
    forwarded = ships.filter(
        pl.col("address_type").is_in(["freight_forwarder", "mail_receiving_agency"])
        | (pl.col("ship_to_country") == "CN")
    )
    return [_ids(late, "rerouted_late"), _ids(forwarded, "forwarded_or_abroad")]


def _engagements(folder: Path) -> list[pl.DataFrame]:
    jobs = read(folder, "engagements").filter(pl.col("ended_at").is_null())
    clients = jobs.group_by("contractor_id").agg(pl.col("client").n_unique().alias("n"))
    return [
        _ids(clients.filter(pl.col("n") >= 2), "concurrent_2"),
        _ids(clients.filter(pl.col("n") >= 3), "concurrent_3"),
    ]


def _interviews(folder: Path, logins: pl.DataFrame) -> list[pl.DataFrame]:
    calls = read(folder, "interviews")
    known = logins.select(
        pl.col("ip").alias("join_ip"),
        risky=pl.col("ip_type").is_in(["vpn", "hosting"]) | pl.col("country").is_in(FOREIGN),
    ).unique()
    risky = calls.join(known.filter("risky"), on="join_ip", how="semi")
    return [
        _ids(risky, "interview_vpn_or_abroad"),
        _ids(calls.filter(pl.col("same_person_as_previous") == "false"), "other_person"),
        _ids(calls.filter(pl.col("camera_on") == "false"), "camera_off"),
    ]


def _checks(folder: Path, contractors: pl.DataFrame) -> list[pl.DataFrame]:
    checks = read(folder, "identity_checks")
    claimed = contractors.select("contractor_id", claimed="country")
    documents = checks.filter(pl.col("check") == "id_document_country").join(
        claimed, on="contractor_id"
    )
    elsewhere = documents.filter(
        (pl.col("result") != pl.col("claimed")) & (pl.col("claimed").str.len_chars() == 2)
    )
    return [
        _ids(checks.filter(pl.col("result").is_in(FAILED)), "check_failed"),
        _ids(checks.filter(pl.col("check") == "w2_complaint"), "w2_complaint"),
        _ids(elsewhere, "document_elsewhere"),
    ]


def rates(table: pl.DataFrame) -> pl.DataFrame:
    """Share of fronts and of everyone else showing each signal."""
    return pl.DataFrame(
        [
            (
                s,
                table.filter("front")[s].mean(),
                table.filter(~pl.col("front"))[s].mean(),
            )
            for s in SIGNALS
        ],
        schema={"signal": pl.String, "fronts": pl.Float64, "legitimate": pl.Float64},
        orient="row",
    )
