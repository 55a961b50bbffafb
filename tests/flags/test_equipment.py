from workbench.flags import equipment
from workbench.flags.context import FlagContext


def addresses(ids, values, sources):
    """Sightings of each address as a unit key and as a building key, as `observe` makes them."""
    return FlagContext.build(
        observations={
            "contractor_id": ids * 2,
            "kind": ["address"] * len(ids) + ["address_building"] * len(ids),
            "value": values + [v.split("#")[0] for v in values],
            "raw": [f"{i}:{v}" for i, v in zip(ids, values, strict=True)] * 2,
            "source": sources * 2,
        }
    )


def test_ship_to_not_home_needs_a_known_home():
    ctx = addresses(
        ["a", "a", "b", "b", "c"],
        ["home-a", "farm", "home-b", "home-b", "farm"],
        ["contractors", "shipments", "contractors", "shipments", "shipments"],
    )
    assert equipment.ship_to_not_home(ctx)["contractor_id"].to_list() == ["a"]


def test_ship_to_shared_needs_three_identities_from_shipments():
    ctx = addresses(
        ["a", "b", "c", "d", "e"],
        ["farm", "farm", "farm", "flat", "flat"],
        ["shipments"] * 5,
    )
    assert equipment.ship_to_shared(ctx)["contractor_id"].to_list() == ["a", "b", "c"]
    homes = addresses(["a", "b", "c"], ["x", "x", "x"], ["contractors"] * 3)
    assert equipment.ship_to_shared(homes).is_empty()


def test_laptops_sent_to_a_familys_own_home_are_not_a_farm():
    family = addresses(
        ["a", "b", "c", "a", "b", "c"],
        ["home#1", "home", "home#2", "home", "home", "home"],
        ["contractors"] * 3 + ["shipments"] * 3,
    )
    assert equipment.ship_to_shared(family).is_empty()
    assert equipment.ship_to_not_home(family).is_empty()


def test_ship_to_not_home_ignores_the_address_a_reroute_replaced():
    ctx = FlagContext.build(
        shipments={
            "contractor_id": ["a"],
            "ship_to_address": ["a:home"],
            "previous_address": ["a:farm"],
        },
        observations=addresses(
            ["a", "a", "a"], ["home", "home", "farm"], ["contractors", "shipments", "shipments"]
        ).observations,
    )
    assert equipment.ship_to_not_home(ctx).is_empty()


def shipments(**columns):
    from datetime import date

    n = len(columns["contractor_id"])
    return FlagContext.build(
        contractors={
            "contractor_id": columns["contractor_id"],
            "hired_at": [date(2025, 3, 10)] * n,
            "country": ["US"] * n,
        },
        shipments={"ship_to_address": [f"addr {i}" for i in range(n)], **columns},
    )


def test_ship_rerouted_near_the_start_date_only():
    from datetime import datetime, timezone

    ctx = shipments(
        contractor_id=["a", "b", "c"],
        previous_address=["12 Oak Ave", "12 Oak Ave", "addr 2"],
        requested_at=[
            datetime(2025, 3, 1, tzinfo=timezone.utc),
            datetime(2025, 1, 2, tzinfo=timezone.utc),
            datetime(2025, 3, 9, tzinfo=timezone.utc),
        ],
    )
    out = equipment.ship_rerouted(ctx)
    assert out["contractor_id"].to_list() == ["a"]
    assert out["evidence"].to_list() == [
        "equipment rerouted 9 days before the start date, from 12 Oak Ave to addr 0"
    ]


def test_ship_rerouted_to_forwarders_and_mail_agencies():
    ctx = shipments(
        contractor_id=["a", "b", "c"],
        asset_tag=["LT-1", "LT-2", "LT-3"],
        address_type=["freight_forwarder", "mail-receiving agency", "commercial"],
    )
    out = equipment.ship_rerouted(ctx)
    assert out["evidence"].to_list() == [
        "LT-1 sent to a freight forwarder: addr 0",
        "LT-2 sent to a mail receiving agency: addr 1",
    ]


def test_ship_rerouted_abroad_only_away_from_home():
    ctx = FlagContext.build(
        contractors={"contractor_id": ["a", "b"], "country": ["US", "GB"]},
        shipments={
            "contractor_id": ["a", "b"],
            "ship_to_address": ["a:drop", "b:home"],
            "ship_to_country": ["CN", "US"],
        },
        observations=addresses(
            ["a", "b", "b"], ["drop", "home", "home"], ["shipments", "contractors", "shipments"]
        ).observations,
    )
    out = equipment.ship_rerouted(ctx)
    assert out["contractor_id"].to_list() == ["a"]
    assert out["evidence"].to_list() == ["equipment shipped to CN while claiming US"]
