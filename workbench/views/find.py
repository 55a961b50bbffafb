"""What a page's search box reads besides what the page shows: folded words, hidden keys.

The graph's search (``graph.js``) matches a node by its label and every row of
its details, as written. Two things make it match as the workbench does:

* `folded_words`: the words the address normaliser writes short (Avenue →
  ave, Apartment → unit), so "8258 Prospect Avenue, Apartment 173" finds
  "8258 Prospect Ave Unit 173". The script folds the query and the node's text alike.
* `member_search_text`: every identifier a member holds, as written and
  normalised (the phone "+13108101979" behind "(310) 810-1979", the devices
  and accounts of the timeline), so that any of them finds the member.
"""

from __future__ import annotations

import polars as pl

from workbench.normalize.address import ABBREVIATIONS, UNIT_WORDS
from workbench.views.graphs import contractor_node

#: The word every unit designator (apartment, suite, flat …) is written as in an address key.
UNIT = "unit"


def folded_words() -> dict[str, str]:
    """Lower-case words and the short form the address normaliser gives them.

    Examples
    --------
    >>> folds = folded_words()
    >>> folds["avenue"], folds["apartment"], "unit" in folds
    ('ave', 'unit', False)
    """
    units = {word: UNIT for word in UNIT_WORDS if word.isalpha() and word != UNIT}
    return dict(sorted((ABBREVIATIONS | units).items()))


def member_search_text(identifiers: pl.DataFrame) -> dict[str, str]:
    """Each member's graph node and the text of every identifier they hold, one a line.

    Parameters
    ----------
    identifiers : contractor_id, raw (as written), value (normalised); untrusted.

    Returns
    -------
    Node id (`workbench.views.graphs.contractor_node`) → the member's distinct
    spellings and values, sorted, one a line.

    Examples
    --------
    >>> member_search_text(pl.DataFrame({"contractor_id": ["c1", "c1"],
    ...     "raw": ["(310) 810-1979", "D-1"], "value": ["+13108101979", "d-1"]}))
    {'contractor:c1': '(310) 810-1979\\n+13108101979\\nD-1\\nd-1'}
    """
    texts = (
        identifiers.unpivot(index="contractor_id", on=["raw", "value"], value_name="text")
        .drop_nulls("text")
        .group_by("contractor_id")
        .agg(pl.col("text").unique().sort().str.join("\n"))
        .sort("contractor_id")
    )
    return {contractor_node(cid): text for cid, text in texts.iter_rows()}
