"""Settings: one frozen object, round-trips, typed overrides with clear errors."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pytest

from tests.conftest import SAMPLE_CASE
from workbench.cli import main
from workbench.errors import CaseError
from workbench.investigation import investigate
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


def test_a_flag_code_no_flag_has_is_refused_however_settings_are_built(tmp_path):
    message = r"setting 'flag_weights': unknown flag code 'VPN_HEAVYY' \(known: VIDEO_DECLINED, "
    with pytest.raises(CaseError, match=message):
        Settings().with_overrides(flag_weights={"VPN_HEAVYY": 0.1})
    with pytest.raises(CaseError, match=message):
        Settings(flag_weights={"VPN_HEAVYY": 0.1})
    path = tmp_path / "s.toml"
    path.write_text("[flag_weights]\nVPN_HEAVYY = 0.1\n")
    with pytest.raises(CaseError, match=message):
        Settings.from_toml(path)


def test_the_api_refuses_a_flag_code_typo_with_the_cli_message(tmp_path, capsys):
    with pytest.raises(CaseError) as refused:
        Settings().with_overrides(flag_weights={"VPN_HEAVYY": 0.1})
    typo = '--set=flag_weights={"VPN_HEAVYY": 0.1}'
    assert main(["run", str(SAMPLE_CASE), "--out", str(tmp_path / "out"), typo]) == 2
    assert capsys.readouterr().err == f"workbench: error: {refused.value}\n"
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("name", "value"), [("sead", "3"), ("seed", "many"), ("alert_threshold", "101")]
)
def test_investigate_checks_overrides_as_the_cli_checks_set(tmp_path, capsys, name, value):
    with pytest.raises(CaseError) as refused:
        investigate(SAMPLE_CASE, **{name: value})
    assert main(["run", str(SAMPLE_CASE), "--out", str(tmp_path), f"--set={name}={value}"]) == 2
    cli = capsys.readouterr().err.removeprefix("workbench: error: ").removesuffix("\n")
    # The same check and words; only where the value came from is named differently.
    assert str(refused.value).removeprefix("investigate: ") == cli.removeprefix("--set: ")


def test_investigate_takes_settings_by_name_coerced_as_text_is(write_case):
    case = write_case({"contractors.csv": "contractor_id\na\nb\n"})
    inv = investigate(case, alert_threshold="60", flag_weights={"VPN_HEAVY": 0.2})
    assert inv.settings.alert_threshold == 60.0
    assert inv.settings.flag_weights == {"VPN_HEAVY": 0.2}
    assert investigate(case, Settings(seed=3), max_ring_size=5).settings.seed == 3
