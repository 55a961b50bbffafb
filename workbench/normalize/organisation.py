"""Whether a payee's name is an organisation's: a company, by the legal form in its name.

A staffing agency, an employer of record or a contractor's own company is paid
under a name with a legal form ("Sprint Devs Sp. z o.o.", "Acme LLC", "Hans
Müller GmbH"); a facilitator is paid under a person's name. The legal forms
are cleanco's, a list of several hundred terms of many countries, compared
with a canonical name (`workbench.normalize.name.canonical`: words sorted,
punctuation gone) as its words:

- a form of one word counts when it has three letters or more ("llc", "gmbh",
  "ltd"): shorter ones ("ag", "sa", "da") are also a person's name particles;
- a form of several words ("sp z o o", "pty ltd") counts when all its words
  are among the name's and one of them has two letters or more: forms of
  initials alone ("s.a.", "b.v.") are also a person's initials.
"""

from __future__ import annotations

from functools import cache

import polars as pl
from cleanco.termdata import terms_by_country, terms_by_type

from workbench.normalize.name import canonical

#: Fewest letters of a one-word legal form that is read as one (`names_an_organisation`).
MIN_FORM_LETTERS = 3


@cache
def legal_forms() -> tuple[frozenset[str], tuple[tuple[str, ...], ...]]:
    """cleanco's legal forms as canonical words: the one-word forms of `MIN_FORM_LETTERS`
    letters or more, and the forms of several words not all initials, each as its sorted
    words.

    Examples
    --------
    >>> single, several = legal_forms()
    >>> "gmbh" in single, "ag" in single, ("o", "o", "sp", "z") in several, ("a", "s") in several
    (True, False, True, False)
    """
    terms = {
        term for group in (*terms_by_type.values(), *terms_by_country.values()) for term in group
    }
    words = canonical(pl.Series(sorted(terms), dtype=pl.String)).drop_nulls().unique().sort()
    single = frozenset(w for w in words if " " not in w and len(w) >= MIN_FORM_LETTERS)
    several = tuple(
        tuple(w.split(" "))
        for w in words
        if " " in w and any(len(part) >= 2 for part in w.split(" "))
    )
    return single, several


def names_an_organisation(names: pl.Series) -> pl.Series:
    """For each canonical name (`workbench.normalize.name.canonical`), whether it holds a
    legal form (`legal_forms`); null stays null.

    Examples
    --------
    >>> names = canonical(pl.Series(["Sprint Devs Sp. z o.o.", "Acme LLC", "Maria da Silva",
    ...     "John Wilson", None]))
    >>> names_an_organisation(names).to_list()
    [True, True, False, False, None]
    """
    single, several = legal_forms()
    words = names.cast(pl.String).str.split(" ")
    one_word = words.list.eval(pl.element().is_in(list(single))).list.any()
    found = pl.lit(False)
    for form in several:
        counts = {word: form.count(word) for word in form}
        holds = pl.all_horizontal(
            pl.col("words").list.count_matches(word) >= times for word, times in counts.items()
        )
        found = found | holds
    return (
        pl.DataFrame({"words": words})
        .select(pl.when(pl.col("words").is_not_null()).then(one_word | found))
        .to_series()
        .alias(names.name)
    )
