"""How each node kind and link kind looks in the graph, declared as data.

Shapes and colours live here; names come from the kind registry
(`workbench.kinds`), so a kind is named the same in reasons, tables and
graphs. A kind not listed here (a new identifier kind from a case) falls back
to `DEFAULT_NODE` / `DEFAULT_EDGE` and is shown in the legend under its own name.
"""

from __future__ import annotations

from dataclasses import dataclass

from workbench.kinds import KINDS


@dataclass(frozen=True)
class NodeStyle:
    """Look of one node kind: a vis-network shape and a fill colour."""

    shape: str
    color: str


@dataclass(frozen=True)
class EdgeStyle:
    """Look of one link kind: colour and whether it is dashed (weak evidence)."""

    color: str
    dashed: bool


NODE_STYLES: dict[str, NodeStyle] = {
    "contractor": NodeStyle("dot", "#d62728"),
    "email": NodeStyle("diamond", "#1f77b4"),
    "email_template": NodeStyle("diamond", "#9ecae1"),
    "phone": NodeStyle("triangle", "#2ca02c"),
    "address": NodeStyle("square", "#8c564b"),
    "address_building": NodeStyle("square", "#c49c94"),
    "account_holder": NodeStyle("star", "#ffbb78"),
    "payment_account": NodeStyle("star", "#ff7f0e"),
    "device": NodeStyle("triangleDown", "#9467bd"),
    "ip": NodeStyle("hexagon", "#7f7f7f"),
    "ip_net": NodeStyle("hexagon", "#c7c7c7"),
    "github": NodeStyle("square", "#17becf"),
    "photo_hash": NodeStyle("box", "#e377c2"),
}
DEFAULT_NODE = NodeStyle("ellipse", "#bcbd22")

EDGE_STYLES: dict[str, EdgeStyle] = {
    "email": EdgeStyle("#1f77b4", False),
    "email_template": EdgeStyle("#9ecae1", True),
    "phone": EdgeStyle("#2ca02c", False),
    "address": EdgeStyle("#8c564b", False),
    "address_building": EdgeStyle("#c49c94", True),
    "account_holder": EdgeStyle("#ffbb78", False),
    "payment_account": EdgeStyle("#ff7f0e", False),
    "device": EdgeStyle("#9467bd", False),
    "ip": EdgeStyle("#7f7f7f", True),
    "ip_net": EdgeStyle("#c7c7c7", True),
    "github": EdgeStyle("#17becf", False),
    "photo_hash": EdgeStyle("#e377c2", True),
    "referral": EdgeStyle("#393b79", True),
}
DEFAULT_EDGE = EdgeStyle("#999999", True)

# Node sizes in canvas pixels: identifiers are small, contractors grow with risk.
IDENTIFIER_SIZE = 10
CONTRACTOR_MIN_SIZE = 14
CONTRACTOR_MAX_SIZE = 40
# Edge widths in pixels for weight 0 and weight 1.
EDGE_MIN_WIDTH = 1.0
EDGE_MAX_WIDTH = 6.0


def node_style(kind: str) -> NodeStyle:
    """Style of a node kind, or the default for an unknown kind.

    Examples
    --------
    >>> node_style("phone").shape
    'triangle'
    >>> node_style("no such kind") == DEFAULT_NODE
    True
    """
    return NODE_STYLES.get(kind, DEFAULT_NODE)


def edge_style(kind: str) -> EdgeStyle:
    """Style of a link kind, or the default for an unknown kind.

    Examples
    --------
    >>> edge_style("ip").dashed
    True
    """
    return EDGE_STYLES.get(kind, DEFAULT_EDGE)


def node_label(kind: str) -> str:
    """Name of a node kind in legends and tooltips.

    Examples
    --------
    >>> node_label("contractor"), node_label("ip"), node_label("badge")
    ('Contractor', 'Login IP', 'badge')
    """
    if kind == "contractor":
        return "Contractor"
    return KINDS[kind].label if kind in KINDS else kind


def edge_label(kind: str) -> str:
    """Name of a link kind in legends and tooltips.

    Examples
    --------
    >>> edge_label("payment_account"), edge_label("referral"), edge_label("badge")
    ('Shared payment account', 'Referral', 'badge')
    """
    if kind == "referral":
        return "Referral"
    if kind not in KINDS:
        return kind
    first, _, rest = KINDS[kind].label.partition(" ")
    plain = first[1:] == first[1:].lower()  # "Login" reads lower, "GitHub" and "IP" do not
    word = first[:1].lower() + first[1:] if plain else first
    return " ".join(["Shared", word, rest]).strip()


def node_size(kind: str, risk: float | None) -> float:
    """Node size: contractors scale with risk (0–100), identifiers stay small.

    Examples
    --------
    >>> node_size("contractor", 100)
    40.0
    >>> node_size("email", None)
    10.0
    """
    if kind != "contractor":
        return float(IDENTIFIER_SIZE)
    share = min(max(float(risk or 0.0), 0.0), 100.0) / 100.0
    return round(CONTRACTOR_MIN_SIZE + share * (CONTRACTOR_MAX_SIZE - CONTRACTOR_MIN_SIZE), 2)


def edge_width(weight: float | None) -> float:
    """Edge width in pixels from a link weight in 0–1 (clamped).

    Examples
    --------
    >>> edge_width(0.5)
    3.5
    """
    share = min(max(float(weight or 0.0), 0.0), 1.0)
    return round(EDGE_MIN_WIDTH + share * (EDGE_MAX_WIDTH - EDGE_MIN_WIDTH), 2)
