import json

from hypothesis import given
from hypothesis import strategies as st

from workbench.views.escape import DISPLAY_LIMIT, capped, safe_href, script_json, text, texts


def test_text_escapes_tags_and_both_quotes():
    assert text("\"'><img src=x onerror=alert(1)>&") == (
        "&quot;&#x27;&gt;&lt;img src=x onerror=alert(1)&gt;&amp;"
    )


def test_text_of_numbers_and_none():
    assert text(3.5) == "3.5"
    assert text(None) == ""


@given(st.recursive(st.text(), lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner)))
def test_script_json_round_trips_and_never_contains_breakout_characters(value):
    raw = script_json(value)
    for bad in ("<", ">", "&", "\u2028", "\u2029"):
        assert bad not in raw
    assert json.loads(raw) == value


def test_script_json_is_key_order_independent():
    assert script_json({"b": 1, "a": 2}) == script_json({"a": 2, "b": 1})


def test_safe_href_refuses_schemes_and_protocol_relative():
    for target in ["javascript:alert(1)", "JaVaScRiPt:x", "https://evil", "//evil/x", "data:x"]:
        assert safe_href(target) == "#"


def test_safe_href_encodes_quotes_and_brackets():
    assert safe_href('rings/a"><b.html') == "rings/a%22%3E%3Cb.html"


@given(
    st.lists(
        st.tuples(st.sampled_from(['"', "\\", "\n", "a", "é", "<"]), st.integers(1, 2_600)).map(
            lambda run: run[0] * run[1]
        ),
        max_size=4,
    ).map("".join)
)
def test_script_json_cuts_every_string_past_the_display_limit_escapes_and_all(value):
    # Quotes and backslashes are written as two characters each: the quick test of
    # script_json for a string to cut must count them as one.
    assert json.loads(script_json({"k": [value]})) == {"k": [capped(value)]}


@given(
    st.lists(
        st.text(alphabet=st.sampled_from(["a", "<", "&", '"', "'", "\x00", "é", "\u2028"]))
        | st.integers(DISPLAY_LIMIT - 1, DISPLAY_LIMIT + 2).map(lambda n: "<" * n),
        max_size=6,
    )
)
def test_texts_escapes_each_string_as_text_does(values):
    # A string holding the joining character, or one to cut, must come out as text gives it.
    assert texts(values) == [text(value) for value in values]
