"""Watchlists (workbench.watchlist): made from one case's ring, they find its values in another."""

from __future__ import annotations

import io

import phonenumbers
import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbench.cli import main
from workbench.errors import CaseError
from workbench.export.reopen import reopen
from workbench.export.watchlist import ring_watchlist
from workbench.investigation import investigate
from workbench.synth import synthesize
from workbench.tables import ROW
from workbench.watchlist import canonical_watchlist, hits, read_watchlist, sweep


def another_spelling_of_phone(e164: str) -> tuple[str, str]:
    """The number as its country writes it at home, and that country."""
    number = phonenumbers.parse(e164)
    national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return national, phonenumbers.region_code_for_number(number)


def another_spelling_of_wallet(canonical: str) -> str:
    """The wallet as an exchange's payout form writes it: a chain label first."""
    address = canonical.removeprefix("crypto:")
    if address.startswith("0x"):
        return f"ERC20: 0x{address[2:].upper()}"
    return f"USDT (TRC-20) {address}"


def append_rows(path, rows: list[dict[str, str]]) -> None:
    frame = pl.read_csv(path, infer_schema=False)
    pl.concat([frame, pl.DataFrame(rows)], how="diagonal").write_csv(path)


def test_a_rings_watchlist_finds_its_values_in_another_case_in_other_spellings(tmp_path, capsys):
    first, second = tmp_path / "first", tmp_path / "second"
    synthesize(first, contractors=400, rings=4, seed=4)
    assert main(["run", str(first), "--out", str(tmp_path / "out"), "--no-html"]) == 0
    inv = reopen(tmp_path / "out")
    listed, ring = None, None
    for ring_id in inv.ring_scores["ring_id"]:
        candidate = ring_watchlist([inv.ring(ring_id)])
        wallets = candidate.filter(pl.col("value").str.starts_with("crypto:"))
        if wallets.height and (candidate["kind"] == "phone").any():
            listed, ring = candidate, inv.ring(ring_id)
            break
    assert ring is not None, "no ring of the generated case holds a phone and a wallet"
    capsys.readouterr()
    assert main(["watchlist", str(tmp_path / "out"), "--ring", ring.ring_id]) == 0
    printed = capsys.readouterr().out
    exported = pl.read_csv(io.StringIO(printed), infer_schema=False)
    assert exported.columns == ["kind", "value", "source", "note", "last_seen"]
    assert exported.height == listed.height
    assert set(exported["source"]) == {f"ring {ring.ring_id} of case first"}

    phone = listed.filter(pl.col("kind") == "phone")["value"][0]
    wallet = listed.filter(pl.col("value").str.starts_with("crypto:"))["value"][0]
    national, region = another_spelling_of_phone(phone)
    written_wallet = another_spelling_of_wallet(wallet)
    synthesize(second, contractors=300, rings=2, seed=21)
    append_rows(
        second / "contractors.csv",
        [
            {"contractor_id": "PLANTED-PHONE", "phone": national, "country": region},
            {"contractor_id": "PLANTED-WALLET", "country": "US"},
        ],
    )
    append_rows(
        second / "payments.csv",
        [
            {
                "contractor_id": "PLANTED-WALLET",
                "paid_at": "2025-03-01T10:00:00Z",
                "amount": "2500",
                "currency": "USDT",
                "account": written_wallet,
            }
        ],
    )
    (second / "watchlist.csv").write_text(printed, encoding="utf-8")

    other = investigate(second)
    raised = other.flags.filter(pl.col("code") == "WATCHLIST_HIT")
    evidence = dict(raised.select("contractor_id", "evidence").iter_rows())
    assert f"Phone {national} is on the watchlist: ring {ring.ring_id}" in evidence["PLANTED-PHONE"]
    assert f"Payment account {written_wallet} is on the watchlist" in evidence["PLANTED-WALLET"]
    # Generated cases draw handles and mailboxes from shared pools: any other hit is an
    # identity that holds one of the listed (canonical) values itself.
    holders = other.observations.join(listed, on=["kind", "value"], how="semi")
    assert set(evidence) == {"PLANTED-PHONE", "PLANTED-WALLET"} | set(holders["contractor_id"])
    assert other.scored.filter(pl.col("contractor_id") == "PLANTED-WALLET")["risk_score"][0] >= 50

    assert main(["sweep", str(second / "watchlist.csv"), str(first), str(second)]) == 0
    found = pl.read_csv(io.StringIO(capsys.readouterr().out), infer_schema=False)
    planted = found.filter(
        pl.col("case") == str(second), pl.col("contractor_id").str.starts_with("PLANTED")
    ).select("contractor_id", "kind", "value")
    assert set(found.filter(pl.col("case") == str(second))["contractor_id"]) == set(evidence)
    assert sorted(planted.rows()) == [
        ("PLANTED-PHONE", "phone", national),
        ("PLANTED-WALLET", "payment_account", written_wallet),
    ]
    at_home = found.filter(pl.col("case") == str(first))
    assert set(ring.member_ids) <= set(at_home["contractor_id"])  # the ring itself, at home


def test_values_are_read_by_their_kind_whatever_their_spelling():
    listed = pl.DataFrame(
        {
            "kind": ["phone", " EMAIL ", "payment_account", "payment_account", "ip", "badge"],
            "value": [
                "'+1 (415) 555-0134",  # as our CSV files defuse it
                "J.Doe+jobs@GMAIL.com",
                "de89 3704 0044 0532 0130 00",
                "n/a",
                "2001:0db8:0000::0001",
                " B-77 ",
            ],
        }
    )
    assert canonical_watchlist(listed)["canonical"].to_list() == [
        "+14155550134",
        "jdoe@gmail.com",
        "iban:DE89370400440532013000",
        None,
        "2001:db8::1",
        "b-77",
    ]


def test_a_value_hits_only_under_its_own_kind():
    listed = pl.DataFrame(
        {"kind": ["email"], "value": ["a@b.io"], "source": ["list"], "note": [None], ROW: [1]}
    )
    seen = pl.DataFrame(
        {
            "contractor_id": ["c1", "c2"],
            "kind": ["email", "payment_account"],
            "value": ["a@b.io", "email:a@b.io"],
            "raw": ["A@B.io", "a@b.io"],
            "source": ["contractors", "payments"],
            ROW: [1, 2],
        }
    )
    assert hits(listed, seen)["contractor_id"].to_list() == ["c1"]


def test_a_bad_watchlist_file_is_one_line(tmp_path):
    missing = tmp_path / "list.csv"
    missing.write_text("kind,source\nphone,x\n", encoding="utf-8")
    with pytest.raises(CaseError, match="required column 'value' is missing"):
        read_watchlist(missing)
    empty_value = tmp_path / "gaps.csv"
    empty_value.write_text("kind,value\nphone,+14155550134\nemail,\n", encoding="utf-8")
    with pytest.raises(CaseError, match="row 2, column value"):
        read_watchlist(empty_value)
    with pytest.raises(CaseError, match="a watchlist is a .csv, .parquet, .jsonl file"):
        read_watchlist(tmp_path / "list.xlsx")


def test_sweep_names_each_case_and_finds_nothing_in_a_case_without_the_values(write_case):
    case = write_case({"contractors.csv": "contractor_id,phone\nc1,+44 20 7946 0958\n"})
    listed = pl.DataFrame(
        {"kind": ["phone"], "value": ["020 7946 0958"], "source": ["x"], "note": [None], ROW: [1]}
    )
    assert sweep(listed, [case]).height == 0  # a national number is read as a US one
    listed = listed.with_columns(value=pl.lit("+442079460958"))
    assert sweep(listed, [case]).rows() == [(str(case), "c1", "phone", "+44 20 7946 0958", "x")]


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["phone", "email", "payment_account", "ip", "address", "", "x y"]),
            st.text(max_size=40),
        ),
        max_size=8,
    )
)
def test_reading_any_watchlist_text_never_raises_and_keeps_every_row(rows):
    listed = pl.DataFrame(rows, schema={"kind": pl.String, "value": pl.String}, orient="row")
    read = canonical_watchlist(listed)
    assert read.select("kind", "value").rows() == [
        (kind.strip().lower(), value) for kind, value in rows
    ]
