"""Each country's own name in its official languages ("Deutschland", "España", "日本").

The names come from the Unicode CLDR, through babel. Reading them there means
loading the locale data of every official language, about 0.4 s of a run's
start, so they are kept in ``native_country_names.txt`` beside this module,
one per line, and read from there. The file is generated, not written by
hand; a test checks it against the CLDR babel has. To regenerate it after a
babel upgrade (babel is a ``test`` extra, not needed to run)::

    python -m workbench.normalize.native_names > workbench/normalize/native_country_names.txt

Examples
--------
>>> {"Deutschland", "España", "日本"} <= set(native_names())
True
"""

from __future__ import annotations

import sys
from functools import cache
from importlib.resources import files

import pycountry

#: The generated file, in this package.
NAMES_FILE = "native_country_names.txt"


@cache
def native_names() -> tuple[str, ...]:
    """The names of ``NAMES_FILE``, in its order."""
    text = files(__package__).joinpath(NAMES_FILE).read_text(encoding="utf-8")
    return tuple(line for line in text.splitlines() if line)


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
