"""How each node kind and link kind looks in the graph, declared as data.

Each identifier kind's look and name are declared with the kind
(`workbench.kinds`), so a kind is named and drawn the same in reasons, tables
and graphs. Here live the looks that are not kinds (identities), sizes and
widths, and how labels read inside a sentence (`in_sentence`, `counted`:
"2 wallets and an address"). A kind the registry does not know (a new
identifier kind from a case) falls back to `DEFAULT_NODE` / `DEFAULT_EDGE`
and is shown in the legend under its own name.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from workbench.kinds import DEFAULT_LOOK, KINDS, RELATIONS

#: Kinds whose look and name are kept once worked out: every kind of a case
#: many times over; a case inventing kinds without end cannot grow it further.
KINDS_REMEMBERED = 1024


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


#: Legend swatches: each vis-network node shape drawn as SVG in a 12 × 12 box.
LEGEND_SHAPES = {
    "dot": '<circle cx="6" cy="6" r="5"/>',
    "ellipse": '<ellipse cx="6" cy="6" rx="5.5" ry="3.5"/>',
    "diamond": '<polygon points="6,0.5 11.5,6 6,11.5 0.5,6"/>',
    "triangle": '<polygon points="6,0.8 11.5,11 0.5,11"/>',
    "triangleDown": '<polygon points="0.5,1 11.5,1 6,11.2"/>',
    "square": '<rect x="1" y="1" width="10" height="10"/>',
    "box": '<rect x="0.5" y="2.5" width="11" height="7" rx="2"/>',
    "star": (
        '<polygon points="6,0.5 7.5,4.3 11.5,4.5 8.4,7 9.4,11 6,8.8 2.6,11 3.6,7 0.5,4.5 4.5,4.3"/>'
    ),
    "hexagon": '<polygon points="3,0.8 9,0.8 11.8,6 9,11.2 3,11.2 0.2,6"/>',
}


# Node sizes in canvas pixels: identifiers keep one size, as large as the least
# risky contractor's, so that a shared value is easy to see and click; contractors
# grow with risk.
IDENTIFIER_SIZE = 14
CONTRACTOR_MIN_SIZE = 14
CONTRACTOR_MAX_SIZE = 40
# Edge widths in pixels for weight 0 and weight 1.
EDGE_MIN_WIDTH = 1.0
EDGE_MAX_WIDTH = 6.0

#: Names of shared values in one-line reasons, where a kind's label does not read
#: as a noun: a payment account is named by its type, the prefix of its canonical
#: value (`workbench.normalize.account.TYPES`). Other kinds use their label.
VALUE_NOUNS: dict[str, tuple[str, str]] = {
    "payment_account:crypto": ("wallet", "wallets"),
    "payment_account:iban": ("IBAN", "IBANs"),
    "payment_account:bank": ("bank account", "bank accounts"),
    "payment_account:email": ("payment e-mail", "payment e-mails"),
    "github": ("GitHub account", "GitHub accounts"),
    "photo_hash": ("photo", "photos"),
    "same_person": ("same-person match", "same-person matches"),
}


#: Colours of a large ring's sub-teams, in order (Paul Tol's "muted" scheme, which
#: colour-blind readers tell apart); a twelfth sub-team takes the first colour again.
SUB_TEAM_COLORS = (
    "#332288",
    "#88CCEE",
    "#44AA99",
    "#117733",
    "#999933",
    "#DDCC77",
    "#CC6677",
    "#882255",
    "#AA4499",
    "#6699CC",
    "#DDDDDD",
)


def sub_team_color(sub_team: int) -> str:
    """The colour of a person in sub-team ``sub_team`` (1, 2 …) of a large ring.

    Examples
    --------
    >>> sub_team_color(1), sub_team_color(12) == sub_team_color(1)
    ('#332288', True)
    """
    return SUB_TEAM_COLORS[(sub_team - 1) % len(SUB_TEAM_COLORS)]


@functools.lru_cache(maxsize=KINDS_REMEMBERED)
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


@functools.lru_cache(maxsize=KINDS_REMEMBERED)
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


@functools.lru_cache(maxsize=KINDS_REMEMBERED)
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


@functools.lru_cache(maxsize=KINDS_REMEMBERED)
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
    return f"Shared {in_sentence(KINDS[kind].label)}"


def in_sentence(label: str) -> str:
    """A label as it reads inside a sentence: its first word lowercased unless it is a name.

    Examples
    --------
    >>> in_sentence("Login IP"), in_sentence("GitHub"), in_sentence("E-mail template")
    ('login IP', 'GitHub', 'e-mail template')
    """
    first, sep, rest = label.partition(" ")
    plain = first[1:] == first[1:].lower()  # "Login" reads lower, "GitHub" and "IP" do not
    return (first[:1].lower() + first[1:] if plain else first) + sep + rest


def counted(key: str, count: int) -> str:
    """A number of shared values of one kind, in words, for a ring's one-line reason.

    Parameters
    ----------
    key : a kind, or ``kind:type`` for a kind whose values carry a type
        (`VALUE_NOUNS`); a key not listed there is named by its kind's label.
    count : how many values.

    Returns
    -------
    "an address", "2 wallets", "3 login IPs"…

    Examples
    --------
    >>> counted("address", 1), counted("payment_account:crypto", 2), counted("ip", 3)
    ('an address', '2 wallets', '3 login IPs')
    >>> counted("payment_account:unknown", 1), counted("referral", 2), counted("badge_id", 1)
    ('a payment account', '2 referrals', 'a badge id')
    """
    kind = key.partition(":")[0]
    one, many = VALUE_NOUNS.get(key) or VALUE_NOUNS.get(kind) or _nouns(_kind_label(kind))
    if count == 1:
        return f"{'an' if one[:1].lower() in 'aeiou' else 'a'} {one}"
    return f"{count} {many}"


def _kind_label(kind: str) -> str:
    if kind in RELATIONS:
        return RELATIONS[kind].label
    return KINDS[kind].label if kind in KINDS else kind.replace("_", " ")


def _nouns(label: str) -> tuple[str, str]:
    one = in_sentence(label)
    return one, one + ("es" if one.endswith(("s", "sh", "ch", "x")) else "s")


def node_size(kind: str, risk: float | None) -> float:
    """Node size: contractors scale with risk (0–100), identifiers keep one size.

    Examples
    --------
    >>> node_size("contractor", 100)
    40.0
    >>> node_size("email", None)
    14.0
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


def legend_shape(look: NodeStyle) -> str:
    """A small inline SVG of a node look for the legend (an unknown shape is drawn as a square).

    Examples
    --------
    >>> swatch = legend_shape(node_style("phone"))
    >>> swatch.startswith("<svg"), "<polygon" in swatch, 'fill="#2ca02c"' in swatch
    (True, True, True)
    """
    inner = LEGEND_SHAPES.get(look.shape, LEGEND_SHAPES["square"])
    return (
        '<svg class="shape" width="14" height="14" viewBox="0 0 12 12" aria-hidden="true">'
        f'<g fill="{look.color}" stroke="#333333" stroke-width="0.8">{inner}</g></svg>'
    )


#: Roundness step between parallel edges of one pair (a referral beside a match).
PARALLEL_CURVE = 0.15


def edge_look(kind: str, weight: float, parallel: int) -> dict[str, object]:
    """How an edge is drawn, on the pages and in the explorer alike: colour and dashes
    by kind, width by weight, a curve for the ``parallel``-th edge of one pair (0 first),
    and its weight as a detail row.

    Examples
    --------
    >>> look = edge_look("ip", 1.0, 2)
    >>> look["dashed"], look["width"], look["curve"], look["rows"]
    (True, 6.0, 0.3, [['weight', '1.00']])
    """
    style = edge_style(kind)
    return {
        "color": style.color,
        "dashed": style.dashed,
        "width": edge_width(weight),
        "curve": round(parallel * PARALLEL_CURVE, 2),
        "rows": [["weight", f"{weight:.2f}"]],
    }
