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
