"""Device ids (fingerprints, managed-device UUIDs, serials): one spelling each.

Device ids are opaque, so the canonical form only removes what exporters vary:
surrounding whitespace, braces around GUIDs and letter case. All-zero ids are
what agents report when they cannot read the hardware: null.
"""

from __future__ import annotations

import polars as pl

from workbench.normalize._unique import on_unique
from workbench.normalize.placeholders import placeholder_expr


def _canonical_distinct(distinct: pl.Series) -> pl.Series:
    """Canonical id for distinct raw strings."""
    # The id as a column first: an expression used thrice would be computed thrice.
    text = distinct.str.strip_chars().str.strip_chars("{}").str.strip_chars().str.to_lowercase()
    id_ = pl.col("id")
    usable = (id_.str.len_chars() > 0) & ~placeholder_expr(id_) & ~id_.str.contains(r"\s")
    return pl.DataFrame({"id": text}).select(pl.when(usable).then(id_)).to_series()


def canonical(values: pl.Series) -> pl.Series:
    """Canonical device id: trimmed, lower-case, no braces; null for placeholders.

    Ids holding whitespace inside are not ids (free text typed into the field)
    and are null too.

    Examples
    --------
    >>> canonical(pl.Series(["{6F9619FF-8B86-D011-B42D-00C04FC964FF}",
    ...                      "{00000000-0000-0000-0000-000000000000}", " n/a "])).to_list()
    ['6f9619ff-8b86-d011-b42d-00c04fc964ff', None, None]
    """
    return on_unique(values, _canonical_distinct).cast(pl.String)
