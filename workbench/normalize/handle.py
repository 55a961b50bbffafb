"""Messaging handles: "@name", "name" and a link to the profile are one account.

A handle is an account on one service, so its canonical form is the service's
own: NFKC, lower-case (handles are case-insensitive), without a leading "@" or
a link to the profile on one of the service's hosts ("https://t.me/name").
Only the service's own hosts are cut: a link to another site names no handle of
this service and is null, as is text that breaks the service's handle rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import polars as pl

from workbench.normalize._unique import on_unique
from workbench.normalize.latin import compatibility_form
from workbench.normalize.placeholders import placeholder_expr


@dataclass(frozen=True, kw_only=True)
class Service:
    """A messaging service: the hosts of its profile links and the form of its handles."""

    hosts: tuple[str, ...]
    #: A valid handle, lower-case, as a regex matched in full.
    handle: str


#: Telegram: public usernames are 5–32 letters, digits and underscores, a letter first.
TELEGRAM = Service(hosts=("t.me", "telegram.me", "telegram.dog"), handle=r"[a-z][a-z0-9_]{4,31}")


def _profile_link(service: Service) -> str:
    """A link to a profile on ``service``, up to the handle, in lower-case text."""
    hosts = "|".join(re.escape(host) for host in service.hosts)
    return rf"^(?:https?://)?(?:www\.)?(?:{hosts})/"


def _canonical_distinct(distinct: pl.Series, service: Service) -> pl.Series:
    """Handle of ``service`` for distinct raw strings."""
    text = compatibility_form(distinct).str.strip_chars().str.to_lowercase()
    handle = pl.col("handle")
    frame = pl.DataFrame({"text": text}).with_columns(
        handle=pl.col("text")
        .str.replace(_profile_link(service), "")
        .str.replace(r"[/?#].*$", "")
        .str.strip_prefix("@")
    )
    usable = (
        handle.str.contains(f"^(?:{service.handle})$")
        & ~placeholder_expr(pl.col("text"))
        & ~placeholder_expr(handle)
    )
    return frame.select(pl.when(usable).then(handle)).to_series()


def canonical(values: pl.Series, service: Service) -> pl.Series:
    """Lower-case handle on ``service``; null when not one of its handles or a placeholder.

    Parameters
    ----------
    values : raw handles or profile links.
    service : the service the handles are on (its hosts and handle rules).

    Returns
    -------
    A String series of the same length.

    Examples
    --------
    >>> canonical(pl.Series(["@Work_Dev7", "https://t.me/work_dev7/", "work_dev7",
    ...     "https://example.com/work_dev7", "@ab", "n/a"]), TELEGRAM).to_list()
    ['work_dev7', 'work_dev7', 'work_dev7', None, None, None]
    """
    return on_unique(values, lambda distinct: _canonical_distinct(distinct, service)).cast(
        pl.String
    )


def telegram(values: pl.Series) -> pl.Series:
    """Telegram username of each handle or t.me link (`canonical` on `TELEGRAM`).

    Examples
    --------
    >>> telegram(pl.Series(["@DevStar_07", "t.me/devstar_07"])).to_list()
    ['devstar_07', 'devstar_07']
    """
    return canonical(values, TELEGRAM)
