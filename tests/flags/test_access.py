from datetime import datetime, timedelta, timezone

from workbench.flags import access
from workbench.flags.context import FlagContext

T0 = datetime(2025, 3, 3, 9, tzinfo=timezone.utc)


def test_remote_tool_ignores_placeholders():
    ctx = FlagContext.build(
        logins={"contractor_id": ["a", "b", "c"], "remote_tool": ["TeamViewer", "None", None]}
    )
    assert access.remote_tool(ctx)["contractor_id"].to_list() == ["a"]


def test_vpn_and_remote_tool_flags_read_placeholders_as_nothing_seen():
    # An IP feed writes "Unknown" where it knows no provider: no login was seen through one.
    ctx = FlagContext.build(
        logins={
            "contractor_id": ["a"] * 5,
            "vpn": [False] * 5,
            "vpn_provider": ["Unknown", "unknown", "?", "--", "n.a."],
            "remote_tool": ["unknown", "?", "--", "nil", "n.a."],
        }
    )
    assert access.vpn_heavy(ctx).is_empty()
    assert access.remote_tool(ctx).is_empty()


def test_vpn_heavy_needs_share_and_count():
    ctx = FlagContext.build(
        logins={
            "contractor_id": ["a"] * 5 + ["b"] * 5 + ["c"] * 2,
            "vpn": [True, True, True, False, False]
            + [True, False, False, False, False]
            + [True] * 2,
        }
    )
    assert access.vpn_heavy(ctx)["contractor_id"].to_list() == ["a"]


def test_voip_phone_only_voip_numbers():
    ctx = FlagContext.build(
        observations={
            "contractor_id": ["a", "b"],
            "kind": ["phone", "phone"],
            "value": ["+445612345678", "+12015550123"],
        }
    )
    assert access.voip_phone(ctx)["contractor_id"].to_list() == ["a"]


def test_shared_device_skips_hubs():
    ctx = FlagContext.build(
        observations={
            "contractor_id": ["a", "b", "c", "d"],
            "kind": ["device"] * 4,
            "value": ["d1", "d1", "vdi", "vdi"],
        },
        hubs={"kind": ["device"], "value": ["vdi"], "identities": [300]},
    )
    assert access.shared_device(ctx)["contractor_id"].to_list() == ["a", "b"]


def test_shared_ip_window_needs_other_identity_within_an_hour_and_no_hub():
    ids = ["a", "a", "b", "c", "d", "e", "f"]
    raw = ["1.1.1.1", "1.1.1.1", " 1.1.1.1 ", "2.2.2.2", "2.2.2.2", "9.9.9.9", "9.9.9.9"]
    ctx = FlagContext.build(
        observations={
            "contractor_id": ids,
            "kind": ["ip"] * 7,
            "raw": raw,
            "value": [r.strip() for r in raw],
            "source": ["logins"] * 7,
        },
        logins={
            "contractor_id": ids,
            "ip": raw,
            "ts": [
                T0,
                T0 + timedelta(minutes=10),
                T0 + timedelta(minutes=40),
                T0,
                T0 + timedelta(hours=3),
                T0,
                T0,
            ],
        },
        hubs={"kind": ["ip"], "value": ["9.9.9.9"], "identities": [800]},
    )
    out = access.shared_ip_window(ctx)
    assert out["contractor_id"].to_list() == ["a", "b"]
    assert out["refs"].to_list() == ["logins:2", "logins:3"]


def test_shared_ip_window_pairs_logins_in_one_second_by_source_row_whatever_the_row_order():
    def flagged(order):
        logins = {
            "contractor_id": ["a", "b", "a"],
            "ip": ["1.1.1.1"] * 3,
            "ts": [T0] * 3,
            "source_row": [1, 2, 3],
        }
        ctx = FlagContext.build(
            logins={key: [values[i] for i in order] for key, values in logins.items()},
            observations={
                "contractor_id": ["a", "b"],
                "kind": ["ip"] * 2,
                "value": ["1.1.1.1"] * 2,
                "source": ["logins"] * 2,
            },
        )
        return access.shared_ip_window(ctx).select("contractor_id", "refs").rows()

    expected = [("a", "logins:1;logins:3"), ("b", "logins:2")]
    assert flagged([0, 1, 2]) == flagged([2, 1, 0]) == flagged([1, 2, 0]) == expected


def test_shared_ip_window_names_who_was_met_on_each_ip():
    ids, ips = ["a", "b", "a", "c"], ["1.1.1.1", "1.1.1.1", "2.2.2.2", "2.2.2.2"]
    times = [T0, T0 + timedelta(minutes=10), T0 + timedelta(hours=6), T0 + timedelta(hours=6.1)]
    ctx = FlagContext.build(
        logins={"contractor_id": ids, "ip": ips, "ts": times},
        observations={
            "contractor_id": ids,
            "kind": ["ip"] * 4,
            "value": ips,
            "source": ["logins"] * 4,
        },
    )
    out = access.shared_ip_window(ctx)
    assert out["evidence"].to_list() == [
        "IP 1.1.1.1 used within 60 min by b; IP 2.2.2.2 used within 60 min by c",
        "IP 1.1.1.1 used within 60 min by a",
        "IP 2.2.2.2 used within 60 min by a",
    ]
    assert out["refs"][0] == "logins:1;logins:3"


def test_vpn_heavy_counts_vpn_providers_and_anonymising_ip_types():
    ctx = FlagContext.build(
        logins={
            "contractor_id": ["a"] * 5 + ["b"] * 5,
            "vpn_provider": ["Astrill VPN", "none", None, None, None] + [None] * 5,
            "ip_type": [None, "hosting", "hosting", "residential", "vpn"] + ["mobile"] * 5,
        }
    )
    out = access.vpn_heavy(ctx)
    assert out["contractor_id"].to_list() == ["a"]
    assert out["evidence"].to_list() == ["4 of 5 logins via VPN (Astrill VPN, hosting, vpn)"]


def test_scheme_vpn_needs_two_logins_through_the_named_service():
    ctx = FlagContext.build(
        logins={
            "contractor_id": ["a", "a", "b", "c", "c"],
            "vpn_provider": ["ASTRILL", None, "Astrill", "NordVPN", "NordVPN"],
            "isp": [None, "Astrill Systems Corp", None, None, None],
        }
    )
    out = access.scheme_vpn(ctx)
    assert out["contractor_id"].to_list() == ["a"]
    assert out["evidence"].to_list() == ["2 logins via ASTRILL, Astrill Systems Corp"]
    assert out["refs"].to_list() == ["logins:1;logins:2"]


def interview_case(join_ips, login_rows, countries=("US", "US")):
    ips, login_countries, vpns = (list(column) for column in zip(*login_rows, strict=True))
    return FlagContext.build(
        contractors={"contractor_id": ["a", "b"], "country": list(countries)},
        interviews={"contractor_id": ["a", "b"], "join_ip": join_ips},
        logins={
            "contractor_id": ["x"] * len(ips),
            "ip": ips,
            "country": login_countries,
            "vpn": vpns,
        },
    )


def test_interview_ip_flags_vpn_and_foreign_addresses_only():
    ctx = interview_case(
        ["5.6.7.8", "9.9.9.9"], [("5.6.7.8", "NL", True), ("9.9.9.9", "US", False)]
    )
    out = access.interview_ip(ctx)
    assert out["contractor_id"].to_list() == ["a"]
    assert out["evidence"].to_list() == [
        "interview joined from 5.6.7.8 (NL, VPN) while claiming US"
    ]


def test_interview_ip_knows_nothing_of_unseen_addresses_but_dprk_ranges():
    ctx = interview_case(["8.8.4.4", "175.45.177.3"], [("1.1.1.1", "US", False)])
    out = access.interview_ip(ctx)
    assert out["contractor_id"].to_list() == ["b"]
    assert out["evidence"][0] == (
        "interview joined from 175.45.177.3 (DPRK range 175.45.176.0/22) while claiming US"
    )


def test_interview_ip_compares_no_address_the_normaliser_rejects():
    # A tool that exported "unknown" or a loopback says nothing of where the call came from,
    # even where other identities' logins carry the same text.
    ctx = interview_case(
        ["unknown", "127.0.0.1"], [("unknown", "CN", True), ("127.0.0.1", "RU", False)]
    )
    assert access.interview_ip(ctx).is_empty()


def test_interview_ip_reads_the_country_of_most_logins_whatever_its_spelling():
    # Five logins of nine are from the US, written two ways; four are from CN.
    rows = [("5.6.7.8", country, False) for country in ["US"] * 3 + ["United States"] * 2]
    ctx = interview_case(["5.6.7.8", None], rows + [("5.6.7.8", "CN", False)] * 4)
    assert access.interview_ip(ctx).is_empty()
    ctx = interview_case(["5.6.7.8", None], rows[:2] + [("5.6.7.8", "CN", False)] * 4)
    assert access.interview_ip(ctx)["evidence"].to_list() == [
        "interview joined from 5.6.7.8 (CN) while claiming US"
    ]
