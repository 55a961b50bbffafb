"""What an IP-intelligence feed says of each login: ASN, ISP, VPN provider and address type.

The network of an address follows from where the login came from (a home
line, a corporate gateway, a carrier, a VPN exit, a rented server) and is a
function of the address itself, so one address always names one network.
The VPN provider is the person's subscription (fronts favour Astrill).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from workbench.synth import rates
from workbench.synth.catalog import (
    CORPORATE_HOSTS,
    HOSTED,
    MOBILE_CARRIERS,
    RESIDENTIAL,
    VPN_HOSTS,
    VPN_PROVIDERS,
    Network,
)

#: The network family of each login source of ``logins.SOURCES``.
SOURCE_FAMILY = {
    "home": "residential",
    "corp": "corporate",
    "nat": "mobile",
    "vpn": "vpn",
    "cowork": "residential",
    "farm": "residential",
    "foreign": "residential",
    "travel": "residential",
}
#: The address type a feed reports for each family (a corporate gateway is a cloud host).
FAMILY_TYPE = {
    "residential": "residential",
    "hosted": "hosting",
    "corporate": "hosting",
    "mobile": "mobile",
    "vpn": "vpn",
}
#: Columns the feed adds to a login.
NETWORK_COLUMNS = ("asn", "isp", "vpn_provider", "ip_type")


def _pools() -> pl.DataFrame:
    """One row per (family, country, slot): the networks an address can belong to."""
    rows: list[tuple[str, str, int, str, str]] = []

    def add(family: str, country: str, networks: tuple[Network, ...]) -> None:
        rows.extend((family, country, i, asn, isp) for i, (asn, isp) in enumerate(networks))

    for country, networks in RESIDENTIAL.items():
        add("residential", country, networks)
    for country, networks in HOSTED.items():
        add("hosted", country, networks)
    add("corporate", "", CORPORATE_HOSTS)
    add("mobile", "", MOBILE_CARRIERS)
    add("vpn", "", VPN_HOSTS)
    frame = pl.DataFrame(
        rows,
        schema={
            "family": pl.String,
            "country": pl.String,
            "slot": pl.Int64,
            "asn": pl.String,
            "isp": pl.String,
        },
        orient="row",
    )
    return frame.with_columns(size=pl.len().over("family", "country"))


POOLS = _pools()


@dataclass(frozen=True)
class Networks:
    """The feed's generator and each person's VPN subscription and rented server."""

    rng: np.random.Generator
    provider: np.ndarray  # per person: index into VPN_PROVIDERS
    hosted: np.ndarray  # per person: direct foreign logins come from a rented server


def login_networks(
    net: Networks, who: np.ndarray, source: pl.Series, ip: np.ndarray, country: pl.Series
) -> pl.DataFrame:
    """The feed's columns (`NETWORK_COLUMNS`) of logins, in the order given.

    Parameters
    ----------
    net : the feed's generator and per-person subscriptions.
    who : person index of each login.
    source : login source of each login (a key of `SOURCE_FAMILY`).
    ip : IPv4 address of each login, as an integer.
    country : country the login was geolocated to.

    Returns
    -------
    One row per login: ``asn`` (``AS7922``), ``isp``, ``vpn_provider`` (empty
    unless through a commercial VPN) and ``ip_type`` (``residential``,
    ``hosting``, ``mobile``, ``vpn``); all empty for the `NETWORK_UNKNOWN`
    share the feed could not resolve.

    Examples
    --------
    >>> net = Networks(np.random.default_rng(1), np.array([0]), np.array([False]))
    >>> t = login_networks(net, np.array([0, 0]), pl.Series(["vpn", "home"]),
    ...                    np.array([7, 8]), pl.Series(["NL", "US"]))
    >>> t["ip_type"].to_list(), t["vpn_provider"].to_list()[0], t["asn"].to_list()[1]
    (['vpn', 'residential'], 'Astrill VPN', 'AS7922')
    """
    hosted = pl.Series(net.hosted[who]) & (source == "foreign")
    family = source.replace_strict(SOURCE_FAMILY, return_dtype=pl.String)
    shared = family.is_in(["corporate", "mobile", "vpn"])  # one pool whatever the country
    keyed = pl.DataFrame(
        {
            "family": pl.select(
                pl.when(hosted).then(pl.lit("hosted")).otherwise(family)
            ).to_series(),
            "country": pl.select(pl.when(shared).then(pl.lit("")).otherwise(country)).to_series(),
            "ip": ip,
            "provider": net.provider[who],
            "unknown": net.rng.random(len(who)) < rates.NETWORK_UNKNOWN,
        }
    )
    sizes = POOLS.select("family", "country", "size").unique()
    found = (
        keyed.join(sizes, on=["family", "country"], how="left", maintain_order="left")
        .with_columns(slot=pl.col("ip") % pl.col("size"))
        .join(
            POOLS.drop("size"), on=["family", "country", "slot"], how="left", maintain_order="left"
        )
    )
    providers = pl.Series(VPN_PROVIDERS, dtype=pl.String)
    known = ~pl.col("unknown")
    return found.select(
        asn=pl.when(known).then(pl.col("asn").fill_null("")).otherwise(pl.lit("")),
        isp=pl.when(known).then(pl.col("isp").fill_null("")).otherwise(pl.lit("")),
        vpn_provider=pl.when(known & (pl.col("family") == "vpn"))
        .then(providers.gather(keyed["provider"]))
        .otherwise(pl.lit("")),
        ip_type=pl.when(known)
        .then(pl.col("family").replace_strict(FAMILY_TYPE, return_dtype=pl.String))
        .otherwise(pl.lit("")),
    )
