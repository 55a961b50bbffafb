"""Escaping helpers: every case string that meets HTML goes through here.

Three contexts exist in our pages and each has one function:

* HTML text and quoted attribute values: `text`.
* JSON placed inside a ``<script>`` element: `script_json`.

Both cut every string to `DISPLAY_LIMIT` characters, saying so on the page.
* Link targets in ``href``: `safe_href` (relative paths only).
"""

from __future__ import annotations

import html
import json
import re
from typing import Any
from urllib.parse import quote

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
_SCRIPT_UNSAFE_RE = re.compile("[<>&\u2028\u2029]")
# A scheme such as "javascript:" or "https:" before any "/", "?" or "#".
_SCHEME_RE = re.compile(r"^[^/?#]*:")


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
    return _SCRIPT_UNSAFE_RE.sub(lambda m: _SCRIPT_UNSAFE[m.group(0)], raw)


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _may_hold_long_string(raw: str) -> bool:
    """Whether JSON text may hold a string of more than `DISPLAY_LIMIT` characters.

    With each escaped quote or backslash counted as one character, the text
    between two quotes is at least as long as the string it writes: JSON
    without such a stretch needs no string cut.
    """
    plain = raw.replace("\\\\", "_").replace('\\"', "_")
    return max(map(len, plain.split('"'))) > DISPLAY_LIMIT


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
