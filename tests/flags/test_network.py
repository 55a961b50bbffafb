from dataclasses import replace

import polars as pl

from workbench.flags import network
from workbench.flags.context import FlagContext


def test_referral_chain_both_directions_and_needs_two_partner_flags():
    flagged = pl.DataFrame(
        {"contractor_id": ["b", "b", "d"], "code": ["VPN_HEAVY", "REMOTE_TOOL", "VPN_HEAVY"]}
    )
    ctx = FlagContext.build(
        referrals={"referrer_id": ["b", "c", "e"], "contractor_id": ["a", "b", "d"]}
    )
    out = network.referral_chain(replace(ctx, flagged=flagged))
    assert out["contractor_id"].to_list() == ["a", "c"]
    assert out["evidence"].to_list() == [
        "referred by b (REMOTE_TOOL, VPN_HEAVY)",
        "referred b (REMOTE_TOOL, VPN_HEAVY)",
    ]
    assert out["refs"].to_list() == ["referrals:1", "referrals:2"]


def test_referral_chain_silent_without_prior_flags():
    ctx = FlagContext.build(referrals={"referrer_id": ["b"], "contractor_id": ["a"]})
    assert network.referral_chain(ctx).is_empty()


def test_referral_chain_counts_no_partner_flag_about_referrals():
    # b's shared infrastructure with its referrer is the referral itself, not a second flag.
    flagged = pl.DataFrame(
        {"contractor_id": ["b", "b"], "code": ["REFERRAL_SHARED_INFRA", "VIDEO_DECLINED"]}
    )
    ctx = FlagContext.build(referrals={"referrer_id": ["a"], "contractor_id": ["b"]})
    assert network.referral_chain(replace(ctx, flagged=flagged)).is_empty()
    flagged = pl.concat([flagged, pl.DataFrame({"contractor_id": ["b"], "code": ["VOIP_PHONE"]})])
    out = network.referral_chain(replace(ctx, flagged=flagged))
    assert out["evidence"].to_list() == ["referred b (VIDEO_DECLINED, VOIP_PHONE)"]
