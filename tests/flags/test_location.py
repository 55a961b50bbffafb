from datetime import datetime, timedelta, timezone
from ipaddress import IPv4Address, ip_network

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

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


def test_high_risk_geo_reads_addresses_as_the_normaliser_does():
    # A port, an IPv4-mapped IPv6 and padded octets are all 175.45.176.12; an octet past
    # 255 is no address, and no range holds it.
    ips = ["175.45.176.12:51234", "::ffff:175.45.176.12", "175.045.176.012", "175.45.175.300"]
    ctx = FlagContext.build(logins=logins(["a", "b", "c", "d"], ip=ips))
    out = location.high_risk_geo(ctx)
    assert out["contractor_id"].to_list() == ["a", "b", "c"]
    assert set(out["evidence"]) == {"1 of 1 login from DPRK (175.45.176.12 in 175.45.176.0/22)"}


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


def _logged_in(holdings):
    """A case of login IPs: (contractor, claimed country, ip, sightings) per holding."""
    return FlagContext.build(
        contractors={
            "contractor_id": list(dict.fromkeys(who for who, *_ in holdings)),
            "country": list(dict((who, country) for who, country, *_ in holdings).values()),
        },
        observations={
            "contractor_id": [who for who, *_ in holdings],
            "kind": ["ip"] * len(holdings),
            "value": [ip for *_, ip, _ in holdings],
            "source": ["logins"] * len(holdings),
            "source_row": list(range(1, len(holdings) + 1)),
            "sightings": [seen for *_, seen in holdings],
        },
    )


def test_home_line_split_flags_a_home_line_shared_across_claimed_countries():
    ctx = _logged_in([("a", "US", "v1", 9), ("b", "JP", "v1", 7), ("b", "JP", "v2", 2)])
    out = dict(location.home_line_split(ctx).select("contractor_id", "evidence").rows())
    assert out == {
        "a": "home line v1 also the home line of 1 identity claiming JP, while claiming US",
        "b": "home line v1 also the home line of 1 identity claiming US, while claiming JP",
    }


def test_home_line_split_leaves_one_country_and_hubs_alone():
    household = _logged_in([("a", "US", "v1", 9), ("b", "United States", "v1", 7)])
    assert location.home_line_split(household).is_empty()
    exit_ip = _logged_in([("a", "US", "v1", 9), ("b", "JP", "v1", 7)])
    hub = {"kind": ["ip"], "value": ["v1"], "identities": [300]}
    assert location.home_line_split(
        FlagContext.build(
            contractors=exit_ip.tables["contractors"], observations=exit_ip.observations, hubs=hub
        )
    ).is_empty()
    assert location.claims_split(exit_ip).is_empty()


def test_home_line_split_leaves_an_ip_someone_only_passed_through_alone():
    passing = _logged_in([("a", "US", "v1", 9), ("b", "JP", "v1", 1), ("b", "JP", "v2", 9)])
    assert location.home_line_split(passing).is_empty()
    minority = _logged_in([("a", "US", "v1", 9), ("b", "JP", "v1", 4), ("b", "JP", "v2", 5)])
    assert location.home_line_split(minority).is_empty()


def test_utc9_hours_prefers_utc9_and_falls_back_to_nearby_offsets():
    at_utc9 = [T0 + timedelta(days=d, hours=1) for d in range(10)]
    at_utc8 = [T0 + timedelta(days=d, hours=9 if d % 2 else 2) for d in range(10)]
    ctx = FlagContext.build(
        contractors={"contractor_id": ["a", "b"], "country": ["US", "GB"]},
        logins=logins(["a"] * 10 + ["b"] * 10, ts=at_utc9 + at_utc8),
    )
    out = location.utc9_hours(ctx)
    assert out["evidence"].to_list() == [
        "10 of 10 logins at 00–09 UTC (09–18 in UTC+9) while claiming US "
        "(in UTC-6 there: 0 in its morning, 0 at night)",
        "10 of 10 logins at 01–10 UTC (09–18 in UTC+8) while claiming GB "
        "(in UTC+0 there: 5 in its morning, 5 at night)",
    ]


def test_utc9_hours_leaves_a_european_morning_alone_but_not_a_pyongyang_day():
    # Kyiv (UTC+2): sessions opened at 07:00–09:00 local, 05:00–07:00 UTC, are
    # inside Pyongyang's office day (00–09 UTC) and an ordinary morning at home.
    kyiv_mornings = [T0 + timedelta(days=d, hours=5 + d % 3) for d in range(12)]
    # A Pyongyang office day spread over 00–09 UTC is 02:00–11:00 in Kyiv.
    pyongyang_day = [T0 + timedelta(days=d, hours=d % 9) for d in range(12)]
    ctx = FlagContext.build(
        contractors={"contractor_id": ["local", "front"], "country": ["UA", "UA"]},
        logins=logins(["local"] * 12 + ["front"] * 12, ts=kyiv_mornings + pyongyang_day),
    )
    out = location.utc9_hours(ctx)
    assert out["evidence"].to_list() == [
        "12 of 12 logins at 00–09 UTC (09–18 in UTC+9) while claiming UA "
        "(in UTC+2 there: 4 in its morning, 7 at night)"
    ]
    assert out["contractor_id"].to_list() == ["front"]


def test_utc9_hours_does_not_look_for_utc7_an_east_coast_night_shift():
    night = [T0 + timedelta(days=d, hours=h) for d in range(5) for h in (10, 10)]
    ctx = FlagContext.build(
        contractors={"contractor_id": ["a"], "country": ["US"]}, logins=logins(["a"] * 10, ts=night)
    )
    assert location.utc9_hours(ctx).is_empty()


def test_utc9_hours_ignores_an_american_day():
    day = [T0 + timedelta(days=d, hours=h) for d in range(5) for h in (14, 17)]
    ctx = FlagContext.build(
        contractors={"contractor_id": ["a"], "country": ["US"]}, logins=logins(["a"] * 10, ts=day)
    )
    assert location.utc9_hours(ctx).is_empty()


def device_case(device_countries, login_countries, egress=None, hubs=None):
    days = [T0 + timedelta(days=d) for d in range(len(device_countries))]
    return FlagContext.build(
        device_locations={
            "device_id": ["d1"] * len(days),
            "contractor_id": ["a"] * len(days),
            "ts": days,
            "country": device_countries,
            "egress_ip": egress,
        },
        logins=logins(["a"] * len(login_countries), country=login_countries),
        observations=None
        if egress is None
        else {
            "contractor_id": ["a"],
            "kind": ["ip"],
            "value": [egress[0]],
            "source": ["device_locations"],
        },
        hubs=hubs,
    )


def test_device_away_flags_a_laptop_checking_in_elsewhere():
    out = location.device_away(device_case(["CN"] * 3 + ["US"], ["US"] * 6))
    assert out["contractor_id"].to_list() == ["a"]
    assert out["evidence"].to_list() == [
        "3 of 4 device check-ins from CN while 6 of 6 logins came from US (device d1)"
    ]


def test_device_away_ignores_a_trip_and_too_few_logins():
    assert location.device_away(device_case(["US"] * 6 + ["FR"] * 2, ["US"] * 6)).is_empty()
    assert location.device_away(device_case(["CN"] * 3, ["US"] * 4)).is_empty()


def test_device_away_skips_check_ins_through_a_corporate_vpn_exit():
    hub = {"kind": ["ip"], "value": ["203.0.113.7"], "identities": [700]}
    ctx = device_case(["CN"] * 3, ["US"] * 6, egress=["203.0.113.7"] * 3, hubs=hub)
    assert location.device_away(ctx).is_empty()


def test_claims_split_counts_the_holders_of_each_other_claim():
    ctx = _shared("phone", [("a", "US"), ("b", "US"), ("c", "JP"), ("d", "KR"), ("e", "KR")])
    out = dict(location.claims_split(ctx).select("contractor_id", "evidence").rows())
    assert out["c"] == (
        "phone v1 also given by 2 identities claiming KR, while claiming JP; "
        "phone v1 also given by 2 identities claiming US, while claiming JP"
    )
    assert out["a"].startswith("phone v1 also given by 1 identity claiming JP, while claiming US")


#: Addresses anywhere, and at and around the edges of each DPRK network.
_ADDRESSES = st.integers(0, 2**32 - 1) | st.builds(
    lambda edge, step: min(max(edge + step, 0), 2**32 - 1),
    st.sampled_from([e for _, first, last in location.DPRK_RANGES for e in (first, last)]),
    st.integers(-300, 300),
)


@given(st.lists(_ADDRESSES, min_size=1, max_size=50))
def test_dprk_range_names_the_network_an_address_is_in(numbers):
    dotted = [str(IPv4Address(n)) for n in numbers]
    found = pl.select(location.dprk_range(pl.lit(pl.Series(dotted)))).to_series().to_list()
    expected = [
        next((net for net in location.DPRK_NETWORKS if IPv4Address(n) in ip_network(net)), None)
        for n in numbers
    ]
    assert found == expected
