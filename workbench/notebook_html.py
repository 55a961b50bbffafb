"""An executed notebook as one HTML file that makes no network request.

nbconvert's page loads require.js and MathJax from a CDN; an analyst who
opens the file on an air-gapped machine, or shares it, should not announce
the case to a CDN. Those scripts are left out (the notebook's outputs are
static: tables, images and text need neither), and a Content-Security-Policy
forbids every request the page could still try.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

#: Everything the page needs is inline; nothing may be fetched.
CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
    "img-src data:; font-src data:"
)

#: A script or stylesheet tag that loads its content from elsewhere.
_REMOTE_TAG = re.compile(
    r"<script\b[^>]*\bsrc=[\"'][^\"']+[\"'][^>]*>\s*</script>|<link\b[^>]*\bhref=[\"'][^\"']+[\"'][^>]*>",
    re.IGNORECASE,
)


def offline_html(notebook: Path) -> str:
    """The notebook rendered by nbconvert's lab template, without remote scripts, under a CSP.

    Examples
    --------
    >>> import nbformat, pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "n.ipynb"
    >>> nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Hi")]),
    ...                path)
    >>> page = offline_html(path)
    >>> re.search(r"<script[^>]*src=", page) is None, "Content-Security-Policy" in page
    (True, True)
    """
    from nbconvert import HTMLExporter

    page, _ = HTMLExporter(template_name="lab").from_filename(str(notebook))
    page = _REMOTE_TAG.sub("", page)
    policy = f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
    return re.sub(r"<head>", f"<head>\n{policy}", page, count=1, flags=re.IGNORECASE)


def write_offline_html(notebook: Path, target: Path) -> Path:
    """Write `offline_html` of ``notebook`` to ``target`` in one step (a temporary file renamed).

    Examples
    --------
    >>> import nbformat, pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> nbformat.write(nbformat.v4.new_notebook(), folder / "n.ipynb")
    >>> write_offline_html(folder / "n.ipynb", folder / "n.html").name
    'n.html'
    """
    page = offline_html(notebook)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        stream.write(page)
    os.replace(temporary, target)
    return target
