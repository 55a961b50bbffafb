"""The countries' own names shipped with the package are the CLDR's, as babel gives them."""

from __future__ import annotations

from workbench.normalize import address
from workbench.normalize.native_names import from_cldr


def test_the_shipped_names_are_the_cldr_names() -> None:
    # When this fails after a babel upgrade, regenerate the file (see native_names' docstring).
    assert address._native_names() == from_cldr()


def test_names_in_other_scripts_survive_the_file() -> None:
    assert {"Polska", "Україна", "대한민국", "日本"} <= set(address._native_names())
