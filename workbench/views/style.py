"""How each node kind and link kind looks in the graph, declared as data.

Each identifier kind's look and name are declared with the kind
(`workbench.kinds`), so a kind is named and drawn the same in reasons, tables
and graphs. Here live the looks that are not kinds (identities),
sizes and widths. A kind the registry does not know (a new identifier kind
from a case) falls back to `DEFAULT_NODE` / `DEFAULT_EDGE` and is shown in the
legend under its own name.
"""

from __future__ import annotations

from dataclasses import dataclass

from workbench.kinds import DEFAULT_LOOK, KINDS, RELATIONS


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


#: Identities are the one node kind that is not an identifier kind.
CONTRACTOR_NODE = NodeStyle("dot", "#d62728")


DEFAULT_NODE = NodeStyle(DEFAULT_LOOK.shape, DEFAULT_LOOK.color)
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
    if kind == "contractor":
        return CONTRACTOR_NODE
    if kind not in KINDS:
        return DEFAULT_NODE
    look = KINDS[kind].look
    return NodeStyle(look.shape, look.color)


def edge_style(kind: str) -> EdgeStyle:
    """Style of a link kind, or the default for an unknown kind.

    Examples
    --------
    >>> edge_style("ip").dashed
    True
    """
    if kind in RELATIONS:
        look = RELATIONS[kind].look
        return EdgeStyle(look.color, look.dashed)
    if kind not in KINDS:
        return DEFAULT_EDGE
    look = KINDS[kind].look
    return EdgeStyle(look.color, look.dashed)


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
    if kind in RELATIONS:
        return RELATIONS[kind].label
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
