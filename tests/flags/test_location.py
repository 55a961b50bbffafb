from datetime import datetime, timedelta, timezone

from workbench.flags import location
from workbench.flags.context import FlagContext

T0 = datetime(2025, 3, 3, tzinfo=timezone.utc)


def logins(ids, **cols):
    return {"contractor_id": ids, **cols}


def test_geo_mismatch_share_not_one_trip():
    ctx = FlagContext.build(
        contractors={"contractor_id": ["a", "b"], "country": ["United States", "US"]},
        logins=logins(
            ["a"] * 10 + ["b"] * 20, country=["RU"] * 6 + ["US"] * 4 + ["FR"] * 5 + ["US"] * 15
        ),
    )
    out = location.geo_mismatch(ctx)
    assert out["contractor_id"].to_list() == ["a"]
    assert out["evidence"][0] == "6 of 10 logins from outside claimed US (RU)"


def test_high_risk_geo_by_range_or_country():
    ctx = FlagContext.build(
        logins=logins(
            ["a", "b", "c", "d"],
            ip=["175.45.179.200", "8.8.8.8", "77.94.35.9", "175.45.180.1"],
            country=["CN", "KP", "RU", "CN"],
        )
    )
    assert location.high_risk_geo(ctx)["contractor_id"].to_list() == ["a", "b", "c"]


def test_host_country_logins_needs_repeat_and_other_claim():
    ctx = FlagContext.build(
        contractors={"contractor_id": ["a", "b", "c"], "country": ["US", "RU", "US"]},
        logins=logins(
            ["a"] * 3 + ["b"] * 3 + ["c"] * 2, country=["CN"] * 3 + ["RU"] * 3 + ["CN"] * 2
        ),
    )
    assert location.host_country_logins(ctx)["contractor_id"].to_list() == ["a"]


def test_utc9_hours_only_for_americas_europe_claim_with_enough_logins():
    night = [T0 + timedelta(days=d, hours=3) for d in range(10)]
    day = [T0 + timedelta(days=d, hours=15) for d in range(10)]
    ctx = FlagContext.build(
        contractors={"contractor_id": ["a", "b", "c", "d"], "country": ["US", "JP", "US", "DE"]},
        logins=logins(
            ["a"] * 10 + ["b"] * 10 + ["c"] * 10 + ["d"] * 5, ts=night + night + day + night[:5]
        ),
    )
    assert location.utc9_hours(ctx)["contractor_id"].to_list() == ["a"]


def test_long_sessions_needs_two():
    ctx = FlagContext.build(
        logins=logins(["a", "a", "b", "b"], session_minutes=[1440.0, 3000.0, 1439.0, 2000.0])
    )
    assert location.long_sessions(ctx)["contractor_id"].to_list() == ["a"]


def test_impossible_travel_within_window_only():
    fast = [T0, T0 + timedelta(minutes=30), T0 + timedelta(minutes=90)]
    slow = [T0, T0 + timedelta(hours=5), T0 + timedelta(hours=10)]
    ctx = FlagContext.build(
        logins=logins(["a"] * 3 + ["b"] * 3, ts=fast + slow, country=["US", "CN", "US"] * 2)
    )
    assert location.impossible_travel(ctx)["contractor_id"].to_list() == ["a"]


def test_geo_mismatch_ignores_logins_through_a_corporate_vpn_exit():
    ips = ["203.0.113.7"] * 9 + ["88.1.2.3"] * 3
    ctx = FlagContext.build(
        contractors={"contractor_id": ["a"], "country": ["DE"]},
        logins={"contractor_id": ["a"] * 12, "ip": ips, "country": ["US"] * 9 + ["DE"] * 3},
        observations={
            "contractor_id": ["a", "a"],
            "kind": ["ip", "ip"],
            "value": ["203.0.113.7", "88.1.2.3"],
            "raw": ["203.0.113.7", "88.1.2.3"],
            "source": ["logins", "logins"],
        },
        hubs={"kind": ["ip"], "value": ["203.0.113.7"], "identities": [640]},
    )
    assert location.geo_mismatch(ctx).is_empty()
    no_hubs = FlagContext.build(
        contractors=ctx.tables["contractors"],
        logins=ctx.tables["logins"],
        observations=ctx.observations,
    )
    assert location.geo_mismatch(no_hubs)["contractor_id"].to_list() == ["a"]


def _shared(kind, holders, hubs=None):
    ids = [contractor for contractor, _ in holders]
    return FlagContext.build(
        contractors={"contractor_id": ids, "country": [country for _, country in holders]},
        observations={
            "contractor_id": ids,
            "kind": [kind] * len(ids),
            "value": ["v1"] * len(ids),
            "source": ["contractors"] * len(ids),
            "source_row": list(range(1, len(ids) + 1)),
        },
        hubs=hubs,
    )


def test_claims_split_flags_a_laptop_shared_across_claimed_countries():
    ctx = _shared("device", [("a", "US"), ("b", "Japan"), ("c", "KR")])
    flagged = location.claims_split(ctx)
    assert flagged["contractor_id"].to_list() == ["a", "b", "c"]
    assert "claiming JP" in flagged["evidence"][0]


def test_claims_split_leaves_a_household_in_one_country_alone():
    assert location.claims_split(
        _shared("device", [("a", "US"), ("b", "United States")])
    ).is_empty()


def test_claims_split_reads_personal_kinds_only_and_skips_hubs():
    assert location.claims_split(_shared("address", [("a", "US"), ("b", "JP")])).is_empty()
    hub = {"kind": ["phone"], "value": ["v1"], "identities": [40]}
    assert location.claims_split(_shared("phone", [("a", "US"), ("b", "JP")], hub)).is_empty()
