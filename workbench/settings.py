"""Every tunable of a run in one frozen object that round-trips to JSON and TOML."""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import datetime
from pathlib import Path
from typing import Any

import tomli_w

from workbench.booleans import parse_bool
from workbench.errors import CaseError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

#: Scores at or above this mean "an analyst should look" (the contract's 50).
ALERT_THRESHOLD = 50.0

#: A connected group larger than this is unlikely to be one team: the public DPRK
#: cases describe teams of a handful of operators running a few profiles each.
MAX_RING_SIZE = 20

#: Pairs tied by at least this combined weight are grouped into rings; one
#: weak tie (a shared IP, an e-mail template) stays below it on its own.
GROUP_THRESHOLD = 0.5


@dataclass(frozen=True, kw_only=True)
class Settings:
    """Weights, limits, thresholds and seeds of one run.

    Examples
    --------
    >>> s = Settings(flag_weights={"VIDEO_DECLINED": 0.1})
    >>> Settings.from_json(s.to_json()) == s
    True
    >>> s.with_overrides(seed="3").seed
    3
    >>> Settings.from_toml_text(s.to_toml()) == s
    True
    """

    alert_threshold: float = ALERT_THRESHOLD
    group_threshold: float = GROUP_THRESHOLD
    max_ring_size: int = MAX_RING_SIZE
    seed: int = 7
    hub_limits: Mapping[str, int] = field(default_factory=dict)
    strengths: Mapping[str, float] = field(default_factory=dict)
    flag_weights: Mapping[str, float] = field(default_factory=dict)
    as_of: datetime | None = None

    def __post_init__(self) -> None:
        """Refuse values no run can use (NaN, a ring of one, a weight above 1, a flag code
        no red flag has), naming them: the CLI, the API and the notebooks all build here."""
        _check("alert_threshold", self.alert_threshold, 0.0, 100.0)
        _check("group_threshold", self.group_threshold, 0.0, 1.0, low_open=True)
        _check("max_ring_size", self.max_ring_size, 2, math.inf)
        for kind, limit in self.hub_limits.items():
            _check(f"hub_limits.{kind}", limit, 2, math.inf)
        for kind, strength in self.strengths.items():
            _check(f"strengths.{kind}", strength, 0.0, 1.0, low_open=True)
        _check_flag_codes(self.flag_weights)
        for code, weight in self.flag_weights.items():
            _check(f"flag_weights.{code}", weight, 0.0, 1.0)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready values."""
        data = asdict(self)
        data["as_of"] = self.as_of.isoformat() if self.as_of else None
        return {k: dict(v) if isinstance(v, Mapping) else v for k, v in data.items()}

    def to_json(self) -> str:
        """JSON text with sorted keys."""
        return json.dumps(self.to_dict(), sort_keys=True, indent=2)

    def to_toml(self) -> str:
        """TOML text that `from_toml` reads back (unset values are left out: TOML has no null)."""
        data = {k: v for k, v in sorted(self.to_dict().items()) if v is not None}
        return tomli_w.dumps(data)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, source: str = "settings") -> Settings:
        """Build settings from plain values, checking names and types."""
        return cls().with_overrides(_source=source, **data)

    @classmethod
    def from_json(cls, text: str) -> Settings:
        """Inverse of `to_json`."""
        return cls.from_dict(json.loads(text))

    @classmethod
    def from_toml(cls, path: str | Path) -> Settings:
        """Read settings from a TOML file of top-level keys."""
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as error:
            raise CaseError(f"{path}: cannot read settings ({error})") from None
        return cls.from_toml_text(text, source=str(path))

    @classmethod
    def from_toml_text(cls, text: str, *, source: str = "settings") -> Settings:
        """Inverse of `to_toml`."""
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise CaseError(f"{source}: not valid TOML ({error})") from None
        return cls.from_dict(data, source=source)

    def with_overrides(self, _source: str = "settings", **values: Any) -> Settings:
        """A copy with some values replaced, coercing text (as papermill and CLIs pass it).

        The one check of overrides: ``workbench run --set``, ``investigate(path, **overrides)``
        and the notebooks' parameters all come here.

        Examples
        --------
        >>> Settings().with_overrides(flag_weights={"VPN_HEAVYY": 0.1})
        Traceback (most recent call last):
        ...
        workbench.errors.CaseError: setting 'flag_weights': unknown flag code 'VPN_HEAVYY' ...
        """
        known = {f.name: f for f in fields(self)}
        coerced: dict[str, Any] = {}
        for name, value in values.items():
            if name not in known:
                raise CaseError(f"{_source}: unknown setting '{name}' (known: {', '.join(known)})")
            coerced[name] = _coerce(name, value, getattr(self, name), _source)
        return replace(self, **coerced)


def _check(name: str, value: float, low: float, high: float, *, low_open: bool = False) -> None:
    """Raise a `CaseError` naming the setting unless ``value`` is a number in range."""
    number = float(value)
    inside = (number > low if low_open else number >= low) and number <= high
    if math.isnan(number) or not inside:
        lower = f"above {low:g}" if low_open else f"at least {low:g}"
        upper = "" if math.isinf(high) else f" and at most {high:g}"
        raise CaseError(f"setting '{name}' must be {lower}{upper}, got {value!r}")


def _check_flag_codes(weights: Mapping[str, float]) -> None:
    """Raise a `CaseError` naming the first code of ``weights`` that no red flag has."""
    if not weights:
        return
    # The registry loads every flag's module: only a run that overrides a weight pays for it here.
    from workbench.flags.registry import WEIGHTS

    for code in weights:
        if code not in WEIGHTS:
            known = ", ".join(WEIGHTS)
            raise CaseError(f"setting 'flag_weights': unknown flag code {code!r} (known: {known})")


def _coerce(name: str, value: Any, default: Any, source: str) -> Any:
    try:
        if name == "as_of":
            return None if value in (None, "") else datetime.fromisoformat(str(value))
        if isinstance(default, Mapping):
            mapping = json.loads(value) if isinstance(value, str) else dict(value)
            cast = float if name != "hub_limits" else int
            return {str(k): cast(v) for k, v in sorted(mapping.items())}
        if isinstance(default, bool):
            return parse_bool(value)
        return type(default)(value)
    except (TypeError, ValueError, AttributeError) as error:
        raise CaseError(f"{source}: setting '{name}' cannot take {value!r} ({error})") from None
