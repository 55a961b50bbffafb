from datetime import datetime, timedelta, timezone

from workbench.flags import access
from workbench.flags.context import FlagContext

T0 = datetime(2025, 3, 3, 9, tzinfo=timezone.utc)


def test_remote_tool_ignores_placeholders():
    ctx = FlagContext.build(
        logins={"contractor_id": ["a", "b", "c"], "remote_tool": ["TeamViewer", "None", None]}
    )
    assert access.remote_tool(ctx)["contractor_id"].to_list() == ["a"]


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
