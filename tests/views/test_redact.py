import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from workbench.kinds import DEFAULT_LOOK, KINDS, Privacy, kind_for
from workbench.views.redact import (
    MASKS,
    KnownValues,
    mask_account,
    mask_address,
    mask_email,
    mask_phone,
    redact_text,
    redact_value,
)


def test_email_keeps_first_letters_and_tld():
    assert mask_email("jane.roe@gmail.com") == "j***@g***.com"


def test_phone_keeps_country_and_last_four():
    assert mask_phone("+1 415-555-0134") == "+1 *** *** 0134"
    assert mask_phone("415 555 0134") == "*** *** 0134"


def test_account_keeps_last_four():
    assert mask_account("GB33BUKB20201555555555") == "…5555"
    assert mask_account("0x52908400098527886E0F7030069857D2E4169EE7") == "…9EE7"


def test_address_hides_everything():
    masked = mask_address("221B Baker Street, London NW1 6XE")
    assert "Baker" not in masked and "London" not in masked


def test_redact_value_masks_by_privacy_class_alone():
    assert redact_value("device", "d-203") == "d-203"  # public
    assert redact_value("ip", "203.0.113.9") == "203.*.*.9"
    assert redact_value("ip_net", "203.0.113.0/24") == "203.*.*.0/24"
    assert redact_value("address_building", "3265 blvd church richmond va") == mask_address("")
    assert redact_value("account_holder", "Richard Smith") == "R. S."
    assert redact_value("payment_account", "DE89370400440532013000") == "…3000"


def test_every_kind_has_a_privacy_decision_and_a_look():
    for key, kind in KINDS.items():
        assert kind.privacy in MASKS, key
        assert kind.look is not DEFAULT_LOOK, key
    generic = kind_for("home_address")
    assert generic.privacy is Privacy.OPAQUE and "Elm" not in redact_value("home_address", "1 Elm")


def test_known_values_are_masked_wherever_quoted():
    observations = pl.DataFrame(
        {
            "kind": ["address", "address", "account_holder", "device"],
            "raw": ["448 Harbor Dr, Minneapolis", "448 Harbor Drive", "Richard Smith", "dev-1234"],
            "value": ["448 harbor dr minneapolis", "448 harbor dr", "richard smith", "dev-1234"],
        }
    )
    known = KnownValues.from_observations(observations)
    evidence = pl.Series(["shipped to 448 harbor dr minneapolis; 2 payments to 'Richard Smith'"])
    masked = known.redact(evidence)[0]
    assert "harbor" not in masked and "Richard" not in masked and "R. S." in masked
    assert "dev-1234" not in known.patterns


def test_redact_text_masks_embedded_identifiers():
    masked = redact_text("shared account iban:DE89370400440532013000 with bob@corp.io")
    assert "DE8937" not in masked and "bob@corp.io" not in masked
    assert "…3000" in masked and "b***@c***.io" in masked


@given(st.sampled_from(["email", "phone", "payment_account", "address", "device"]), st.text())
def test_redact_value_never_raises(kind, value):
    assert isinstance(redact_value(kind, value), str)


@given(st.text())
def test_redact_text_never_raises(value):
    assert isinstance(redact_text(value), str)
