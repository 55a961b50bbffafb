"""The identifier kinds, each declared once: where it is read, how it is normalised and weighed,
how it looks, how it is redacted and whether the explorer searches it.

``strength`` is how strongly one shared value of the kind ties two identities
(0–1): an e-mail address or a payment account is nearly personal, a login IP
is shared by households and offices. ``hub_limit`` is the number of identities
beyond which a shared value stops being evidence (a VPN exit, a payroll
provider) and is reported as a hub instead of linked.

Adding a kind is adding one entry to `KINDS` (and its normaliser); observe,
link, score, the graphs, redaction and the explorer all read it from here.
See ``docs/kinds.md`` for a worked example.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum

import polars as pl

from workbench.normalize import (
    account,
    address,
    address_match,
    device,
    email,
    github,
    handle,
    ip,
    name,
    personal,
    phone,
    photo_hash,
    placeholders,
)
from workbench.normalize.latin import compatibility_form

#: A sightings frame of one kind (columns raw, region, method, value) to canonical values.
Normalizer = Callable[[pl.DataFrame], pl.Series]


class Privacy(str, Enum):
    """What a value of a kind reveals about a person, which decides how ``--redact`` masks it."""

    #: An e-mail address: first letters and the top-level domain are kept.
    EMAIL = "email"
    #: A phone number: the last digits are kept.
    PHONE = "phone"
    #: A bank account, IBAN, wallet or payment e-mail: the last characters are kept.
    ACCOUNT = "account"
    #: A postal address or a part of one: masked whole.
    ADDRESS = "address"
    #: An IP address or network: the first and last parts are kept.
    NETWORK = "network"
    #: A person's name: initials are kept.
    NAME = "name"
    #: Personal, but of no known form (a new kind from a case): the last characters are kept.
    OPAQUE = "opaque"
    #: Not personal on its own (a device id, a photo hash, a public handle): shown as is.
    PUBLIC = "public"


@dataclass(frozen=True, kw_only=True)
class Source:
    """A case-table column whose values are sightings of a kind.

    ``multi_valued`` columns hold several values separated by any of
    ``separators`` (the contract's ``;`` first), possibly written as a JSON
    array. ``context`` names the extra sighting columns the normaliser reads:
    ``region`` (the ISO country claimed in the same row) or ``method`` (the payment method).
    """

    table: str
    column: str
    multi_valued: bool = False
    separators: tuple[str, ...] = (";",)
    context: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Look:
    """How a kind is drawn: a vis-network node shape and a colour (node and tie alike);
    dashed ties mark weak evidence."""

    shape: str
    color: str
    dashed: bool = False


#: The look of a kind declared without one (a new kind from a case).
DEFAULT_LOOK = Look(shape="ellipse", color="#bcbd22", dashed=True)


@dataclass(frozen=True)
class Spellings:
    """A normaliser in two steps, for a kind whose canonical value depends on the case's
    other values: ``key`` reads each sighting alone, then the merges (key → merged) join
    what names one thing over every sighting given.

    The merges are made in steps that an engine can run on parts of a case,
    so that the case's values need not be in one place:

    - ``tally`` (sightings, their keys): rows that sum up what a part's
      sightings say, per value of column ``group_on``;
    - ``within`` (every tally row of some values of ``group_on``, from any
      parts): what those groups decide, the same whichever groups are taken
      together;
    - ``across`` (every row ``within`` gave, few): the merges, sorted by key.

    Examples
    --------
    >>> spellings = KINDS["address"].spellings
    >>> seen = pl.DataFrame({"raw": ["9 Maple Dr, Tampa FL 33669", "9 Mapel Dr, FL 33669"]})
    >>> spellings.canonical(seen).to_list()
    ['33669 9 dr fl maple tampa', '33669 9 dr fl maple tampa']
    >>> spellings.canonical(seen[1:], merges=spellings.merges(seen, spellings.key(seen))).to_list()
    ['33669 9 dr fl maple tampa']
    """

    key: Normalizer
    tally: Callable[[pl.DataFrame, pl.Series], pl.DataFrame]
    group_on: str
    within: Callable[[pl.DataFrame], pl.DataFrame]
    across: Callable[[pl.DataFrame], pl.DataFrame]

    def merges(self, sightings: pl.DataFrame, keys: pl.Series) -> pl.DataFrame:
        """key → merged over ``sightings`` (whose keys are ``keys``): every step on them."""
        return self.merges_of(self.tally(sightings, keys))

    def merges_of(self, tally: pl.DataFrame) -> pl.DataFrame:
        """key → merged from the tally rows of the whole case, however many parts gave them."""
        return self.across(self.within(tally))

    def canonical(self, sightings: pl.DataFrame, merges: pl.DataFrame | None = None) -> pl.Series:
        """The canonical value of each sighting: its key, merged by ``merges`` (those of
        ``sightings`` themselves if None)."""
        keys = self.key(sightings)
        if merges is None:
            merges = self.merges(sightings, keys)
        return address_match.merged_keys(keys, merges)


@dataclass(frozen=True, kw_only=True)
class Kind:
    """Everything the workbench knows about one identifier kind.

    ``derived_from`` names a parent kind whose sightings this kind is computed
    from (the /24 of an IP, the building of an address); a derived kind has no
    sources of its own. ``restates`` names a kind whose fact this kind's ties
    say again (a payee name and its payment account): between one pair, ties
    of a kind and of its parent or restated kind count once, as the strongest.
    ``ties`` is False for a detail that is compared, never linked on (a date
    of birth: thousands of strangers share one); the record linkage of
    `workbench.person_match` reads it. ``habitual_strength``, when set, is the
    strength of a value that most of each holder's own sightings of the kind
    are, seen more than once: a login IP two identities both keep working from
    is their home line, where a café's or a hotel's is passed through.
    ``computed`` is True for a kind the workbench sights by a rule of its own
    from another kind's canonical values (an e-mail's template): like a derived
    kind, it is never read from a case.
    ``spellings``, when set, is ``normalize`` in its two steps (`Spellings`): the
    kind's value depends on the other values of the case (an address written
    with a typo takes the spelling most identities wrote; a phone written
    without its country code, read in each writer's claimed country, takes
    one reading for all who wrote those digits).
    ``witnesses`` is False for a kind whose shared values do not corroborate the
    concentration of another value (`workbench.concentration`): a neighbourhood
    (strangers share an IP's /24) and an e-mail series, whose blocks of running
    numbers cut one team's addresses into overlapping parts that would read as
    separate teams.
    """

    label: str
    strength: float
    hub_limit: int
    normalize: Normalizer
    privacy: Privacy
    look: Look = DEFAULT_LOOK
    sources: tuple[Source, ...] = ()
    derived_from: str | None = None
    restates: str | None = None
    searchable: bool = False
    ties: bool = True
    habitual_strength: float | None = None
    spellings: Spellings | None = None
    computed: bool = False
    witnesses: bool = True


def generic(values: pl.Series) -> pl.Series:
    """Canonical text for an identifier kind the workbench has no rules for: NFKC (one
    spelling for composed and decomposed accents), trimmed, lower-case, single spaces.

    A kind's own forms (a link to a profile for a handle) are unknown here, so none is
    cut: a kind with such forms is declared in `KINDS` with its own normaliser.

    Examples
    --------
    >>> generic(pl.Series(["  Badge-77 ", "n/a", "", "Cafe\u0301", "Caf\u00e9"])).to_list()
    ['badge-77', None, None, 'café', 'café']
    """
    text = (
        compatibility_form(values).str.strip_chars().str.to_lowercase().str.replace_all(r"\s+", " ")
    )
    return pl.select(
        pl.when(placeholders.is_placeholder(values) | (text == "")).then(None).otherwise(text)
    ).to_series()


def _raw(function: Callable[[pl.Series], pl.Series]) -> Normalizer:
    return lambda sightings: function(sightings["raw"])


def _parent(function: Callable[[pl.Series], pl.Series]) -> Normalizer:
    return lambda sightings: function(sightings["value"])


def _raw_tally(
    function: Callable[[pl.Series, pl.Series], pl.DataFrame],
) -> Callable[[pl.DataFrame, pl.Series], pl.DataFrame]:
    return lambda sightings, keys: function(sightings["raw"], keys)


def _phone_number(sightings: pl.DataFrame) -> pl.Series:
    return phone.canonical(sightings["raw"], sightings["region"])


def _by_key(merges: pl.DataFrame) -> pl.DataFrame:
    return merges.sort("key")


#: Addresses: a key per line, then alike spellings of one dwelling merged. Alike
#: spellings share their numbers, so each group of numbers decides its own merges.
ADDRESS_SPELLINGS = Spellings(
    key=_raw(address.unit_key),
    tally=_raw_tally(address_match.spelling_tally),
    group_on="numbers",
    within=address_match.alike_keys,
    across=_by_key,
)

#: Phones: each read in its writer's claimed country, then the readings of the same
#: digits by writers claiming other countries made one. Readings join across digit
#: strings, so the few digit strings read more than one way are merged together.
PHONE_READINGS = Spellings(
    key=_phone_number,
    tally=_raw_tally(phone.reading_tally),
    group_on="digits",
    within=phone.split_readings,
    across=phone.merged_readings,
)

#: Photos: each hash read alone, then hashes a few bits apart (one photo re-encoded
#: or retouched) made one. Two such hashes agree in at least one of their blocks,
#: so each block decides its own pairs.
PHOTO_VARIANTS = Spellings(
    key=_raw(photo_hash.canonical),
    tally=lambda _sightings, keys: photo_hash.variant_tally(keys),
    group_on="block",
    within=photo_hash.near_variants,
    across=photo_hash.merged_variants,
)

#: How strongly sharing a home ties two identities: one dwelling, or the line most
#: of both identities' logins come through. Households share it; strangers do not.
HOME_STRENGTH = 0.6

#: Hub limits sit above the team sizes public cases describe (a few operators with
#: several profiles each, a laptop farm hosting a dozen or more machines) and below
#: what legitimate sharing reaches: co-working spaces, carrier NAT and corporate VPN
#: exits (hundreds), staffing agencies and payroll providers (dozens).
KINDS: dict[str, Kind] = {
    "email": Kind(
        label="E-mail",
        strength=0.95,
        hub_limit=8,
        normalize=_raw(email.canonical),
        privacy=Privacy.EMAIL,
        look=Look(shape="diamond", color="#1f77b4"),
        # No address holds a comma, so "a@x.io, b@y.io" is two addresses.
        sources=(
            Source(table="contractors", column="email", multi_valued=True, separators=(";", ",")),
        ),
        searchable=True,
    ),
    "phone": Kind(
        label="Phone",
        strength=0.85,
        hub_limit=8,
        normalize=PHONE_READINGS.canonical,
        spellings=PHONE_READINGS,
        privacy=Privacy.PHONE,
        look=Look(shape="triangle", color="#2ca02c"),
        sources=(
            Source(table="contractors", column="phone", multi_valued=True, context=("region",)),
        ),
        searchable=True,
    ),
    # Relatives share a home; a laptop farm receives a dozen or more laptops at one door.
    "address": Kind(
        label="Address",
        strength=HOME_STRENGTH,
        hub_limit=15,
        normalize=ADDRESS_SPELLINGS.canonical,
        spellings=ADDRESS_SPELLINGS,
        privacy=Privacy.ADDRESS,
        look=Look(shape="square", color="#8c564b"),
        sources=(
            Source(table="contractors", column="address"),
            Source(table="shipments", column="ship_to_address"),
            # A laptop rerouted away from an address: the identity gave it first.
            Source(table="shipments", column="previous_address"),
        ),
        searchable=True,
    ),
    "address_building": Kind(
        label="Building",
        strength=0.15,
        hub_limit=20,
        normalize=_parent(address.building_of),
        privacy=Privacy.ADDRESS,
        look=Look(shape="square", color="#c49c94", dashed=True),
        derived_from="address",
    ),
    "payment_account": Kind(
        label="Payment account",
        strength=0.9,
        hub_limit=12,
        normalize=lambda s: account.canonical(s["raw"], s["method"]),
        privacy=Privacy.ACCOUNT,
        look=Look(shape="star", color="#ff7f0e"),
        sources=(Source(table="payments", column="account", context=("method",)),),
        searchable=True,
    ),
    # Sighted by observe's own rule: only payee names that differ from the contractor's.
    "account_holder": Kind(
        label="Payee name",
        strength=0.45,
        hub_limit=10,
        normalize=_raw(name.canonical),
        privacy=Privacy.NAME,
        look=Look(shape="star", color="#ffbb78"),
        restates="payment_account",
        searchable=True,
    ),
    "device": Kind(
        label="Device",
        strength=0.9,
        hub_limit=8,
        normalize=_raw(device.canonical),
        privacy=Privacy.PUBLIC,
        look=Look(shape="triangleDown", color="#9467bd"),
        sources=(
            Source(table="logins", column="device_id"),
            Source(table="device_locations", column="device_id"),
        ),
        searchable=True,
    ),
    "ip": Kind(
        label="Login IP",
        strength=0.45,
        habitual_strength=HOME_STRENGTH,
        hub_limit=15,
        normalize=_raw(ip.canonical),
        privacy=Privacy.NETWORK,
        look=Look(shape="hexagon", color="#7f7f7f", dashed=True),
        # Where an identity was seen from: logging in, joining an interview, or where
        # its company laptop checks in with the MDM (a laptop farm's home line).
        sources=(
            Source(table="logins", column="ip"),
            Source(table="interviews", column="join_ip"),
            Source(table="device_locations", column="egress_ip"),
        ),
        searchable=True,
    ),
    "ip_net": Kind(
        label="IP network",
        strength=0.1,
        hub_limit=30,
        normalize=_parent(ip.network),
        privacy=Privacy.NETWORK,
        look=Look(shape="hexagon", color="#c7c7c7", dashed=True),
        derived_from="ip",
    ),
    "github": Kind(
        label="GitHub",
        strength=0.9,
        hub_limit=8,
        normalize=_raw(github.canonical),
        privacy=Privacy.PUBLIC,
        look=Look(shape="square", color="#17becf"),
        sources=(Source(table="contractors", column="github"),),
        searchable=True,
    ),
    "photo_hash": Kind(
        label="Photo",
        strength=0.9,
        hub_limit=8,
        normalize=PHOTO_VARIANTS.canonical,
        spellings=PHOTO_VARIANTS,
        privacy=Privacy.PUBLIC,
        look=Look(shape="box", color="#e377c2", dashed=True),
        sources=(Source(table="contractors", column="photo_hash"),),
    ),
    # Sighted by observe's own rule: the theme word of numbered e-mail addresses.
    "email_template": Kind(
        label="E-mail template",
        strength=0.35,
        hub_limit=12,
        normalize=_parent(lambda v: v),
        privacy=Privacy.PUBLIC,
        look=Look(shape="diamond", color="#9ecae1", dashed=True),
        computed=True,
        # Cut from the e-mails themselves: one shared mailbox is not two kinds of
        # evidence, nor does its template corroborate it.
        restates="email",
    ),
    # Sighted by observe's own rule: addresses of one theme at one provider whose
    # running numbers lie close together (devrocket033, devrocket035). A mail
    # provider offers a namesake the next free number of a name, never of a theme
    # word, so a series ties on its own; like the template, it is e-mail evidence.
    "email_series": Kind(
        label="E-mail series",
        strength=0.6,
        hub_limit=12,
        normalize=_parent(lambda v: v),
        privacy=Privacy.EMAIL,
        look=Look(shape="diamond", color="#6baed6"),
        computed=True,
        restates="email",
        witnesses=False,
    ),
    # Given in the identifiers table: the contact details of a referee an applicant
    # named. Former colleagues can name one manager, so a shared referee alone ties
    # no one (below the group threshold, like an e-mail template); beside another
    # shared value it is how a team vouches for itself. Its e-mail and phone are one
    # referee: one piece of evidence, not two.
    "reference_email": Kind(
        label="Reference e-mail",
        strength=0.35,
        hub_limit=8,
        normalize=_raw(email.canonical),
        privacy=Privacy.EMAIL,
        look=Look(shape="diamond", color="#aec7e8"),
        searchable=True,
    ),
    "reference_phone": Kind(
        label="Reference phone",
        strength=0.35,
        restates="reference_email",
        hub_limit=8,
        normalize=PHONE_READINGS.canonical,
        spellings=PHONE_READINGS,
        privacy=Privacy.PHONE,
        look=Look(shape="triangle", color="#98df8a"),
        searchable=True,
    ),
    # Given in the identifiers table. A stolen identity's number reused by a second
    # profile; its ties and a record linkage match between the same two identities
    # are one piece of evidence.
    "national_id": Kind(
        label="National ID",
        strength=0.9,
        hub_limit=8,
        normalize=_raw(personal.national_id),
        privacy=Privacy.OPAQUE,
        look=Look(shape="square", color="#e377c2"),
        restates="same_person",
        searchable=True,
    ),
    # Given in the identifiers table. A messaging handle is a contact detail the
    # advisories name: one handle behind several profiles is one person's.
    "telegram": Kind(
        label="Telegram",
        strength=0.9,
        hub_limit=8,
        normalize=_raw(handle.telegram),
        privacy=Privacy.OPAQUE,
        look=Look(shape="diamond", color="#229ed9"),
        searchable=True,
    ),
    "date_of_birth": Kind(
        label="Date of birth",
        strength=0.1,
        hub_limit=8,
        normalize=_raw(personal.date_of_birth),
        privacy=Privacy.OPAQUE,
        look=Look(shape="square", color="#f7b6d2", dashed=True),
        ties=False,
    ),
}


@dataclass(frozen=True, kw_only=True)
class Relation:
    """A link kind that ties two identities directly, not through a value they share."""

    label: str
    look: Look


#: Referrals from the case, and the matches of `workbench.person_match`.
RELATIONS: dict[str, Relation] = {
    "referral": Relation(label="Referral", look=Look(shape="dot", color="#393b79", dashed=True)),
    "same_person": Relation(label="Same person", look=Look(shape="dot", color="#d62728")),
}

#: The holding of an address that company equipment was shipped to (`workbench.link`): it
#: ties no one itself; it corroborates a concentration (see `workbench.concentration`).
SHIPMENT = "equipment_shipped_to"


def reserved_kinds(kinds: Mapping[str, Kind] = KINDS) -> dict[str, str]:
    """Each word the workbench uses for its own things, which no identifiers-table kind
    may take, and why: the rows of such a kind are unusable values.

    A ring's graph draws an identity as a "contractor" node, so values of a kind
    of that name would be drawn as people; a relation or the shipments' evidence
    read from the identifiers table would be mixed with the workbench's own; and
    a kind the workbench computes from another's values has none to compute from.

    Examples
    --------
    >>> reserved = reserved_kinds()
    >>> reserved["ip_net"]
    'is computed by the workbench from each Login IP: not a kind a case gives'
    >>> sorted(reserved)
    ['address_building', 'contractor', 'email_series', 'email_template', \
'equipment_shipped_to', 'ip_net', 'referral', 'same_person']
    """
    computed = {
        key: "is computed by the workbench from "
        + (f"each {kinds[kind.derived_from].label}" if kind.derived_from else "other values")
        + ": not a kind a case gives"
        for key, kind in kinds.items()
        if kind.derived_from or kind.computed
    }
    return {
        "contractor": "names an identity in the workbench: not a kind of value",
        **dict.fromkeys(RELATIONS, "names a tie the workbench makes itself: not a kind of value"),
        SHIPMENT: "names the shipments table's evidence in the workbench: not a kind of value",
        **computed,
    }


#: `reserved_kinds` of the registry.
RESERVED_KINDS = reserved_kinds()

#: Weight of a referral between two identities: a relation, not a shared value.
REFERRAL_STRENGTH = 0.3

#: Strength and hub limit of an identifiers-table kind the registry does not know.
GENERIC_STRENGTH = 0.5
GENERIC_HUB_LIMIT = 10


def kind_for(kind: str, kinds: Mapping[str, Kind] = KINDS) -> Kind:
    """The registry entry of ``kind``, or a generic one for a new kind.

    A new kind is personal until declared otherwise, so redaction masks it.

    Examples
    --------
    >>> kind_for("email").label
    'E-mail'
    >>> generic_kind = kind_for("badge_number")
    >>> generic_kind.label, generic_kind.strength, generic_kind.privacy.value
    ('Badge number', 0.5, 'opaque')
    """
    if kind in kinds:
        return kinds[kind]
    return Kind(
        label=kind.replace("_", " ").capitalize(),
        strength=GENERIC_STRENGTH,
        hub_limit=GENERIC_HUB_LIMIT,
        normalize=_raw(generic),
        privacy=Privacy.OPAQUE,
    )


def derived_parents(kinds: Mapping[str, Kind] = KINDS) -> dict[str, str]:
    """Each derived kind and the kind it is computed from.

    Examples
    --------
    >>> derived_parents()
    {'address_building': 'address', 'ip_net': 'ip'}
    """
    return {key: kind.derived_from for key, kind in kinds.items() if kind.derived_from}


def evidence_groups(kinds: Mapping[str, Kind] = KINDS) -> dict[str, str]:
    """Each kind whose ties count as another kind's evidence, and that kind.

    A derived kind counts with its parent (sharing an IP is sharing its /24);
    a kind that restates another counts with it (a payee name with its account).

    Examples
    --------
    >>> evidence_groups()
    {'address_building': 'address', 'account_holder': 'payment_account', 'ip_net': 'ip', \
'email_template': 'email', 'email_series': 'email', 'reference_phone': 'reference_email', \
'national_id': 'same_person'}
    """
    groups = {}
    for key, kind in kinds.items():
        parent = kind.derived_from or kind.restates
        if parent:
            groups[key] = parent
    return groups


def column_kinds(kinds: Mapping[str, Kind] = KINDS) -> dict[tuple[str, str], str]:
    """The kind each case-table column yields, keyed by (table, column).

    Examples
    --------
    >>> column_kinds()[("shipments", "ship_to_address")]
    'address'
    """
    return {
        (source.table, source.column): key for key, kind in kinds.items() for source in kind.sources
    }
