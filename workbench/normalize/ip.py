"""IP addresses: one spelling per address, and the network it sits in.

Plain dotted IPv4 (almost every login) is recognised and checked in polars;
everything else (IPv6, ports, brackets, zone ids, IPv4-mapped IPv6, octets
padded with zeros) is parsed
by the standard library's ``ipaddress``, once per distinct value. Unspecified
and loopback addresses say nothing about who logged in and become null.
"""

from __future__ import annotations

import ipaddress
import re

import polars as pl

from workbench.normalize._unique import as_text, map_python, on_unique

#: Prefix lengths that approximate "one site": a /24 is a small office or one
#: provider block; a /64 is the standard single-subnet allocation in IPv6.
IPV4_PREFIX = 24
IPV6_PREFIX = 64

_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
_IPV4 = rf"^{_OCTET}(?:\.{_OCTET}){{3}}$"
_IPV4_PORT = rf"^({_OCTET}(?:\.{_OCTET}){{3}}):[0-9]{{1,5}}$"


#: Dotted IPv4 with octets padded with zeros ("098.001.133.244", a port after it or not),
#: as exports sorted as text write it. The standard library refuses it (a leading zero
#: once meant octal); an export means the decimal octets.
_PADDED_IPV4 = re.compile(r"(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?::\d{1,5})?")


def _parse(text: str) -> str | None:
    """Canonical text of one address, or None when not a usable address."""
    candidate = text.strip()
    if candidate.startswith("[") and "]" in candidate:
        candidate = candidate[1 : candidate.index("]")]
    candidate = candidate.split("%", 1)[0]
    if padded := _PADDED_IPV4.fullmatch(candidate):
        candidate = ".".join(str(int(octet)) for octet in padded.groups())
    try:
        address = ipaddress.ip_address(candidate)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if address.is_unspecified or address.is_loopback:
        return None
    return str(address)


def _canonical_distinct(distinct: pl.Series) -> pl.Series:
    """Canonical address for distinct raw strings (IPv4 in polars, the rest parsed)."""
    stripped = distinct.str.strip_chars()
    bare = pl.select(
        pl.when(stripped.str.contains(_IPV4_PORT))
        .then(stripped.str.extract(_IPV4_PORT))
        .otherwise(stripped)
    ).to_series()
    fast = bare.str.contains(_IPV4)
    slow = bare.filter(~fast)
    frame = pl.DataFrame({"bare": bare, "fast": fast}).join(
        pl.DataFrame({"bare": slow, "parsed": map_python(slow, _parse)}).unique("bare"),
        on="bare",
        how="left",
        maintain_order="left",
    )
    ipv4 = pl.col("bare")
    # Only an address's own rules: the digits of a real address may count up
    # ("34.56.78.90") as a made-up phone number's do.
    unusable = (ipv4 == "0.0.0.0") | ipv4.str.starts_with("127.")
    return frame.select(
        pl.when(pl.col("fast")).then(pl.when(~unusable).then(ipv4)).otherwise(pl.col("parsed"))
    ).to_series()


def canonical(values: pl.Series) -> pl.Series:
    """Canonical IP text (dotted IPv4, compressed IPv6); null when unusable.

    Parameters
    ----------
    values : raw addresses, possibly with a port, brackets or whitespace.

    Returns
    -------
    A String series of the same length.

    Examples
    --------
    >>> canonical(pl.Series([" 8.8.8.8:53", "[2001:DB8:0::1]:443", "127.0.0.1", "999.1.1.1",
    ...                      "008.008.008.008"])).to_list()
    ['8.8.8.8', '2001:db8::1', None, None, '8.8.8.8']
    """
    return on_unique(values, _canonical_distinct).cast(pl.String)


def _ipv6_network(address: str) -> str | None:
    """The /64 holding one IPv6 address, as CIDR text."""
    try:
        return str(ipaddress.ip_network(f"{address}/{IPV6_PREFIX}", strict=False))
    except ValueError:
        return None


def network(addresses: pl.Series) -> pl.Series:
    """The /24 (IPv4) or /64 (IPv6) holding each canonical address, as CIDR text.

    Examples
    --------
    >>> network(pl.Series(["8.8.8.8", "2001:db8::1", None])).to_list()
    ['8.8.8.0/24', '2001:db8::/64', None]
    """
    text = as_text(addresses)
    is_v4 = text.str.contains(_IPV4)
    v6 = text.filter(~is_v4 & text.is_not_null())
    v6_networks = pl.DataFrame({"text": v6, "v6": map_python(v6, _ipv6_network)}).unique("text")
    frame = pl.DataFrame({"text": text, "v4": is_v4}).join(
        v6_networks, on="text", how="left", maintain_order="left"
    )
    v4_network = pl.col("text").str.replace(r"\.\d+$", f".0/{IPV4_PREFIX}")
    return (
        frame.select(pl.when(pl.col("v4")).then(v4_network).otherwise(pl.col("v6")))
        .to_series()
        .cast(pl.String)
        .rename(addresses.name)
    )


def _private(address: str) -> bool | None:
    """``ipaddress``'s verdict on one address (None when not an address)."""
    try:
        return ipaddress.ip_address(address).is_private
    except ValueError:
        return None


def is_private(addresses: pl.Series) -> pl.Series:
    """True for private, link-local and other non-routable addresses.

    Examples
    --------
    >>> is_private(pl.Series(["10.1.2.3", "8.8.8.8", "fe80::1", None])).to_list()
    [True, False, True, None]
    """
    return map_python(addresses, _private, pl.Boolean)
