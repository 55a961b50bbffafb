"""Device ids (fingerprints, managed-device UUIDs, serials): one spelling each.

Device ids are opaque, so the canonical form only removes what exporters vary:
Unicode compatibility forms (NFKC, so a macOS export's decomposed "é" is the "é" of
others), surrounding whitespace, a serial-number label ("SN:", "S/N", "Serial:",
"serial no."), braces around GUIDs, letter case, the separators of a MAC address (one
form, "00:1a:2b:3c:4d:5e") and a GUID's missing hyphens. All-zero ids are what agents
report when they cannot read the hardware: null.
"""

from __future__ import annotations

import polars as pl

from workbench.normalize._unique import on_unique
from workbench.normalize.latin import compatibility_form
from workbench.normalize.placeholders import placeholder_expr

#: A MAC address as exporters write it: six pairs of hex digits apart by ":" or "-", or
#: three groups of four apart by "." (Cisco).
MAC = r"^(?:[0-9a-f]{2}([:-])[0-9a-f]{2}(?:[:-][0-9a-f]{2}){4}|[0-9a-f]{4}(?:\.[0-9a-f]{4}){2})$"

#: A GUID written without its hyphens ("N" format).
BARE_GUID = r"^[0-9a-f]{32}$"

#: A label naming the id a serial number ("SN:", "S/N", "Serial:", "serial no."), cut
#: from lower-cased text. A separator must follow it, so a serial that starts with the
#: letters "sn" keeps them.
SERIAL_LABEL = r"^(?:serial(?:\s*(?:no|nr|num|number))?|s/n|sn)\.?(?:\s*[:#=]\s*|\s+)"


def _canonical_distinct(distinct: pl.Series) -> pl.Series:
    """Canonical id for distinct raw strings."""
    # The id as a column first: an expression used thrice would be computed thrice.
    text = (
        compatibility_form(distinct)
        .str.strip_chars()
        .str.to_lowercase()
        .str.replace(SERIAL_LABEL, "")
        .str.strip_chars("{}")
        .str.strip_chars()
    )
    hex_digits = text.str.replace_all(r"[:.\-]", "")
    text = (
        pl.DataFrame({"text": text, "hex": hex_digits})
        .select(
            pl.when(pl.col("text").str.contains(MAC))
            .then(pl.col("hex").str.extract_all("..").list.join(":"))
            .when(pl.col("text").str.contains(BARE_GUID))
            .then(
                pl.col("text").str.replace(r"^(.{8})(.{4})(.{4})(.{4})(.{12})$", "$1-$2-$3-$4-$5")
            )
            .otherwise(pl.col("text"))
        )
        .to_series()
    )
    id_ = pl.col("id")
    usable = (id_.str.len_chars() > 0) & ~placeholder_expr(id_) & ~id_.str.contains(r"\s")
    return pl.DataFrame({"id": text}).select(pl.when(usable).then(id_)).to_series()


def canonical(values: pl.Series) -> pl.Series:
    """Canonical device id: NFKC, trimmed, lower-case, no serial label or braces; null for
    placeholders.

    Ids holding whitespace inside are not ids (free text typed into the field)
    and are null too.

    Examples
    --------
    >>> canonical(pl.Series(["{6F9619FF-8B86-D011-B42D-00C04FC964FF}",
    ...     "6F9619FF8B86D011B42D00C04FC964FF", "{00000000-0000-0000-0000-000000000000}",
    ...     " n/a ", "00-1A-2B-3C-4D-5E", "001a.2b3c.4d5e", "S/N: C02XK1JH"])).to_list()
    ['6f9619ff-8b86-d011-b42d-00c04fc964ff', '6f9619ff-8b86-d011-b42d-00c04fc964ff', None, \
None, '00:1a:2b:3c:4d:5e', '00:1a:2b:3c:4d:5e', 'c02xk1jh']
    """
    return on_unique(values, _canonical_distinct).cast(pl.String)
