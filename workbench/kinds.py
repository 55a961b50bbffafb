"""The identifier kinds, declared as data: how to normalise each and how much a shared value weighs.

``strength`` is how strongly one shared value of the kind ties two identities
(0–1): an e-mail address or a payment account is nearly personal, a login IP
is shared by households and offices. ``hub_limit`` is the number of identities
beyond which a shared value stops being evidence (a VPN exit, a payroll
provider) and is reported as a hub instead of linked.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import polars as pl

from workbench.normalize import (
    account,
    address,
    device,
    email,
    github,
    ip,
    name,
    phone,
    photo_hash,
    placeholders,
)

#: A sightings frame of one kind (columns raw, region, method, value) to canonical values.
Normalizer = Callable[[pl.DataFrame], pl.Series]


@dataclass(frozen=True)
class Kind:
    """How one identifier kind is normalised and weighed.

    ``derived_from`` names a parent kind whose sightings this kind is computed
    from (the /24 of an IP, the building of an address).
    """

    label: str
    strength: float
    hub_limit: int
    normalize: Normalizer
    derived_from: str | None = None


def generic(values: pl.Series) -> pl.Series:
    """Canonical text for an identifier kind the workbench has no rules for.

    Examples
    --------
    >>> generic(pl.Series(["  Badge-77 ", "n/a", ""])).to_list()
    ['badge-77', None, None]
    """
    text = values.str.strip_chars().str.to_lowercase().str.replace_all(r"\s+", " ")
    return pl.select(
        pl.when(placeholders.is_placeholder(values) | (text == "")).then(None).otherwise(text)
    ).to_series()


def _raw(function: Callable[[pl.Series], pl.Series]) -> Normalizer:
    return lambda sightings: function(sightings["raw"])


def _parent(function: Callable[[pl.Series], pl.Series]) -> Normalizer:
    return lambda sightings: function(sightings["value"])


#: Hub limits sit above the team sizes public cases describe (a few operators with
#: several profiles each, a laptop farm hosting a dozen or more machines) and below
#: what legitimate sharing reaches: co-working spaces, carrier NAT and corporate VPN
#: exits (hundreds), staffing agencies and payroll providers (dozens).
KINDS: dict[str, Kind] = {
    "email": Kind("E-mail", 0.95, 8, _raw(email.canonical)),
    "phone": Kind("Phone", 0.85, 8, lambda s: phone.canonical(s["raw"], s["region"])),
    # Relatives share a home; a laptop farm receives a dozen or more laptops at one door.
    "address": Kind("Address", 0.6, 15, _raw(address.unit_key)),
    "address_building": Kind(
        "Building", 0.15, 20, _parent(address.building_of), derived_from="address"
    ),
    "payment_account": Kind(
        "Payment account", 0.9, 12, lambda s: account.canonical(s["raw"], s["method"])
    ),
    # Only payee names that differ from the contractor's own are sighted (see observe).
    "account_holder": Kind("Payee name", 0.45, 10, _raw(name.canonical)),
    "device": Kind("Device", 0.9, 8, _raw(device.canonical)),
    "ip": Kind("Login IP", 0.45, 15, _raw(ip.canonical)),
    "ip_net": Kind("IP network", 0.1, 30, _parent(ip.network), derived_from="ip"),
    "github": Kind("GitHub", 0.9, 8, _raw(github.canonical)),
    "photo_hash": Kind("Photo", 0.9, 8, _raw(photo_hash.canonical)),
    "email_template": Kind("E-mail template", 0.35, 12, _parent(lambda v: v)),
}

#: Weight of a referral between two identities: a relation, not a shared value.
REFERRAL_STRENGTH = 0.3

#: Strength and hub limit of an identifiers-table kind the registry does not know.
GENERIC_STRENGTH = 0.5
GENERIC_HUB_LIMIT = 10


def kind_for(kind: str, kinds: Mapping[str, Kind] = KINDS) -> Kind:
    """The registry entry of ``kind``, or a generic one for a new kind.

    Examples
    --------
    >>> kind_for("email").label
    'E-mail'
    >>> kind_for("badge_number").strength
    0.5
    """
    if kind in kinds:
        return kinds[kind]
    label = kind.replace("_", " ").capitalize()
    return Kind(label, GENERIC_STRENGTH, GENERIC_HUB_LIMIT, _raw(generic))
