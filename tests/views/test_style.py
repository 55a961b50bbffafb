from workbench.kinds import KINDS
from workbench.views.style import (
    DEFAULT_EDGE,
    DEFAULT_NODE,
    edge_style,
    edge_width,
    node_size,
    node_style,
)


def test_every_kind_and_the_identities_have_a_distinct_colour_and_shape_pair():
    shown = ["contractor", *KINDS]
    pairs = {(node_style(kind).shape, node_style(kind).color) for kind in shown}
    assert len(pairs) == len(shown)


def test_unknown_kinds_fall_back_to_defaults():
    assert node_style("brand_new") == DEFAULT_NODE
    assert edge_style("brand_new") == DEFAULT_EDGE


def test_weak_links_are_dashed_strong_are_solid():
    assert edge_style("ip").dashed
    assert not edge_style("payment_account").dashed


def test_contractor_size_grows_with_risk_and_clamps():
    assert node_size("contractor", 0) < node_size("contractor", 50) < node_size("contractor", 100)
    assert node_size("contractor", 500) == node_size("contractor", 100)
    assert node_size("contractor", -5) == node_size("contractor", 0)


def test_edge_width_grows_with_weight_and_clamps():
    assert edge_width(0) < edge_width(0.5) < edge_width(1)
    assert edge_width(3) == edge_width(1)
