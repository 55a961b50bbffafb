"""A Unicode "skeleton": fold look-alike characters onto the ASCII they imitate.

Built from the confusables table shipped with ``confusable-homoglyphs``
(Unicode's confusables.txt): every non-ASCII character that Unicode lists as
confusable with a single ASCII letter or digit is replaced by that character,
after NFKC and case folding. Cyrillic "а" becomes "a", full-width "ｊ" becomes
"j", so "jаne@gmail.com" and "jane@gmail.com" get one skeleton.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from confusable_homoglyphs import confusables

#: ASCII targets a look-alike may fold onto, most preferred first (we compare
#: case-folded text, so lower-case letters win over upper-case ones).
_TARGETS = "abcdefghijklmnopqrstuvwxyz0123456789"


@cache
def _table() -> dict[int, str]:
    """Translation table: look-alike code point → ASCII character."""
    table: dict[int, str] = {}
    for char, homoglyphs in confusables.confusables_data.items():
        if len(char) != 1 or char.isascii():
            continue
        candidates = [h["c"].lower() for h in homoglyphs if len(h["c"]) == 1]
        ascii_targets = [c for c in candidates if c in _TARGETS]
        if ascii_targets:
            table[ord(char)] = min(ascii_targets, key=_TARGETS.index)
    return table


def skeleton(text: str) -> str:
    """NFKC, case-fold and fold look-alikes onto ASCII.

    Examples
    --------
    >>> skeleton("J\\u0430ne")  # Cyrillic a
    'jane'
    >>> skeleton("ｊａｎｅ")
    'jane'
    """
    return unicodedata.normalize("NFKC", text).casefold().translate(_table())


def has_lookalikes(text: str) -> bool:
    """True when ``text`` mixes scripts or holds characters posing as ASCII.

    Examples
    --------
    >>> has_lookalikes("j\\u0430ne@gmail.com"), has_lookalikes("jane@gmail.com")
    (True, False)
    """
    if text.isascii():
        return False
    folded = unicodedata.normalize("NFKC", text).casefold()
    return bool(
        folded.translate(_table()) != folded
        or unicodedata.normalize("NFKC", text) != text
        or confusables.is_mixed_script(text)
    )
