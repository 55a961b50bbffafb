"""The report triages: one band of alerts ranked by score, plain reasons, one row per loner."""

from __future__ import annotations

import re

import polars as pl
import pytest

from tests.conftest import SAMPLE_CASE, WALLET_RING_MEMBER
from workbench.investigation import investigate
from workbench.output import write_html
from workbench.views.report import (
    BAND_LIMIT,
    alert_band,
    lone_identities,
    reason_line,
    render_report,
    ring_digest,
)

XSS = '<img src=x onerror=alert(1)>"'


@pytest.fixture(scope="module")
def inv():
    return investigate(SAMPLE_CASE)


@pytest.fixture(scope="module")
def digest(inv):
    return ring_digest(inv.members, inv.links, inv.flags, inv.observations)


def flag_rows(rows: list[tuple[str, str, float, str, str, float]]) -> pl.DataFrame:
    """Lone identities' red flags, one row each: id, name, risk, code, evidence, weight."""
    frame = pl.DataFrame(
        rows,
        schema=["contractor_id", "full_name", "risk_score", "code", "evidence", "weight"],
        orient="row",
    )
    return frame.with_columns(disposition=pl.lit(None, pl.String))


def ring_rows() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "ring_id": ["R-low", "R-high", "R-mid"],
            "ring_size": [4, 8, 3],
            "ring_score": [43.9, 75.8, 60.0],
            "reasons": ["a", "b", "c"],
            "disposition": [None, None, None],
            "tie_score": [30.0, 33.0, 20.0],
            "line": ["low line", "high line", "mid line"],
            "people": [["c4", "c5"], ["c1", "c2"], ["c6", "c7"]],
            "values": [
                [],
                [{"text": "jane@gmail.com", "kind": "email"}],
                [{"text": "0xA2E8C71CC5216088C71E3AE4747DA5FFB860EC93", "kind": "payment_account"}],
            ],
        }
    )


LONERS = flag_rows(
    [
        ("k1", XSS, 76.0, "VPN_HEAVY", "5 of 10 logins via VPN", 0.2),
        ("k1", XSS, 76.0, "HIGH_RISK_GEO", "2 of 10 logins from DPRK", 0.6),
        ("k1", XSS, 76.0, "VOIP_PHONE", "VoIP number +48391975387", 0.2),
        ("k2", "Bo", 52.0, "UTC9_HOURS", "14 of 14 logins at 00–09 UTC", 0.25),
    ]
)


def section(page: str, start: str, end: str | None = None) -> str:
    """The page from the element with id ``start`` to the one with id ``end``."""
    begin = page.index(f'id="{start}"')
    return page[begin : page.index(f'id="{end}"', begin) if end else len(page)]


def test_reason_line_says_what_is_shared_then_the_most_carried_flags():
    line = reason_line(
        8,
        [("payment_account:crypto", 2), ("address", 1), ("phone", 1), ("ip", 2), ("device", 1)],
        [("referral", 1)],
        [("VIDEO_DECLINED", 6), ("CRYPTO_PAYMENT", 5), ("VPN_HEAVY", 2), ("VOIP_PHONE", 1)],
    )
    assert line == (
        "8 identities share 2 wallets, an address, a phone and 3 other values, linked by a "
        "referral; video declined or camera off (6 of 8), paid in cryptocurrency (5 of 8), "
        "mostly through VPN (2 of 8)"
    )


def test_the_digest_splits_the_score_as_the_ring_page_does(inv, digest):
    tie_scores = dict(digest.select("ring_id", "tie_score").iter_rows())
    for ring_id in inv.ring_scores["ring_id"]:
        assert tie_scores[ring_id] == inv.ring(ring_id).tie_score


def test_the_digest_reads_the_wallet_ring_from_its_data(inv, digest):
    top = inv.ring(
        inv.scored.filter(pl.col("contractor_id") == WALLET_RING_MEMBER)["ring_id"].item()
    )
    row = digest.filter(pl.col("ring_id") == top.ring_id).row(0, named=True)
    assert row["line"].startswith("8 identities share 2 wallets")
    assert "an address" in row["line"] and "paid in cryptocurrency (8 of 8)" in row["line"]
    assert "SHARED_PAYMENT_ACCOUNT" not in row["line"]  # restates the shared wallet
    assert row["people"] == top.member_ids.to_list()
    written = {w["text"] for ws in top.shared_values["written"] for w in ws}
    assert {v["text"] for v in row["values"]} == written


def test_a_value_two_rings_share_is_listed_in_each_with_its_own_holders():
    members = pl.DataFrame({"ring_id": ["R1", "R1", "R2", "R2"], "contractor_id": list("abcd")})
    links = pl.DataFrame(
        {
            "contractor_a": ["a", "c"],
            "contractor_b": ["b", "d"],
            "kind": ["phone", "phone"],
            "value": ["+14155550134"] * 2,
            "weight": [0.85, 0.85],
        }
    )
    sightings = pl.DataFrame(
        {
            "contractor_id": list("abcd"),
            "kind": ["phone"] * 4,
            "value": ["+14155550134"] * 4,
            "raw": ["415 555 0134", "415 555 0134", "(415) 555-0134", "(415) 555-0134"],
            "seen_at": [None] * 4,
        }
    )
    flags = pl.DataFrame(
        schema={"contractor_id": pl.String, "code": pl.String, "weight": pl.Float64}
    ).with_columns(evidence=pl.lit(None, pl.String))
    digest = ring_digest(members, links, flags, sightings)
    assert digest.select("ring_id", "line").rows() == [
        ("R1", "2 identities share a phone"),
        ("R2", "2 identities share a phone"),
    ]
    assert [[v["text"] for v in vs] for vs in digest["values"]] == [
        ["415 555 0134"],
        ["(415) 555-0134"],
    ]


def test_a_lone_identity_is_one_row_with_every_flag_strongest_first():
    lone = lone_identities(LONERS)
    assert lone["contractor_id"].to_list() == ["k1", "k2"]
    first = lone.row(0, named=True)
    assert [f["code"] for f in first["flags"]] == ["HIGH_RISK_GEO", "VOIP_PHONE", "VPN_HEAVY"]
    assert first["line"] == "logins from DPRK, VoIP phone number, mostly through VPN"


def test_the_band_ranks_rings_and_lone_identities_together_from_the_threshold_up():
    rings = ring_rows().with_columns(
        ties=pl.col("tie_score"), flags=pl.col("ring_score") - pl.col("tie_score")
    )
    lone = lone_identities(LONERS)
    band = alert_band(rings, lone, threshold=52.0)
    assert band.select("kind", "id").rows() == [
        ("identity", "k1"),
        ("ring", "R-high"),
        ("ring", "R-mid"),
        ("identity", "k2"),  # at the threshold: an alert
    ]
    assert band.filter(pl.col("kind") == "identity")["ties"].to_list() == [0.0, 0.0]
    assert (band["ties"] + band["flags"] - band["score"]).abs().max() < 1e-9


def test_the_report_puts_alerts_first_and_marks_the_rest_calm():
    page = render_report(ring_rows(), title="Case", loners=LONERS, alert_threshold=50)
    band = section(page, "alerts", "rings")
    assert re.findall(r'data-kind="(\w+)"', band) == ["identity", "ring", "ring", "identity"]
    assert "R-low" not in band
    assert 'data-points="33.0"' in band and 'data-points="42.8"' in band  # ties + flags = 75.8
    rows = re.findall(r'<tr class="(\w+)">.*?href="rings/([\w-]+)\.html"', section(page, "rings"))
    assert rows == [("alert", "R-high"), ("alert", "R-mid"), ("calm", "R-low")]


def test_the_band_order_is_by_score_across_kinds():
    page = render_report(ring_rows(), title="Case", loners=LONERS, alert_threshold=50)
    band = section(page, "alerts", "rings")
    scores = [float(s) for s in re.findall(r'class="band-score">([\d.]+)<', band)]
    assert scores == [76.0, 75.8, 60.0, 52.0]


def test_lone_identities_show_one_row_each_with_all_flags_escaped():
    page = render_report(ring_rows(), title="Case", loners=LONERS)
    table = section(page, "loners")
    assert table.count("<tr class=") == 2
    for code in ["HIGH_RISK_GEO", "VPN_HEAVY", "VOIP_PHONE", "UTC9_HOURS"]:
        assert table.count(f"<code>{code}</code>") == 1
    assert "&lt;img src=x onerror=alert(1)&gt;" in table and "<img" not in page


def test_the_report_shows_shared_values_to_search_and_masks_them_when_redacting():
    plain = render_report(ring_rows(), title="Case", loners=LONERS)
    assert "jane@gmail.com" in plain and "+48391975387" in plain
    redacted = render_report(ring_rows(), title="Case", loners=LONERS, redact=True)
    assert "jane@gmail.com" not in redacted and "j***@g***.com" in redacted
    assert "A2E8C71CC5216088C71E3AE4747DA5FFB860EC93" not in redacted.upper()
    assert "+48391975387" not in redacted


def test_every_table_header_sorts_and_numbers_sort_as_numbers():
    page = render_report(ring_rows(), title="Case", loners=LONERS)
    headers = re.findall(r"<th aria-sort=\"none\"( data-numeric)?><button", page)
    assert len(headers) == 9 + 7
    assert re.search(r'<td class="num" data-sort="75.8">', page)


def test_a_long_band_keeps_the_first_alerts_and_says_how_many_more():
    many = pl.DataFrame(
        {
            "ring_id": [f"R{i:03d}" for i in range(BAND_LIMIT + 5)],
            "ring_size": [2] * (BAND_LIMIT + 5),
            "ring_score": [90.0 - i * 0.1 for i in range(BAND_LIMIT + 5)],
            "reasons": ["x"] * (BAND_LIMIT + 5),
            "disposition": [None] * (BAND_LIMIT + 5),
        }
    )
    page = render_report(many, title="Case")
    assert section(page, "alerts", "rings").count("<li") == BAND_LIMIT
    assert "5 more alerts are marked in the tables below" in page


def test_the_sample_report_has_one_row_per_lone_identity_and_the_top_ring_first(inv, tmp_path):
    page = write_html(inv, tmp_path).read_text(encoding="utf-8")
    loners = inv.loners_at_risk["contractor_id"].unique()
    assert section(page, "loners").count("<tr class=") == loners.len()
    band = section(page, "alerts", "rings")
    assert band.index(inv.ring_scores["ring_id"][0]) < band.index(inv.ring_scores["ring_id"][1])
    assert "8 identities share 2 wallets" in band
