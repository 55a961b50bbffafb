from datetime import datetime, timezone

import polars as pl
import pytest

from workbench.errors import CaseError
from workbench.flags import FLAGS, FlagContext, evaluate
from workbench.flags.evaluate import has_data, has_sightings, unevaluated_line
from workbench.flags.registry import CONDUCT_FLAGS, WEAK_WEIGHT, Needs, OneOf

T0 = datetime(2025, 3, 3, tzinfo=timezone.utc)


def front_case():
    return FlagContext.build(
        contractors={
            "contractor_id": ["a", "b", "c"],
            "video_interview": ["declined", "declined", "completed"],
        },
        logins={"contractor_id": ["a"] * 5, "vpn": [True] * 5, "remote_tool": ["anydesk"] * 5},
        referrals={"referrer_id": ["a"], "contractor_id": ["b"]},
    )


def test_evaluate_runs_network_flags_after_others():
    out = evaluate(front_case())
    codes = out.flags.filter(pl.col("contractor_id") == "b")["code"].to_list()
    assert codes == ["REFERRAL_CHAIN", "VIDEO_DECLINED"]
    assert out.flags.filter(pl.col("contractor_id") == "c").is_empty()
    assert out.flags.columns == ["contractor_id", "code", "weight", "evidence", "refs"]


def test_flags_without_data_are_not_evaluated():
    status = evaluate(front_case()).status
    assert status["code"].to_list() == [f.code for f in FLAGS]
    row = status.filter(pl.col("code") == "PAYEE_MISMATCH").row(0)
    assert row == (
        "PAYEE_MISMATCH",
        False,
        "no data: contractors.full_name, payments.account_holder",
    )
    assert status.filter(pl.col("code") == "VPN_HEAVY")["evaluated"].item() is True


def test_the_unevaluated_line_names_what_the_flags_want_most_first():
    status = evaluate(front_case()).status
    line = unevaluated_line(status)
    lacking = status.filter(~pl.col("evaluated")).height
    assert line is not None
    assert line.startswith(
        f"{lacking} of {len(FLAGS)} red flags not evaluated for want of data in "
    )
    assert line.endswith(f"values: scores rest on the other {len(FLAGS) - lacking}")
    # Each table is named once, the one most flags want (columns it lacks) first.
    named = line.split(" data in ")[1].split(", and of ")[0].split(", ")
    assert named[0] == "contractors" and len(named) == len(set(named))
    assert {"payments", "logins"} <= set(named)  # logins present, but not every column
    assert unevaluated_line(status.with_columns(evaluated=pl.lit(True))) is None


def test_weights_override_and_reject_unknown_codes():
    out = evaluate(front_case(), weights={"VPN_HEAVY": 0.5})
    assert out.flags.filter(pl.col("code") == "VPN_HEAVY")["weight"].item() == 0.5
    with pytest.raises(CaseError, match="NOT_A_FLAG"):
        evaluate(front_case(), weights={"NOT_A_FLAG": 0.1})
    with pytest.raises(CaseError, match="between 0 and 1"):
        evaluate(front_case(), weights={"VPN_HEAVY": 2})


def noisy_or(weights):
    product = 1.0
    for w in weights:
        product *= 1 - w
    return 100 * (1 - product)


def test_weights_follow_the_scoring_policy():
    weights = {f.code: f.weight for f in FLAGS}
    weak = [
        "VIDEO_DECLINED",
        "UTC9_HOURS",
        "VPN_HEAVY",
        "REMOTE_TOOL",
        "VOIP_PHONE",
        "CRYPTO_PAYMENT",
        "LONG_SESSIONS",
    ]
    assert all(weights[c] <= WEAK_WEIGHT for c in weak)
    assert max(noisy_or([weights[a], weights[b]]) for a in weak for b in weak if a != b) < 50
    strong = ("HIGH_RISK_GEO", "W2_COMPLAINT", "WATCHLIST_HIT")
    assert all(f.weight < 0.5 for f in FLAGS if f.code not in strong)
    front = ["VIDEO_DECLINED", "VPN_HEAVY", "UTC9_HOURS", "CRYPTO_PAYMENT"]
    assert noisy_or(weights[c] for c in front) > 50
    assert len({f.code for f in FLAGS}) == len(FLAGS)


def test_reasons_name_each_missing_need_as_table_dot_columns():
    reasons = dict(evaluate(FlagContext.build()).status.select("code", "reason").rows())
    assert reasons["HIGH_RISK_GEO"] == "no data: logins.ip|country"
    assert reasons["ACCOUNT_COUNTRY_MISMATCH"] == (
        "no data: contractors.country, payments.account_country|account"
    )
    assert reasons["CRYPTO_PAYMENT"] == "no data: payments.method|currency|account"
    assert reasons["DUPLICATE_PHOTO"] == "no data: observations.photo_hash"


def test_a_reroute_is_not_evaluated_without_when_the_new_address_was_asked_for():
    def status(**shipments):
        ctx = FlagContext.build(shipments={"contractor_id": ["a"], **shipments})
        found = evaluate(ctx, flags=[f for f in FLAGS if f.code == "SHIP_REROUTED"]).status
        return found.select("evaluated", "reason").row(0)

    assert status(previous_address=["1 Main St"]) == (
        False,
        "no data: shipments.requested_at|address_type|ship_to_country",
    )
    assert status(previous_address=["1 Main St"], requested_at=[T0])[0]
    assert status(address_type=["Freight forwarder"])[0]


def test_has_data_and_has_sightings():
    ctx = FlagContext.build(
        logins={"contractor_id": ["a"], "ip": [None], "country": ["US"]},
        observations={"contractor_id": ["a"], "kind": ["phone"], "value": ["+1"]},
    )
    assert has_data(ctx, Needs("logins", any_of=("ip", "country")))
    assert not has_data(ctx, Needs("logins", any_of=("ip",)))
    assert has_sightings(ctx, ("email", "phone"))
    assert not has_sightings(ctx, ("email",))


def test_one_of_several_tables_will_do():
    either = OneOf(
        (
            Needs("contractors", any_of=("video_interview",)),
            Needs("interviews", any_of=("camera_on",)),
        )
    )
    only_interviews = FlagContext.build(interviews={"contractor_id": ["a"], "camera_on": [False]})
    assert has_data(only_interviews, either)
    assert not has_data(FlagContext.build(contractors={"contractor_id": ["a"]}), either)
    status = evaluate(only_interviews).status
    assert status.filter(pl.col("code") == "VIDEO_DECLINED")["evaluated"].item()
    status = evaluate(FlagContext.build(contractors={"contractor_id": ["a"]})).status
    assert status.filter(pl.col("code") == "VIDEO_DECLINED")["reason"].item() == (
        "no data: contractors.video_interview or interviews.camera_on"
    )


def test_flags_evaluated_earlier_are_merged_not_run_again():
    ctx = front_case()
    earlier = evaluate(ctx, flags=CONDUCT_FLAGS)
    assert set(earlier.flags["code"]) == {"VIDEO_DECLINED", "REMOTE_TOOL"}
    merged = evaluate(ctx, done=earlier)
    whole = evaluate(ctx)
    assert merged.flags.equals(whole.flags)
    assert merged.status.equals(whole.status)
    # Network flags still see the conduct flags raised before them.
    assert "REFERRAL_CHAIN" in merged.flags["code"].to_list()


def test_a_case_without_the_new_tables_lists_their_flags_as_not_evaluated():
    status = evaluate(front_case()).status
    reasons = dict(status.filter(~pl.col("evaluated")).select("code", "reason").rows())
    assert reasons["IP_KVM"] == "no data: endpoint_events.name"
    assert reasons["DEVICE_AWAY"] == "no data: device_locations.country, logins.country"
    assert reasons["CONCURRENT_CLIENTS"] == "no data: engagements.started_at"
    assert reasons["INTERVIEW_SWAP"] == "no data: interviews.same_person_as_previous"
    assert reasons["W2_COMPLAINT"] == "no data: identity_checks.check"
    assert reasons["SCHEME_VPN"] == "no data: logins.vpn_provider|isp"
    assert reasons["NEAR_DUPLICATE_COVER_LETTER"] == "no data: contractors.cover_letter"
    assert reasons["SHIP_REROUTED"] == (
        "no data: shipments.previous_address|address_type|ship_to_country,"
        " shipments.requested_at|address_type|ship_to_country"
    )
    assert reasons["SHARED_REFERENCE"] == "no data: observations.reference_email|reference_phone"
