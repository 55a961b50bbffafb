"""Generates ``native_country_names.txt``: each country's own name in its official
languages ("Deutschland", "España", "日本"), from the Unicode CLDR through babel.

Reading the names from babel means loading the locale data of every official
language, about 0.4 s of each run's start, so `workbench.normalize.address`
reads them from that file, one per line, in this module's order. A test checks
the file against the CLDR babel has. After a babel upgrade (babel is a
``test`` extra, not needed to run), regenerate it::

    python -m workbench.normalize.native_names > workbench/normalize/native_country_names.txt

Examples
--------
>>> {"Deutschland", "España", "日本"} <= set(from_cldr())
True
"""

from __future__ import annotations

import sys

import pycountry


def from_cldr() -> list[str]:
    """The names as the CLDR gives them now: per country (pycountry's order), its name in
    each of its official languages, de facto ones included, that has one."""
    from babel import Locale, UnknownLocaleError
    from babel.languages import get_official_languages

    names = []
    for land in pycountry.countries:
        for language in get_official_languages(land.alpha_2, de_facto=True):
            try:
                names.append(Locale.parse(language).territories.get(land.alpha_2))
            except (UnknownLocaleError, ValueError):
                continue
    return [name for name in names if name]


if __name__ == "__main__":
    sys.stdout.write("\n".join(from_cldr()) + "\n")
