"""Settings: one frozen object, round-trips, typed overrides with clear errors."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pytest

from workbench.errors import CaseError
from workbench.settings import Settings


def test_round_trips_through_json_and_toml(tmp_path):
    settings = Settings(seed=3, hub_limits={"ip": 20}, as_of=datetime(2025, 6, 1))
    assert Settings.from_json(settings.to_json()) == settings
    path = tmp_path / "s.toml"
    path.write_text("seed = 3\nalert_threshold = 60\n[flag_weights]\nVPN_HEAVY = 0.1\n")
    loaded = Settings.from_toml(path)
    assert (loaded.seed, loaded.alert_threshold, loaded.flag_weights) == (
        3,
        60.0,
        {"VPN_HEAVY": 0.1},
    )


def test_text_overrides_are_coerced_like_papermill_parameters():
    settings = Settings().with_overrides(
        seed="11", alert_threshold="55.5", flag_weights='{"VIDEO_DECLINED": "0.2"}'
    )
    assert (settings.seed, settings.alert_threshold) == (11, 55.5)
    assert settings.flag_weights == {"VIDEO_DECLINED": 0.2}


@pytest.mark.parametrize(
    ("overrides", "message"),
    [({"sead": 1}, "unknown setting 'sead'"), ({"seed": "many"}, "setting 'seed' cannot take")],
)
def test_bad_overrides_name_the_setting(overrides, message):
    with pytest.raises(CaseError, match=message):
        Settings().with_overrides(**overrides)


@dataclass(frozen=True, kw_only=True)
class SettingsWithSwitch(Settings):
    """No shipped setting is a bool yet; this one shows how a future one is read."""

    strict: bool = False


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1", True), ("true", True), ("YES", True), ("t", True), (" y ", True), (True, True)]
    + [("0", False), ("false", False), ("No", False), ("f", False), ("n", False), (False, False)],
)
def test_bool_settings_read_the_shared_vocabulary(text, expected):
    assert SettingsWithSwitch().with_overrides(strict=text).strict is expected


@pytest.mark.parametrize("text", ["maybe", "", "on", "2"])
def test_bool_settings_refuse_other_words_naming_the_setting(text):
    with pytest.raises(CaseError, match=r"--set: setting 'strict' cannot take .* not yes or no"):
        SettingsWithSwitch().with_overrides(_source="--set", strict=text)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("group_threshold", "nan"),
        ("group_threshold", "0"),
        ("alert_threshold", "101"),
        ("max_ring_size", "0"),
        ("flag_weights", '{"VPN_HEAVY": 1.5}'),
        ("strengths", '{"ip": "nan"}'),
        ("hub_limits", '{"ip": 1}'),
    ],
)
def test_nonsense_settings_are_refused_by_name(name, value):
    with pytest.raises(CaseError, match=name):
        Settings().with_overrides(**{name: value})
