"""STIX 2.1 bundles of rings, for threat-intelligence platforms (OpenCTI, MISP …).

Each ring becomes:

* a ``grouping`` (context ``suspicious-activity``) whose description is the
  ring's score and reasons, referring to every object below;
* an ``identity`` (``individual``) per member, named as in the case;
* a Cyber-observable Object per value the members hold of a kind strong
  enough for a watchlist, and per value two of them share: ``email-addr``,
  ``ipv4-addr`` / ``ipv6-addr``, ``user-account`` (GitHub), and three types
  declared by STIX 2.1 extension definitions carried in the bundle:
  ``workbench-crypto-wallet``, ``workbench-bank-account`` and
  ``workbench-identifier`` (a phone, an address, a device, a photo hash, any
  other kind);
* a ``related-to`` relationship from each member to each value they hold,
  and between two members for a referral or a record-linkage match;
* a ``note`` per red flag, about the member, holding its evidence.

Ids are derived from content: STIX's own UUIDv5 for observables, and a UUIDv5
of what an object stands for (the case, the member, the flag …) under
`NAMESPACE` for the rest, so a rerun gives the same bundle byte for byte.
STIX asks for UUIDv4 in those, as a SHOULD: validators warn about it, and
that is the price of stable ids. Times are the run's ``as_of`` or else the
latest sighting in the rings, never the clock.

With ``redact``, a personal value cannot keep its own type (a masked e-mail
is no e-mail address): it becomes a ``workbench-identifier`` holding the
mask and a key that tells two masked values apart within the bundle.
"""

from __future__ import annotations

import ipaddress
import json
import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import polars as pl
from stix2 import v21
from stix2.properties import StringProperty

from workbench.export.watchlist import ring_watchlist
from workbench.flags.registry import FLAGS
from workbench.kinds import RELATIONS, Privacy, kind_for
from workbench.run_frames import Ring
from workbench.views.redact import KnownValues, redact_text, redact_value

#: Namespace of the UUIDv5 ids of the objects the workbench makes (a fixed random UUID;
#: STIX forbids its own SCO namespace here).
NAMESPACE = uuid.UUID("3f9c1d52-6a1e-4e8b-9b77-2d4c8e5a0f13")

#: When the extension definitions below were written: they change only with their version.
EXTENSIONS_WRITTEN = datetime(2025, 6, 1, tzinfo=timezone.utc)

#: Objects are dated by the run's ``as_of``, else the rings' latest sighting, else this.
UNDATED = datetime(1970, 1, 1, tzinfo=timezone.utc)


def stix_id(object_type: str, *parts: str) -> str:
    """A STIX id whose UUIDv5 is derived from what the object stands for.

    Examples
    --------
    >>> stix_id("identity", "case", "C1") == stix_id("identity", "case", "C1")
    True
    >>> stix_id("identity", "case", "C1").startswith("identity--")
    True
    """
    return f"{object_type}--{uuid.uuid5(NAMESPACE, json.dumps(parts))}"


#: The workbench as the producer of every object it makes.
PRODUCER = v21.Identity(
    id=stix_id("identity", "workbench"),
    name="workbench",
    identity_class="system",
    description="Links contractor identities that share accounts, devices and addresses "
    "into rings, and scores them with red flags.",
    created=EXTENSIONS_WRITTEN,
    modified=EXTENSIONS_WRITTEN,
)


def _extension(name: str, description: str) -> Any:
    return v21.ExtensionDefinition(
        id=stix_id("extension-definition", name),
        created_by_ref=PRODUCER.id,
        name=name,
        description=description,
        schema=f"A new SCO of type {name}. {description}",
        version="1.0.0",
        extension_types=["new-sco"],
        created=EXTENSIONS_WRITTEN,
        modified=EXTENSIONS_WRITTEN,
    )


WALLET_EXTENSION = _extension(
    "workbench-crypto-wallet",
    "A cryptocurrency wallet that received wages. Property: address (required), as the "
    "workbench normalises it (a chain label such as TRC20: removed).",
)
BANK_ACCOUNT_EXTENSION = _extension(
    "workbench-bank-account",
    "A bank account that received wages. Properties: iban (compact, checksum verified) "
    "or account_number (digits and letters only).",
)
IDENTIFIER_EXTENSION = _extension(
    "workbench-identifier",
    "An identifier of a workbench kind that STIX has no object for (a phone number, a "
    "postal address, a device, a photo hash …). Properties: kind (required, the "
    "workbench kind), value (required, normalised, or masked for sharing), key (set on "
    "masked values only, telling two apart within one bundle).",
)
EXTENSIONS = (WALLET_EXTENSION, BANK_ACCOUNT_EXTENSION, IDENTIFIER_EXTENSION)


def _new_observable(name: str, properties: list[tuple[str, Any]], extension: Any) -> Any:
    """A new SCO type registered with `stix2`, its id made from all its properties."""
    return v21.CustomObservable(
        name,
        properties,
        id_contrib_props=[prop for prop, _ in properties],
        extension_name=extension.id,
    )(type(name.title().replace("-", ""), (), {}))


#: A cryptocurrency wallet (see `WALLET_EXTENSION`).
CryptoWallet = _new_observable(
    "workbench-crypto-wallet", [("address", StringProperty(required=True))], WALLET_EXTENSION
)
#: A bank account by IBAN or number (see `BANK_ACCOUNT_EXTENSION`).
BankAccount = _new_observable(
    "workbench-bank-account",
    [("iban", StringProperty()), ("account_number", StringProperty())],
    BANK_ACCOUNT_EXTENSION,
)
#: Any other identifier, or a masked one (see `IDENTIFIER_EXTENSION`).
Identifier = _new_observable(
    "workbench-identifier",
    [
        ("kind", StringProperty(required=True)),
        ("value", StringProperty(required=True)),
        ("key", StringProperty()),
    ],
    IDENTIFIER_EXTENSION,
)


def observable(kind: str, value: str) -> Any:
    """The STIX Cyber-observable Object of one canonical value of a kind.

    Examples
    --------
    >>> observable("payment_account", "crypto:TJCnKsPa7y5okkXvQAidZBzqx3QyQ6sxMW").type
    'workbench-crypto-wallet'
    >>> observable("ip", "2001:db8::1").type, observable("phone", "+14155550134").kind
    ('ipv6-addr', 'phone')
    """
    if kind == "email":
        return v21.EmailAddress(value=value)
    if kind == "ip":
        version = ipaddress.ip_address(value).version
        return (v21.IPv4Address if version == 4 else v21.IPv6Address)(value=value)
    if kind == "github":
        return v21.UserAccount(account_type="github", account_login=value)
    if kind == "payment_account":
        account_type, _, body = value.partition(":")
        if account_type == "crypto":
            return CryptoWallet(address=body)
        if account_type == "iban":
            return BankAccount(iban=body)
        if account_type == "bank":
            return BankAccount(account_number=body)
        if account_type == "email":
            return v21.EmailAddress(value=body)
    return Identifier(kind=kind, value=value)


def bundle(rings: Sequence[Ring], *, redact: bool = False) -> Any:
    """One STIX 2.1 bundle holding rings of one run (see the module's description).

    Parameters
    ----------
    rings : ring views of one investigation.
    redact : mask every personal value (identities' names stay readable).

    Returns
    -------
    A ``stix2.v21.Bundle``.

    Examples
    --------
    >>> from workbench.investigation import investigate
    >>> inv = investigate("sample_data/demo_case")
    >>> made = bundle([inv.ring(inv.ring_scores["ring_id"][0])])
    >>> sorted({o.type for o in made.objects})[:4]
    ['email-addr', 'extension-definition', 'grouping', 'identity']
    """
    when = _dated(rings)
    values = {ring.ring_id: _held_values(ring) for ring in rings}
    keys = _mask_keys(pl.concat(values.values())) if redact else None
    objects: dict[str, Any] = {PRODUCER.id: PRODUCER}
    objects |= {ext.id: ext for ext in EXTENSIONS}
    for ring in rings:
        for made in _ring_objects(ring, values[ring.ring_id], when, keys):
            objects.setdefault(made.id, made)
    return v21.Bundle(objects=list(objects.values()), id=stix_id("bundle", *sorted(objects)))


def write_bundle(rings: Sequence[Ring], path: str | Path, *, redact: bool = False) -> Path:
    """Write `bundle` as indented JSON at ``path`` (folders created) and return the path."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    # stix2's pretty=True sorts every property by hand (9 s for 700 objects); indent does not.
    text = bundle(rings, redact=redact).serialize(indent=2)
    target.write_text(text + "\n", encoding="utf-8")
    return target


def _dated(rings: Sequence[Ring]) -> datetime:
    """The moment the bundle describes: ``as_of``, else the latest sighting, else `UNDATED`."""
    as_of = rings[0].investigation.settings.as_of if rings else None
    if as_of is not None:
        return as_of
    latest = [ring.sightings["seen_at"].max() for ring in rings]
    seen = [moment for moment in latest if isinstance(moment, datetime)]
    return max(seen, default=UNDATED)


def _held_values(ring: Ring) -> pl.DataFrame:
    """Per value exported for a ring: kind, value and its holders among the members."""
    shared = ring.shared_values.filter(~pl.col("kind").is_in(list(RELATIONS)))
    wanted = pl.concat(
        [ring_watchlist([ring]).select("kind", "value"), shared.select("kind", "value")]
    ).unique()
    return (
        ring.sightings.join(wanted, on=["kind", "value"], how="semi")
        .group_by("kind", "value")
        .agg(holders=pl.col("contractor_id").unique().sort())
        .sort("kind", "value")
    )


def _mask_keys(values: pl.DataFrame) -> dict[tuple[str, str], str]:
    """A key per distinct personal value of the bundle (``phone-3``): masks can collide."""
    personal = values.select("kind", "value").unique().sort("kind", "value")
    keys: dict[tuple[str, str], str] = {}
    counts: dict[str, int] = {}
    for kind, value in personal.iter_rows():
        if kind_for(kind).privacy is not Privacy.PUBLIC:
            counts[kind] = counts.get(kind, 0) + 1
            keys[kind, value] = f"{kind}-{counts[kind]}"
    return keys


def _ring_objects(
    ring: Ring,
    values: pl.DataFrame,
    when: datetime,
    keys: Mapping[tuple[str, str], str] | None,
) -> list[Any]:
    """The identities, observables, relationships and notes of one ring, then its grouping."""
    case = ring.investigation.case.path.name
    redact = keys is not None
    known = KnownValues.from_observations(ring.sightings) if redact else None

    def hidden(texts: list[str]) -> list[str]:
        return known.redact(pl.Series(texts, dtype=pl.String)).to_list() if known else texts

    stamp = {"created": when, "modified": when, "created_by_ref": PRODUCER.id}
    people = {
        row["contractor_id"]: v21.Identity(
            id=stix_id("identity", case, row["contractor_id"]),
            # Identities' names stay readable, as in every redacted output.
            name=redact_text(row["full_name"] or row["contractor_id"])
            if redact
            else row["full_name"] or row["contractor_id"],
            identity_class="individual",
            description=f"Contractor {row['contractor_id']} in case {case}: risk score "
            f"{row['risk_score']:.1f} of 100"
            + (f"; red flags {row['flags']}" if row["flags"] else ""),
            **stamp,
        )
        for row in ring.members.iter_rows(named=True)
    }
    made: list[Any] = list(people.values())
    size = len(people)
    for kind, value, holders in values.iter_rows():
        key = keys.get((kind, value)) if keys is not None else None
        sco = (
            Identifier(kind=kind, value=redact_value(kind, value), key=key)
            if key is not None
            else observable(kind, value)
        )
        made.append(sco)
        label = kind_for(kind).label
        for holder in holders:
            held = f"{label}, held by {len(holders)} of {size}"
            made.append(_related(people[holder].id, sco.id, kind, held, stamp))
    relations = ring.shared_values.filter(pl.col("kind").is_in(list(RELATIONS)))
    texts = hidden(relations["value"].to_list())
    for (kind, members), text in zip(
        relations.select("kind", "members").iter_rows(), texts, strict=True
    ):
        a, b = (people[m].id for m in members)
        made.append(_related(a, b, kind, f"{RELATIONS[kind].label}: {text}", stamp))
    made += _notes(ring, people, hidden, stamp)
    reasons = "; ".join(hidden(ring.reasons))
    threshold = ring.investigation.settings.alert_threshold
    made.append(
        v21.Grouping(
            id=stix_id("grouping", case, ring.ring_id),
            name=f"Ring {ring.ring_id}",
            context="suspicious-activity",
            description=f"{size} identities in case {case} that appear to be run by one "
            f"operator; ring score {ring.score:.1f} of 100 ({threshold:g} and above: an analyst "
            f"should look). {reasons}",
            object_refs=sorted(o.id for o in made),
            **stamp,
        )
    )
    return made


def _notes(
    ring: Ring,
    people: Mapping[str, Any],
    hidden: Callable[[list[str]], list[str]],
    stamp: Mapping[str, Any],
) -> list[Any]:
    """A note per red flag raised on a member, with its evidence (masked when redacting)."""
    flags = ring.flags.sort("contractor_id", "code")
    evidence = hidden(flags["evidence"].to_list())
    titles = {flag.code: flag.title for flag in FLAGS}
    case = ring.investigation.case.path.name
    return [
        v21.Note(
            id=stix_id("note", case, contractor_id, code),
            abstract=f"{code}: {titles.get(code, code)}",
            content=text or code,
            object_refs=[people[contractor_id].id],
            labels=["red-flag"],
            **stamp,
        )
        for (contractor_id, code), text in zip(
            flags.select("contractor_id", "code").iter_rows(), evidence, strict=True
        )
    ]


def _related(
    source: str, target: str, kind: str, description: str, stamp: Mapping[str, Any]
) -> Any:
    """A ``related-to`` relationship, one per source, target and kind of tie."""
    return v21.Relationship(
        id=stix_id("relationship", source, target, kind),
        relationship_type="related-to",
        source_ref=source,
        target_ref=target,
        description=description,
        **stamp,
    )
