from workbench.flags import referral
from workbench.flags.context import FlagContext


def case(referrals, sightings, hubs=None):
    ids, kinds, values, sources = (list(column) for column in zip(*sightings, strict=True))
    return FlagContext.build(
        referrals={
            "referrer_id": [r for r, _ in referrals],
            "contractor_id": [c for _, c in referrals],
        },
        observations={"contractor_id": ids, "kind": kinds, "value": values, "source": sources},
        hubs=hubs,
    )


def test_referral_pair_on_one_laptop_is_flagged_both_ways():
    ctx = case(
        [("a", "b")],
        [("a", "device", "d-1", "logins"), ("b", "device", "d-1", "logins")],
    )
    out = referral.referral_shared_infra(ctx)
    assert out["contractor_id"].to_list() == ["a", "b"]
    assert out["evidence"].to_list() == [
        "referred b, and shares device d-1 with them",
        "referred by a, and shares device d-1 with them",
    ]
    assert out["refs"][0].startswith("referrals:1;")


def test_a_household_referring_its_own_is_left_alone():
    ctx = case(
        [("a", "b")],
        [
            ("a", "ip", "1.2.3.4", "logins"),
            ("b", "ip", "1.2.3.4", "logins"),
            ("a", "address_building", "12 elm st", "contractors"),
            ("b", "address_building", "12 elm st", "contractors"),
        ],
    )
    assert referral.referral_shared_infra(ctx).is_empty()


def test_shared_homes_hubs_and_unreferred_pairs_do_not_count():
    ctx = case(
        [("a", "b")],
        [
            ("a", "address", "12 elm st", "contractors"),
            ("b", "address", "12 elm st", "contractors"),
            ("a", "ip", "10.0.0.1", "logins"),
            ("b", "ip", "10.0.0.1", "logins"),
            ("c", "device", "d-9", "logins"),
            ("d", "device", "d-9", "logins"),
        ],
        hubs={"kind": ["ip"], "value": ["10.0.0.1"], "identities": [900]},
    )
    assert referral.referral_shared_infra(ctx).is_empty()


def test_addresses_count_where_equipment_went_not_where_a_reroute_came_from():
    # Both gave 1 Main St as the address their laptop was first to go to; the laptops went
    # to two other addresses. A claimed home or an identifiers row is no shipment either.
    ctx = FlagContext.build(
        referrals={"referrer_id": ["a", "c"], "contractor_id": ["b", "d"]},
        shipments={
            "contractor_id": ["a", "b", "c", "d"],
            "ship_to_address": ["9 Elm St", "4 Oak Ave", "7 Pine Rd", "7 Pine Rd"],
            "previous_address": ["1 Main St", "1 Main St", None, None],
        },
        observations={
            "contractor_id": ["a", "a", "b", "b", "c", "d", "a", "b"],
            "kind": ["address"] * 8,
            "value": ["9 elm st", "1 main st", "4 oak ave", "1 main st", "7 pine rd", "7 pine rd"]
            + ["2 ash ct", "2 ash ct"],
            "raw": ["9 Elm St", "1 Main St", "4 Oak Ave", "1 Main St", "7 Pine Rd", "7 Pine Rd"]
            + ["2 Ash Ct", "2 Ash Ct"],
            "source": ["shipments"] * 6 + ["identifiers"] * 2,
        },
    )
    out = referral.referral_shared_infra(ctx)
    assert out["contractor_id"].to_list() == ["c", "d"]
    assert out["evidence"][0] == "referred d, and shares address 7 pine rd with them"
