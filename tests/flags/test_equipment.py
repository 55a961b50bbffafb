from workbench.flags import equipment
from workbench.flags.context import FlagContext


def addresses(ids, values, sources):
    return FlagContext.build(
        observations={
            "contractor_id": ids,
            "kind": ["address"] * len(ids),
            "value": values,
            "source": sources,
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
