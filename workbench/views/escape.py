"""Escaping helpers: every case string that meets HTML goes through here.

Three contexts exist in our pages and each has one function:

* HTML text and quoted attribute values: `text` (`texts` for many at once).
* JSON placed inside a ``<script>`` element: `script_json`.

Both cut every string to `DISPLAY_LIMIT` characters, saying so on the page.
* Link targets in ``href``: `safe_href` (relative paths only).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

import numpy as np

#: Characters of one case string shown on a page: a 10 MB name must not make a
#: 90 MB page. Longer strings are cut, and the cut is shown (`capped`).
DISPLAY_LIMIT = 5_000

# Characters that could end a <script> element, open an HTML comment or end a
# JavaScript line (U+2028/2029 are line terminators in older JS engines).
_SCRIPT_UNSAFE = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
# A scheme such as "javascript:" or "https:" before any "/", "?" or "#".
_SCHEME_RE = re.compile(r"^[^/?#]*:")
# Joins the strings `texts` escapes in one pass: escaping leaves it as it is.
_BREAK = "\x00"


def capped(value: str, limit: int = DISPLAY_LIMIT) -> str:
    """``value`` cut to ``limit`` characters for display, saying so; the data keeps it whole.

    Examples
    --------
    >>> capped("x" * 12, limit=5)
    'xxxxx… [cut for display: 12 characters, first 5 shown]'
    >>> capped("short")
    'short'
    """
    if len(value) <= limit:
        return value
    return f"{value[:limit]}… [cut for display: {len(value):,} characters, first {limit:,} shown]"


def text(value: object) -> str:
    """Escape a value for HTML text or a quoted attribute value, `capped` for display.

    Parameters
    ----------
    value : anything; `None` becomes the empty string, others go through `str`.

    Returns
    -------
    The value with ``& < > " '`` replaced by character references.

    Examples
    --------
    >>> text('<img src=x onerror="alert(1)">')
    '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;'
    >>> text(None)
    ''
    """
    if value is None:
        return ""
    return html.escape(capped(str(value)), quote=True)


def texts(values: Sequence[str]) -> list[str]:
    """`text` of each of many strings, escaped in one pass: the cells of a whole table.

    Escaping one string of them all costs a few calls where a call per cell
    costs one each; the strings come out as `text` gives them one by one.

    Examples
    --------
    >>> texts(["<b>", "", "Tom & Jerry's"])
    ['&lt;b&gt;', '', 'Tom &amp; Jerry&#x27;s']
    >>> texts(["a\\x00b", "c"]) == [text("a\\x00b"), text("c")]
    True
    """
    joined = _BREAK.join(values)
    holds_break = joined.count(_BREAK) != len(values) - 1
    to_cut = len(joined) > DISPLAY_LIMIT and max(map(len, values)) > DISPLAY_LIMIT
    if holds_break or to_cut:
        return [text(value) for value in values]
    return html.escape(joined, quote=True).split(_BREAK)


def script_json(value: Any) -> str:
    """Serialise a value as JSON that is safe inside a ``<script>`` element.

    Keys are sorted so the same value always gives the same bytes.

    Parameters
    ----------
    value : any JSON-serialisable value.

    Returns
    -------
    JSON text in which ``< > &`` and U+2028/U+2029 are ``\\uXXXX`` escapes, so
    ``</script>`` or ``<!--`` inside the data cannot end the element.

    Examples
    --------
    >>> script_json({"name": "</script><!--"})
    '{"name":"\\\\u003c/script\\\\u003e\\\\u003c!--"}'
    """
    raw = _json(value)
    if _may_hold_long_string(raw):
        raw = _json(_capped_strings(value))
    # One replace per character: each pass finds nothing fast, where a pattern tries
    # every character. No escape holds a character another pass replaces.
    for unsafe, escaped in _SCRIPT_UNSAFE.items():
        raw = raw.replace(unsafe, escaped)
    return raw


def _json(value: Any) -> str:
    # A page's data is a tree of plain values (parts of it shared, none its own
    # ancestor): the check for cycles would cost a sixth of the encoding.
    return json.dumps(
        value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), check_circular=False
    )


def _may_hold_long_string(raw: str) -> bool:
    """Whether JSON text may hold a string of more than `DISPLAY_LIMIT` characters.

    With each escaped quote or backslash counted as one character, the text
    between two quotes is at least as long as the string it writes: JSON
    without such a stretch needs no string cut.
    """
    plain = raw.replace("\\\\", "_").replace('\\"', "_")
    if len(plain) <= DISPLAY_LIMIT:
        return False
    # The runs between quotes, measured from the quotes' places: splitting the text
    # would make a string of each run. As 32-bit code points, a place is a character.
    codes = np.frombuffer(plain.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    bounds = np.concatenate(([-1], np.flatnonzero(codes == ord('"')), [len(codes)]))
    return bool((np.diff(bounds) - 1).max() > DISPLAY_LIMIT)


def _capped_strings(value: Any) -> Any:
    """``value`` with every string inside it `capped`."""
    if isinstance(value, str):
        return capped(value)
    if isinstance(value, dict):
        return {key: _capped_strings(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_capped_strings(item) for item in value]
    return value


def safe_href(target: str) -> str:
    """Make a link target safe: relative paths only, percent-encoded, escaped.

    Parameters
    ----------
    target : a relative path such as ``rings/R1.html``.

    Returns
    -------
    The encoded target ready for an ``href="..."`` attribute, or ``#`` when the
    target names a scheme (``javascript:``, ``https:`` ...) or starts with ``//``.

    Examples
    --------
    >>> safe_href("rings/R 1.html")
    'rings/R%201.html'
    >>> safe_href("javascript:alert(1)")
    '#'
    """
    if _SCHEME_RE.match(target) or target.startswith(("//", "\\")):
        return "#"
    return text(quote(target, safe="/#.-_~"))
