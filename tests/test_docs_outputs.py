"""docs/outputs.md states the defaults of `Settings`: every field, each with its default value."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import fields

import pytest

from tests.conftest import REPO
from workbench.settings import Settings

DOC = REPO / "docs" / "outputs.md"
FIELDS = [f.name for f in fields(Settings)]

#: A backticked name followed by its value in parentheses: `max_ring_size` (20).
MENTION = re.compile(r"`(\w+)`\s+\(([^)]*)\)")
#: The prose names the alert level: "the alert level of 50".
ALERT_LEVEL = re.compile(r"alert level of (\d+(?:\.\d+)?)")


def stated_defaults(text: str) -> list[tuple[str, str]]:
    """(setting, value as written) for every mention of a Settings field with a value.

    Examples
    --------
    >>> stated_defaults("at least `group_threshold` (0.5) are grouped; `ring_id` (R-1)")
    [('group_threshold', '0.5')]
    """
    return [(name, value) for name, value in MENTION.findall(text) if name in FIELDS]


def read_value(written: str) -> object:
    """A value as the doc writes it: a number, ``{}`` or ``none``.

    Examples
    --------
    >>> read_value("0.5"), read_value("{}"), read_value("none")
    (0.5, {}, None)
    """
    return None if written == "none" else json.loads(written)


def matches_default(name: str, written: str) -> bool:
    default = getattr(Settings(), name)
    value = read_value(written)
    if isinstance(default, Mapping):
        return value == dict(default)
    if default is None or value is None:
        return value is default
    return isinstance(value, int | float) and not isinstance(value, bool) and value == default


@pytest.fixture(scope="module")
def doc_text() -> str:
    return DOC.read_text(encoding="utf-8")


def test_every_stated_default_is_the_settings_default(doc_text: str) -> None:
    stated = stated_defaults(doc_text)
    wrong = [
        f"`{name}` ({written}), but Settings() has {getattr(Settings(), name)!r}"
        for name, written in stated
        if not matches_default(name, written)
    ]
    assert stated and not wrong, wrong


def test_every_setting_is_documented_with_its_default(doc_text: str) -> None:
    documented = {name for name, _ in stated_defaults(doc_text)}
    assert [name for name in FIELDS if name not in documented] == []


def test_the_alert_level_in_the_prose_is_the_alert_threshold(doc_text: str) -> None:
    levels = [float(level) for level in ALERT_LEVEL.findall(doc_text)]
    assert levels and set(levels) == {Settings().alert_threshold}


@pytest.mark.parametrize(
    ("text", "agrees"),
    [
        ("`max_ring_size` (20)", True),
        ("`max_ring_size` (21)", False),
        ("`max_ring_size`\n(20.0)", True),
        ("`alert_threshold` (50)", True),
        ("`alert_threshold` (60)", False),
        ("`hub_limits` ({})", True),
        ('`hub_limits` ({"ip": 3})', False),
        ("`as_of` (none)", True),
        ("`as_of` (2025)", False),
        ("`seed` (none)", False),
        ("`seed` (true)", False),
    ],
)
def test_a_changed_default_or_doc_would_be_caught(text: str, agrees: bool) -> None:
    [(name, written)] = stated_defaults(text)
    assert matches_default(name, written) is agrees
