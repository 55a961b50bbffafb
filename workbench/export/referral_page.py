"""A referral's summary page and narrative, for a reader who never saw the workbench.

The page is one self-contained document with no script: the project's page
template, whose Content-Security-Policy forbids every request, and every
case string escaped (`workbench.views.escape.text`). The narrative answers
who, what, when, where and how, as a suspicious activity report's narrative
asks; the page shows it, then the tables that back it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import polars as pl

from workbench.export.referral import FILES, Referral
from workbench.views.escape import text
from workbench.views.html import render_document

#: Countries, clients and red flags named in one sentence; the rest are counted.
NAMED_IN_SENTENCE = 3


def narrative(referral: Referral) -> list[str]:
    """The referral's account in plain sentences, one paragraph each.

    Examples
    --------
    >>> from workbench.export.referral import referral as gather
    >>> from workbench.investigation import investigate
    >>> inv = investigate("sample_data/demo_case")
    >>> ring = inv.ring(inv.ring_scores["ring_id"][0])
    >>> paragraphs = narrative(gather(ring))
    >>> paragraphs[0].startswith(f"{ring.member_ids.len()} contractor identities in case demo_case")
    True
    """
    tables = referral.tables
    people = tables["identities"]
    size = people.height
    paragraphs = [
        f"{size} contractor identities in case {referral.case} appear to be operated by one "
        f"party (ring {referral.ring_id}, score {referral.score:.0f} of 100; "
        f"{referral.alert_threshold:g} and above means an analyst should look).",
        f"What ties them: {referral.line}.",
    ]
    hired = people["hired_at"].drop_nulls()
    if hired.len():
        clients = _named(people["client"])
        paragraphs.append(
            f"They were hired between {_day(hired.min())} and {_day(hired.max())}"
            + (f", by {clients}." if clients else ".")
        )
    paragraphs += _money(tables["payments"], tables["accounts"])
    paragraphs += _logins(tables["logins"], referral.distinct["ips"])
    shipments = tables["shipments"]
    if shipments.height:
        places = referral.distinct["ship_to_addresses"]
        paragraphs.append(
            f"Company equipment was shipped {_times(shipments.height)} to "
            f"{_count(places, 'address', 'addresses')}."
        )
    flags = tables["red_flags"]
    if flags.height:
        counts = (
            flags.group_by("title")
            .agg(pl.col("contractor_id").n_unique().alias("n"))
            .sort(["n", "title"], descending=[True, False])
        )
        named = [f"{title} ({n} of {size})" for title, n in counts.head(5).iter_rows()]
        paragraphs.append(f"Red flags raised on them: {'; '.join(named)}.")
    return paragraphs


def render_summary(referral: Referral) -> str:
    """The package's summary.html: the narrative, then who, what ties them, the money,
    logins, equipment and red flags, then the files of the package.

    Examples
    --------
    >>> from workbench.export.referral import referral as gather
    >>> from workbench.investigation import investigate
    >>> inv = investigate("sample_data/demo_case")
    >>> page = render_summary(gather(inv.ring(inv.ring_scores["ring_id"][0])))
    >>> "default-src 'none'" in page and "<script" not in page
    True
    """
    tables = referral.tables
    described = (
        f" It describes the case as of {_day(referral.described)}." if referral.described else ""
    )
    body = [
        f"<h1>Referral: {text(referral.ring_id)}</h1>",
        '<p class="muted">Prepared with the workbench from case '
        f"{text(referral.case)}.{text(described)} Scores are leads for an analyst, "
        "not proof: each statement below can be checked against the CSV files of this "
        "package.</p>",
        "<h2>Summary</h2>",
        *(f"<p>{text(paragraph)}</p>" for paragraph in narrative(referral)),
        "<h2>Why these identities are linked</h2>",
        "<ul>" + "".join(f"<li>{text(reason)}</li>" for reason in referral.reasons) + "</ul>",
        _table(
            tables["evidence"],
            {
                "kind": "What",
                "written": "As written",
                "shared_by": "Shared by",
                "since": "Since",
                "weight": "Strength",
            },
        ),
        "<h2>The identities</h2>",
        _table(
            tables["identities"],
            {
                "contractor_id": "Id",
                "full_name": "Name",
                "email": "E-mail",
                "phone": "Phone",
                "country": "Claimed country",
                "hired_at": "Hired",
                "client": "Client",
                "risk_score": "Risk (0-100)",
            },
        ),
        "<h2>Where the money went</h2>",
        _table(
            tables["accounts"],
            {
                "account": "Account",
                "account_type": "Type",
                "holders": "Holder",
                "countries": "Country",
                "identities": "Paid identities",
                "payments": "Payments",
                "totals": "Total",
                "first_paid": "First",
                "last_paid": "Last",
            },
        ),
        "<h2>Logins</h2>",
        _table(
            tables["logins_by_identity"],
            {
                "contractor_id": "Id",
                "logins": "Logins",
                "ips": "IP addresses",
                "countries": "Geolocated to",
                "vpn_share": "Through VPN (%)",
                "first": "First",
                "last": "Last",
            },
        ),
        "<h2>Equipment shipped</h2>",
        _table(
            tables["shipments"],
            {
                "contractor_id": "Id",
                "shipped_at": "Shipped",
                "asset_tag": "Asset",
                "ship_to_address": "Address",
                "ship_to_name": "Recipient",
            },
        ),
        "<h2>Red flags</h2>",
        _table(
            tables["red_flags"],
            {"contractor_id": "Id", "title": "Red flag", "evidence": "Evidence"},
        ),
        "<h2>Files in this package</h2>",
        "<ul>"
        + "".join(f"<li><b>{text(name)}</b>: {text(what)}</li>" for name, what in FILES.items())
        + "</ul>",
    ]
    return render_document(title=f"Referral {referral.ring_id}", body="\n".join(body))


def _money(payments: pl.DataFrame, accounts: pl.DataFrame) -> list[str]:
    if not payments.height:
        return []
    totals = (
        payments.group_by("currency")
        .agg(pl.col("amount").sum())
        .sort("currency", nulls_last=True)
        .select(pl.format("{} {}", pl.col("amount").round(2), pl.col("currency").fill_null("")))
        .to_series()
        .str.strip_chars()
        .to_list()
    )
    shared = accounts.filter(pl.col("identities").str.contains(";")).height
    types = _named(accounts["account_type"])
    return [
        f"{_count(payments.height, 'payment', 'payments')} totalling {', '.join(totals)} were "
        f"made between {_day(payments['paid_at'].min())} and {_day(payments['paid_at'].max())} "
        f"into {_count(accounts.height, 'account', 'accounts')}"
        + (f" ({types})" if types else "")
        + (f"; {shared} of them paid more than one of the identities" if shared else "")
        + "."
    ]


def _logins(logins: pl.DataFrame, ips: int) -> list[str]:
    if not logins.height:
        return []
    countries = _named(logins["country"])
    vpn = logins["vpn"].drop_nulls()
    sentence = (
        f"They logged in {_times(logins.height)} from "
        f"{_count(ips, 'IP address', 'IP addresses')}"
        + (f", geolocated to {countries}" if countries else "")
        + f", between {_day(logins['ts'].min())} and {_day(logins['ts'].max())}"
    )
    if vpn.len():
        share = 100 * vpn.sum() / vpn.len()
        sentence += f"; {share:.0f}% of logins with a known VPN status went through one"
    return [sentence + "."]


def _named(values: pl.Series) -> str:
    """The most frequent values, then how many others: "US, CN and 2 others"."""
    names = (
        values.drop_nulls()
        .value_counts(name="n")
        .sort(["n", values.name], descending=[True, False])[values.name]
    )
    shown = [str(name) for name in names.head(NAMED_IN_SENTENCE).to_list()]
    others = names.len() - len(shown)
    if others:
        shown.append(f"{others} {'other' if others == 1 else 'others'}")
    if len(shown) < 2:
        return "".join(shown)
    return f"{', '.join(shown[:-1])} and {shown[-1]}"


def _table(frame: pl.DataFrame, columns: dict[str, str]) -> str:
    """An HTML table of some columns of a frame under plain headings (every cell escaped)."""
    if not frame.height:
        return '<p class="muted">None in the case.</p>'
    shown = [name for name in columns if name in frame.columns]
    head = "".join(f"<th>{text(columns[name])}</th>" for name in shown)
    rows = "".join(
        "<tr>" + "".join(f"<td>{text(_cell(row[name]))}</td>" for name in shown) + "</tr>"
        for row in frame.select(shown).iter_rows(named=True)
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M UTC")
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _day(value: Any) -> str:
    return value.date().isoformat() if isinstance(value, datetime) else str(value)


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _times(n: int) -> str:
    return "once" if n == 1 else f"{n} times"
