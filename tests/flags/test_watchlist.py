import polars as pl

from workbench.flags import FLAGS, evaluate
from workbench.flags.context import FlagContext
from workbench.flags.watchlist import watchlist_hit

SIGHTINGS = {
    "contractor_id": ["a", "a", "a", "b"],
    "kind": ["payment_account", "payment_account", "email", "payment_account"],
    "value": ["crypto:TWallet7", "crypto:TWallet7", "a@x.io", "bank:12345678"],
    "raw": ["TRC20: TWallet7", "TWallet7", "a@x.io", "12345678"],
    "source": ["payments", "payments", "contractors", "payments"],
    "source_row": [4, 9, 1, 2],
}


def test_every_listed_value_is_quoted_once_with_its_source_and_every_row_referenced():
    ctx = FlagContext.build(
        watchlist={
            "kind": ["payment_account", "email"],
            "value": ["crypto:TWallet7", "A@X.io"],
            "source": ["OFAC SDN", None],
            "note": [None, "from case March"],
        },
        observations=SIGHTINGS,
    )
    out = watchlist_hit(ctx)
    assert out["contractor_id"].to_list() == ["a"]
    assert out["evidence"][0] == (
        "E-mail a@x.io is on the watchlist: a source not named (from case March); "
        "Payment account TRC20: TWallet7 is on the watchlist: OFAC SDN"
    )
    assert out["refs"][0] == "contractors:1;payments:4;payments:9;watchlist:1;watchlist:2"


def test_no_watchlist_no_flag_and_the_flag_says_it_was_not_evaluated():
    assert watchlist_hit(FlagContext.build(observations=SIGHTINGS)).is_empty()
    status = evaluate(FlagContext.build(observations=SIGHTINGS)).status
    assert status.filter(pl.col("code") == "WATCHLIST_HIT").row(0) == (
        "WATCHLIST_HIT",
        False,
        "no data: watchlist.value",
    )


def test_one_hit_alone_reaches_the_alert_level():
    (flag,) = [f for f in FLAGS if f.code == "WATCHLIST_HIT"]
    assert 100 * flag.weight >= 50
