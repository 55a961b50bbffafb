"""Personal names as sorted tokens, and a tolerant "same person?" test.

Names are compared, never linked on: many people share a name. The canonical
form ignores what varies between exports of one name (accents, case,
punctuation, "Last, First" order) so a payee can be checked against the
contractor the money was meant for.
"""

from __future__ import annotations

import polars as pl

from workbench.normalize._unique import as_text, on_unique
from workbench.normalize.placeholders import placeholder_expr


def _plain(text: pl.Expr) -> pl.Expr:
    """NFKC, accents stripped, lower-case."""
    return (
        text.str.normalize("NFKC")
        .str.normalize("NFD")
        .str.replace_all(r"\p{Mn}", "")
        .str.normalize("NFC")
        .str.to_lowercase()
        .str.replace_all("ß", "ss", literal=True)
    )


def _words(text: pl.Expr) -> pl.Expr:
    """Word tokens in the order written, punctuation gone."""
    cleaned = text.str.replace_all(r"[^\p{L}\p{N}\s]", " ")
    return cleaned.str.split(" ").list.eval(pl.element().filter(pl.element() != ""))


def _tokens(text: pl.Expr) -> pl.Expr:
    """Sorted word tokens: NFKC, accents stripped, lower-case, punctuation gone."""
    return _words(_plain(text)).list.sort()


def parts(values: pl.Series) -> pl.DataFrame:
    """First and last name as written: "Last, First" or "First [Middle] Last".

    A single word is a last name. Placeholders give nulls.

    Examples
    --------
    >>> parts(pl.Series(["John Q. Smith", "Smith, John", "Núñez", "n/a"])).rows()
    [('john', 'smith'), ('john', 'smith'), (None, 'nunez'), (None, None)]
    """
    raw = pl.col("raw")
    plain = _plain(raw.str.strip_chars())
    comma = plain.str.contains(",")
    halves = plain.str.split_exact(",", 1)
    before = _words(halves.struct.field("field_0"))
    after = _words(halves.struct.field("field_1"))
    words = _words(plain)
    forename = (
        pl.when(comma).then(after.list.first()).when(words.list.len() >= 2).then(words.list.first())
    )
    surname = pl.when(comma).then(before.list.join(" ")).otherwise(words.list.last())
    usable = ~placeholder_expr(raw.fill_null(""))
    return pl.DataFrame({"raw": as_text(values)}).select(
        forename=pl.when(usable).then(forename).cast(pl.String),
        surname=pl.when(usable & (surname != "")).then(surname).cast(pl.String),
    )


def _canonical_distinct(distinct: pl.Series) -> pl.Series:
    """Canonical name for distinct raw strings."""
    frame = pl.DataFrame({"raw": distinct}).with_columns(
        joined=_tokens(pl.col("raw")).list.join(" ")
    )
    joined = pl.col("joined")
    usable = ~placeholder_expr(pl.col("raw")) & ~placeholder_expr(joined) & (joined != "")
    return frame.select(pl.when(usable).then(joined)).to_series()


def canonical(values: pl.Series) -> pl.Series:
    """Accent-free, lower-case, punctuation-free name with its words sorted.

    Examples
    --------
    >>> canonical(pl.Series(["Smith, John", "john  SMITH", "José Núñez", "n/a"])).to_list()
    ['john smith', 'john smith', 'jose nunez', None]
    """
    return on_unique(values, _canonical_distinct).cast(pl.String)


def _covered(mine: pl.Expr, theirs: pl.Expr) -> pl.Expr:
    """Every token of ``mine`` is in ``theirs`` or is the initial of one of them."""
    extra = mine.list.set_difference(theirs)
    initials = theirs.list.eval(pl.element().str.slice(0, 1))
    only_initials = extra.list.eval(pl.element().str.len_chars() == 1).list.all()
    return only_initials & (extra.list.set_difference(initials).list.len() == 0)


def similar(a: pl.Series, b: pl.Series) -> pl.Series:
    """Do two names plausibly denote one person?

    True when the token sets are equal, or one name's tokens are all found in
    the other's (a missing middle name, an initial for a first name), as long
    as the two share at least one full word. Null where either name is unusable.

    Examples
    --------
    >>> similar(pl.Series(["Smith, John", "J. Smith", "John Q. Smith", "Jane Doe"]),
    ...         pl.Series(["john smith", "John Smith", "John Smith", "John Smith"])).to_list()
    [True, True, True, False]
    """
    # The words of each name as columns: they are read several times below.
    frame = pl.DataFrame({"a": canonical(a), "b": canonical(b)}).with_columns(
        left=pl.col("a").str.split(" "), right=pl.col("b").str.split(" ")
    )
    left, right = pl.col("left"), pl.col("right")
    full_words = left.list.set_intersection(right).list.eval(pl.element().str.len_chars() > 1)
    shares_word = full_words.list.any()
    same = (pl.col("a") == pl.col("b")) | (
        shares_word & (_covered(left, right) | _covered(right, left))
    )
    return (
        frame.select(pl.when(pl.col("a").is_not_null() & pl.col("b").is_not_null()).then(same))
        .to_series()
        .rename(as_text(a).name)
    )
