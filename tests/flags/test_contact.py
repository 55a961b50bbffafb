from workbench.flags import contact
from workbench.flags.context import FlagContext


def phones(claims, numbers, logins=None):
    ids = list(claims)
    return FlagContext.build(
        contractors={"contractor_id": ids, "country": list(claims.values())},
        logins=logins,
        observations={
            "contractor_id": [i for i in ids for _ in numbers[i]],
            "kind": ["phone"] * sum(len(numbers[i]) for i in ids),
            "value": [n for i in ids for n in numbers[i]],
            "source": ["contractors"] * sum(len(numbers[i]) for i in ids),
        },
    )


def test_phone_from_a_country_with_no_other_tie_is_flagged():
    ctx = phones({"a": "US", "b": "KR"}, {"a": ["+821012345678"], "b": ["+821012345678"]})
    out = contact.phone_country_mismatch(ctx)
    assert out["contractor_id"].to_list() == ["a"]
    assert out["evidence"].to_list() == [
        "phone +821012345678 is a +82 number (KR) while claiming US"
    ]


def test_phone_where_the_identity_logs_in_from_fits():
    logins = {"contractor_id": ["a"], "country": ["South Korea"]}
    ctx = phones({"a": "US"}, {"a": ["+821012345678"]}, logins)
    assert contact.phone_country_mismatch(ctx).is_empty()


def test_voip_and_north_american_numbers_place_no_one():
    ctx = phones({"a": "JP", "b": "DE"}, {"a": ["+12015550123"], "b": ["+445612345678"]})
    assert contact.phone_country_mismatch(ctx).is_empty()


def test_shared_calling_codes_fit_any_of_their_countries():
    ctx = phones({"a": "KZ", "b": "RU"}, {"a": ["+79161234567"], "b": ["+79161234567"]})
    assert contact.phone_country_mismatch(ctx).is_empty()


def references(ids, kinds, values, hubs=None):
    return FlagContext.build(
        observations={
            "contractor_id": ids,
            "kind": kinds,
            "value": values,
            "source": ["identifiers"] * len(ids),
        },
        hubs=hubs,
    )


def test_shared_reference_needs_three_applicants():
    ctx = references(
        ["a", "b", "c", "d", "e"],
        ["reference_email"] * 5,
        ["boss@x.io", "boss@x.io", "boss@x.io", "lead@y.io", "lead@y.io"],
    )
    out = contact.shared_reference(ctx)
    assert out["contractor_id"].to_list() == ["a", "b", "c"]
    assert out["evidence"][0] == "reference email boss@x.io shared with 2 other identities (b, c)"


def test_shared_reference_skips_hub_values_and_joins_both_kinds():
    ids = ["a", "b", "c"] * 2
    kinds = ["reference_email"] * 3 + ["reference_phone"] * 3
    values = ["hr@big.com"] * 3 + ["+12025550143"] * 3
    hub = {"kind": ["reference_email"], "value": ["hr@big.com"], "identities": [400]}
    out = contact.shared_reference(references(ids, kinds, values, hub))
    assert out["contractor_id"].to_list() == ["a", "b", "c"]
    assert all(text.startswith("reference phone") for text in out["evidence"])
