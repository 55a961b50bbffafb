"""How each node kind and link kind looks in the graph, declared as data.

Adding a kind is adding an entry; a kind not listed here (a new identifier kind
from a case) falls back to `DEFAULT_NODE` / `DEFAULT_EDGE` and is still shown
in the legend under its own name.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NodeStyle:
    """Look of one node kind: a vis-network shape, a fill colour and a legend label."""

    shape: str
    color: str
    label: str


@dataclass(frozen=True)
class EdgeStyle:
    """Look of one link kind: colour, whether it is dashed (weak evidence) and a label."""

    color: str
    dashed: bool
    label: str


NODE_STYLES: dict[str, NodeStyle] = {
    "contractor": NodeStyle("dot", "#d62728", "Contractor"),
    "email": NodeStyle("diamond", "#1f77b4", "E-mail"),
    "email_template": NodeStyle("diamond", "#9ecae1", "E-mail template"),
    "phone": NodeStyle("triangle", "#2ca02c", "Phone"),
    "address": NodeStyle("square", "#8c564b", "Address"),
    "address_building": NodeStyle("square", "#c49c94", "Building"),
    "account_holder": NodeStyle("star", "#ffbb78", "Payee name"),
    "payment_account": NodeStyle("star", "#ff7f0e", "Payment account"),
    "device": NodeStyle("triangleDown", "#9467bd", "Device"),
    "ip": NodeStyle("hexagon", "#7f7f7f", "Login IP"),
    "ip_net": NodeStyle("hexagon", "#c7c7c7", "IP network"),
    "github": NodeStyle("square", "#17becf", "GitHub"),
    "photo_hash": NodeStyle("box", "#e377c2", "Photo hash"),
}
DEFAULT_NODE = NodeStyle("ellipse", "#bcbd22", "Other")

EDGE_STYLES: dict[str, EdgeStyle] = {
    "email": EdgeStyle("#1f77b4", False, "Shared e-mail"),
    "email_template": EdgeStyle("#9ecae1", True, "E-mail template"),
    "phone": EdgeStyle("#2ca02c", False, "Shared phone"),
    "address": EdgeStyle("#8c564b", False, "Shared address"),
    "address_building": EdgeStyle("#c49c94", True, "Same building"),
    "account_holder": EdgeStyle("#ffbb78", False, "Same payee name"),
    "payment_account": EdgeStyle("#ff7f0e", False, "Shared payment account"),
    "device": EdgeStyle("#9467bd", False, "Shared device"),
    "ip": EdgeStyle("#7f7f7f", True, "Shared login IP"),
    "ip_net": EdgeStyle("#c7c7c7", True, "Shared IP network"),
    "github": EdgeStyle("#17becf", False, "Shared GitHub"),
    "photo_hash": EdgeStyle("#e377c2", True, "Similar photo"),
    "referral": EdgeStyle("#393b79", True, "Referral"),
}
DEFAULT_EDGE = EdgeStyle("#999999", True, "Other link")

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
