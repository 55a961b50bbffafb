"""STIX 2.1 bundles (workbench.export.stix): valid, deterministic, complete, redactable."""

from __future__ import annotations

import json

import pytest

from tests.export.cases import PRIVATE_VALUES, XSS
from tests.export.conftest import stix_errors
from workbench.export.stix import EXTENSIONS, bundle, observable, write_bundle
from workbench.investigation import investigate


@pytest.mark.parametrize("redact", [False, True])
@pytest.mark.parametrize("which", ["sample", "ring_case"])
def test_every_bundle_passes_the_validator(which, redact, request, tmp_path):
    inv = request.getfixturevalue(which)
    rings = [inv.ring(ring_id) for ring_id in inv.ring_scores["ring_id"].head(3)]
    path = write_bundle(rings, tmp_path / "bundle.json", redact=redact)
    assert stix_errors(path.read_text(encoding="utf-8")) == []


def test_the_validator_would_catch_a_broken_bundle(ring_case):
    data = json.loads(bundle([ring_case.ring(ring_case.ring_scores["ring_id"][0])]).serialize())
    grouping = next(o for o in data["objects"] if o["type"] == "grouping")
    grouping["context"] = 7  # not a string
    assert stix_errors(json.dumps(data)) != []


def test_a_rerun_gives_the_same_bundle(ring_case):
    again = investigate(ring_case.case.path)
    ring_id = ring_case.ring_scores["ring_id"][0]
    first = bundle([ring_case.ring(ring_id)]).serialize(indent=2)
    assert first == bundle([again.ring(ring_id)]).serialize(indent=2)


def test_the_ring_is_a_grouping_of_its_members_values_ties_and_flags(ring_case):
    ring = ring_case.ring(ring_case.ring_scores["ring_id"][0])
    objects = {o.id: o for o in bundle([ring]).objects}
    by_type: dict[str, list] = {}
    for made in objects.values():
        by_type.setdefault(made.type, []).append(made)
    (grouping,) = by_type["grouping"]
    assert grouping.context == "suspicious-activity" and ring.ring_id in grouping.name
    assert set(grouping.object_refs) <= set(objects)
    people = [o for o in by_type["identity"] if o.identity_class == "individual"]
    assert sorted(p.description.split()[1] for p in people) == ring.member_ids.to_list()
    assert any(XSS in p.name for p in people)  # a name is data: JSON holds it as it is
    assert len(by_type["note"]) == ring.flags.height
    for relationship in by_type["relationship"]:
        assert {relationship.source_ref, relationship.target_ref} <= set(objects)
    emails = {o.value for o in by_type["email-addr"]}
    assert emails >= {"annleework@gmail.com", "payoutteam@gmail.com"}  # canonical forms
    assert {o.value for o in by_type["ipv4-addr"]} == {"175.45.176.9"}
    assert {o.value for o in by_type["ipv6-addr"]} == {"2001:db8::7"}
    assert [o.address for o in by_type["workbench-crypto-wallet"]] == [
        "TJCnKsPa7y5okkXvQAidZBzqx3QyQ6sxMW"
    ]
    assert [o.iban for o in by_type["workbench-bank-account"]] == ["DE89370400440532013000"]
    assert [o.account_login for o in by_type["user-account"]] == ["devstar-77"]
    phones = {o.value for o in by_type["workbench-identifier"] if o.kind == "phone"}
    assert phones == {"+14155550134", "+12125550188"}


def test_new_object_types_are_declared_by_extension_definitions_in_the_bundle(ring_case):
    made = bundle([ring_case.ring(ring_case.ring_scores["ring_id"][0])])
    declared = {ext.id: ext for ext in made.objects if ext.type == "extension-definition"}
    assert set(declared) == {ext.id for ext in EXTENSIONS}
    custom = [o for o in made.objects if o.type.startswith("workbench-")]
    assert custom
    for sco in custom:
        (extension,) = sco.extensions
        assert extension in declared and declared[extension].name == sco.type
        assert sco.extensions[extension]["extension_type"] == "new-sco"


def test_a_redacted_bundle_quotes_no_identifier_and_keeps_masked_values_apart(ring_case):
    made = bundle([ring_case.ring(ring_case.ring_scores["ring_id"][0])], redact=True)
    text = made.serialize()
    for value in PRIVATE_VALUES:
        assert value not in text and json.dumps(value)[1:-1] not in text, value
    masked = [o for o in made.objects if o.type == "workbench-identifier"]
    assert {o.kind for o in masked} >= {"email", "phone", "payment_account", "ip", "address"}
    assert len({o.id for o in masked}) == len(masked)  # two phones masked alike stay two
    assert "Bo Kim" in text  # identities' names stay readable


def test_each_kind_maps_to_its_observable():
    assert observable("email", "a@b.io").type == "email-addr"
    assert observable("payment_account", "email:pay@x.io").type == "email-addr"
    assert observable("payment_account", "bank:12345678").account_number == "12345678"
    assert observable("ip", "203.0.113.9").type == "ipv4-addr"
    assert observable("badge", "B-77").kind == "badge"
