"""Escaping helpers: every case string that meets HTML goes through here.

Three contexts exist in our pages and each has one function:

* HTML text and quoted attribute values: `text`.
* JSON placed inside a ``<script>`` element: `script_json`.
* Link targets in ``href``: `safe_href` (relative paths only).
"""

from __future__ import annotations

import html
import json
import re
from typing import Any
from urllib.parse import quote

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


def text(value: object) -> str:
    """Escape a value for HTML text or a quoted attribute value.

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
    return html.escape(str(value), quote=True)


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
    raw = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return _SCRIPT_UNSAFE_RE.sub(lambda m: _SCRIPT_UNSAFE[m.group(0)], raw)


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
