"""What a notebook shows for an investigation and a ring: a short repr and an escaped summary."""

from __future__ import annotations

import re

import polars as pl
import pytest

from workbench.investigation import investigate
from workbench.views.cards import TOP_MEMBERS, investigation_card, ring_card

XSS = '<img src=x onerror=alert(1)>"'


@pytest.fixture
def inv(write_case):
    """A ring of three sharing a wallet and a phone, with attack payloads for names and ids."""
    quoted = '"' + XSS.replace('"', '""') + '"'
    contractors = (
        "contractor_id,full_name,phone,country\n"
        f"{quoted},{quoted},(415) 555-0134,US\n"
        "c2,<script>alert(2)</script>,+1 415 555 0134,US\n"
        "c3,Plain Name,415.555.0134,US\n"
    )
    wallet = "0xabcdef0123456789abcdef0123456789abcdef01"
    payments = "contractor_id,paid_at,account,method\n" + "".join(
        f"{c},2024-0{m}-01T00:00:00Z,{wallet},crypto\n"
        for m, c in enumerate([quoted, "c2", "c3"], start=1)
    )
    case = write_case({"contractors.csv": contractors, "payments.csv": payments}, name="<case>")
    return investigate(case)


def no_markup_from_the_case(html: str) -> None:
    assert "<img" not in html and "<script" not in html
    assert not re.search(r"<[^>]*\son\w+=", html)


def test_reprs_are_one_short_line(inv):
    ring = inv.ring(inv.ring_scores["ring_id"][0])
    assert repr(inv) == (
        f"Investigation(case='<case>', contractors=3, rings=1, alerts={inv.alerts.height})"
    )
    assert repr(ring) == f"RingView({ring.ring_id!r}, score={ring.score:.1f}, members=3)"


def test_html_summaries_escape_every_case_string(inv):
    ring = inv.ring(inv.ring_scores["ring_id"][0])
    for html in (inv._repr_html_(), ring._repr_html_()):
        no_markup_from_the_case(html)
        assert len(html) < 5_000
    shown = ring._repr_html_()
    assert "&lt;img src=x onerror=alert(1)&gt;&quot;" in shown
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in shown
    assert "&lt;case&gt;" in inv._repr_html_()


def test_the_ring_summary_splits_its_score_and_counts_shared_values(inv):
    ring = inv.ring(inv.ring_scores["ring_id"][0])
    html = ring._repr_html_()
    ties, flags = re.search(r"\((\d+\.\d) from ties \+ (\d+\.\d) from red flags\)", html).groups()
    assert float(ties) + float(flags) == pytest.approx(ring.score, abs=0.05)
    assert set(ring.shared_values["kind"]) == {"payment_account", "phone"}
    assert "2 shared values" in html


def test_the_investigation_card_lists_the_top_rings_and_counts():
    rings = pl.DataFrame(
        {
            "ring_id": [f"R-{i}" for i in range(8)],
            "ring_score": [90.0 - i for i in range(8)],
            "ring_size": [3] * 8,
            "reasons": [[f"reason {i}", "more"] for i in range(8)],
        }
    )
    card = investigation_card(case="demo", counts={"contractors": 10, "rings": 8}, rings=rings)
    assert re.findall(r"R-\d", card) == ["R-0", "R-1", "R-2", "R-3", "R-4"]
    assert "10 contractors · 8 rings" in card and "reason 0" in card and "more" not in card


def test_the_ring_card_shows_the_riskiest_members_and_how_many_more():
    members = pl.DataFrame(
        {
            "contractor_id": [f"c{i:02d}" for i in range(14)],
            "full_name": ["x"] * 14,
            "country": ["US"] * 14,
            "risk_score": [float(i) for i in range(14)],
            "flags": [""] * 14,
        }
    )
    card = ring_card(
        ring_id="R-1", score=60.0, tie_score=30.0, reasons=["a"], members=members, shared_values=1
    )
    assert re.findall(r"c\d\d", card)[:2] == ["c13", "c12"]
    assert len(re.findall(r"c\d\d", card)) == TOP_MEMBERS
    assert "… and 4 more members." in card
