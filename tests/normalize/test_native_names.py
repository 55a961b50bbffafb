"""The countries' own names shipped with the package are the CLDR's, as babel gives them."""

from __future__ import annotations

from workbench.normalize.native_names import from_cldr, native_names


def test_the_shipped_names_are_the_cldr_names() -> None:
    # When this fails after a babel upgrade, regenerate the file (see the module's docstring).
    assert list(native_names()) == from_cldr()


def test_names_in_other_scripts_survive_the_file() -> None:
    assert {"Polska", "Україна", "대한민국", "日本"} <= set(native_names())
