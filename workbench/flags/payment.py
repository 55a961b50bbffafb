"""Payment red flags: crypto, payee names, account countries, shared and churning accounts."""

from __future__ import annotations

import polars as pl

from workbench.distinct import distinct_rows
from workbench.flags.common import (
    MAX_NAMED,
    claimed_countries,
    empty_result,
    passing,
    plural,
    quote,
    refs,
    result,
    shared_values,
    values_where,
    with_canonical,
)
from workbench.flags.context import FlagContext
from workbench.normalize.account import iban_country, is_of_type
from workbench.normalize.country import to_iso2
from workbench.normalize.name import canonical, relatives, similar
from workbench.normalize.organisation import names_an_organisation
from workbench.tables import ROW

#: Currencies that are cryptocurrencies (stablecoins first: USDT is the one reported most).
CRYPTO_CURRENCIES = (
    "USDT",
    "USDC",
    "DAI",
    "BUSD",
    "TUSD",
    "BTC",
    "ETH",
    "XMR",
    "TRX",
    "LTC",
    "BNB",
)

#: Distinct receiving accounts within `CHURN_DAYS` that is more than a bank switch.
CHURN_ACCOUNTS = 3

#: Window for account churn: one quarter, the usual payroll change cycle.
CHURN_DAYS = 90


def _payment_accounts(ctx: FlagContext) -> pl.DataFrame:
    """Payments with each row's canonical account (null when unusable) and `hub`.

    `hub` marks payments to a provider: an account, or a payee name, so widely
    shared by identities not otherwise tied (payroll providers, employers of
    record, staffing agencies; the infrastructure of ``ctx.hubs``) that the
    holder name and country describe the provider, not the worker. Computed
    once per context and shared by the payment flags.

    Examples
    --------
    >>> ctx = FlagContext.build(payments={"contractor_id": ["a", "b"], "account": ["1", "2"],
    ...     "account_holder": ["Andes Dev Collective", "Wei Zhang"]},
    ...     hubs={"kind": ["account_holder"], "value": ["andes collective dev"]})
    >>> _payment_accounts(ctx)["hub"].to_list()
    [True, False]
    """

    def compute() -> pl.DataFrame:
        rows = with_canonical(ctx, "payments", "account", "payment_account")
        accounts = _hub_values(ctx, "payment_account")
        payees = _hub_values(ctx, "account_holder")
        provider = pl.lit(False)
        if payees.len():  # names are read only where some payee name is a provider's
            holders = rows["account_holder"].drop_nulls().unique()
            named = holders.filter(canonical(holders).is_in(payees.implode()).fill_null(False))
            provider = pl.col("account_holder").is_in(named.implode()).fill_null(False)
        hub = pl.col("canonical").is_in(accounts.implode()).fill_null(False) | provider
        return rows.with_columns(hub=hub)

    return ctx.derived("payment_accounts", compute)


def _hub_values(ctx: FlagContext, kind: str) -> pl.Series:
    """The values of ``kind`` that ``ctx.hubs`` sets aside."""
    return ctx.hubs.filter(pl.col("kind") == kind)["value"]


def crypto_payment(ctx: FlagContext) -> pl.DataFrame:
    """Wages were paid in cryptocurrency or to a crypto wallet.

    Examples
    --------
    >>> ctx = FlagContext.build(payments={"contractor_id": ["a", "b"], "currency": ["usdt", "USD"],
    ...     "method": [None, "bank"], "account": ["T9yD", "123"]})
    >>> crypto_payment(ctx)["evidence"].to_list()
    ['1 payment in crypto (USDT)']
    """
    payments = _payment_accounts(ctx).select(
        "contractor_id", "method", "currency", "canonical", ROW
    )
    currency = pl.col("currency").str.strip_chars().str.to_uppercase()
    by_method = values_where(payments, "method", lambda text: text == "crypto")
    by_currency = values_where(
        payments, "currency", lambda text: text.is_in(CRYPTO_CURRENCIES), case="upper"
    )
    hits = payments.filter(
        pl.col("method").is_in(by_method)
        | pl.col("currency").is_in(by_currency)
        | is_of_type(pl.col("canonical"), "crypto").fill_null(False)
    ).with_columns(currency=currency)
    stats = (
        hits.sort(ROW)
        .group_by("contractor_id")
        .agg(
            n=pl.len(),
            what=quote(pl.col("currency").drop_nulls().unique().sort().head(3).str.join(", ")),
            refs=refs("payments"),
        )
    )
    return result(
        stats.with_columns(
            evidence=pl.format(
                "{} in crypto ({})",
                plural("n", "payment"),
                pl.when(pl.col("what") == "").then(pl.lit("wallet")).otherwise("what"),
            )
        )
    )


def payee_mismatch(ctx: FlagContext) -> pl.DataFrame:
    """The name on the receiving account is not the contractor's name, nor a relative's.

    Names are compared as `workbench.normalize.name.similar` does: in any
    order, with or without a middle name or an initial, with one slip of the
    keyboard forgiven, a nickname, another script or romanisation ("Lisa Clak"
    is Lisa Clark, "Олена Петренко" is Olena Petrenko, "中村 結衣" is Yui
    Nakamura, "Rhee Junhyeok" is Lee Jun-hyuk; "Marty Wilkins" is not Mary
    Wilson). A payee who shares the contractor's family name, in any of its
    spellings or its feminine form (`workbench.normalize.name.relatives`:
    "Joanna Dabrowska" for Lukasz Dabrowski), is a household's account, a
    spouse's or a parent's, not a facilitator's.

    Examples
    --------
    >>> ctx = FlagContext.build(
    ...     contractors={"contractor_id": ["a", "b"], "full_name": ["John Smith", "Ann Lee"]},
    ...     payments={"contractor_id": ["a", "b"], "account": ["1", "2"],
    ...               "account_holder": ["Wei Zhang", "LEE, Ann"]})
    >>> payee_mismatch(ctx)["evidence"].to_list()
    ["1 payment to 'Wei Zhang', not 'John Smith'"]
    """
    names = ctx.table("contractors").select("contractor_id", "full_name")
    payments = (
        _payment_accounts(ctx)
        .select("contractor_id", "account_holder", "hub", ROW)  # before the filter copies them
        .filter(pl.col("account_holder").is_not_null(), ~pl.col("hub"))
        .join(names.filter(pl.col("full_name").is_not_null()), on="contractor_id")
    )
    pairs = distinct_rows(payments.select("account_holder", "full_name"))
    if pairs.is_empty():
        return empty_result()
    others = pairs.filter(~similar(pairs["account_holder"], pairs["full_name"]).fill_null(True))
    # A company named after the contractor is no relative: it is judged as any payee.
    company = names_an_organisation(canonical(others["account_holder"])).fill_null(False)
    kin = relatives(others["account_holder"], others["full_name"]).fill_null(False) & ~company
    strangers = others.filter(~kin)
    hits = payments.join(strangers, on=["account_holder", "full_name"], how="semi")
    stats = (
        hits.sort(ROW)
        .group_by("contractor_id")
        .agg(
            n=pl.len(),
            # The most frequent spelling, the least of equals: not the first row's, so
            # the evidence reads the same whatever the order of the payments.
            holder=quote(pl.col("account_holder").mode().min()),
            name=quote(pl.col("full_name").first()),
            refs=refs("payments"),
        )
    )
    return result(
        stats.with_columns(
            evidence=pl.format("{} to '{}', not '{}'", plural("n", "payment"), "holder", "name")
        )
    )


def account_country_mismatch(ctx: FlagContext) -> pl.DataFrame:
    """Wages go to an account in a country other than the one claimed.

    Examples
    --------
    >>> ctx = FlagContext.build(contractors={"contractor_id": ["a"], "country": ["US"]},
    ...     payments={"contractor_id": ["a", "a"], "account": ["x", "y"],
    ...               "account_country": ["China", "US"]})
    >>> account_country_mismatch(ctx)["evidence"].to_list()
    ['1 of 2 payments to accounts in CN while claiming US']
    """
    payments = (
        _payment_accounts(ctx)
        .select("contractor_id", "account_country", "canonical", "hub", ROW)
        .filter(~pl.col("hub"))
    )
    stated = to_iso2(payments["account_country"])
    from_iban = pl.Series(iban_country(payments["canonical"]))
    located = payments.with_columns(where=pl.coalesce(pl.Series(stated), from_iban)).join(
        claimed_countries(ctx), on="contractor_id"
    )
    away = pl.col("where").is_not_null() & (pl.col("where") != pl.col("claimed"))
    stats = (
        passing(located, pl.col("hits") > 0, among=away, total=pl.len(), hits=away.sum())
        .group_by("contractor_id")
        .agg(
            pl.col("total", "hits", "claimed").first(),
            where=pl.col("where").filter(away).unique().sort().head(MAX_NAMED).str.join(", "),
            refs=refs("payments", pl.col(ROW).filter(away)),
        )
    )
    return result(
        stats.with_columns(
            evidence=pl.format(
                "{} of {} payments to accounts in {} while claiming {}",
                "hits",
                "total",
                "where",
                "claimed",
            )
        )
    )


def shared_payment_account(ctx: FlagContext) -> pl.DataFrame:
    """The receiving account (not a known payroll hub) also pays other identities.

    Examples
    --------
    >>> ctx = FlagContext.build(observations={"contractor_id": ["a", "b"],
    ...     "kind": ["payment_account"] * 2, "value": ["iban:GB1", "iban:GB1"],
    ...     "source": ["payments"] * 2})
    >>> shared_payment_account(ctx)["contractor_id"].to_list()
    ['a', 'b']
    """
    return shared_values(ctx, "payment_account", label="account")


def account_churn(ctx: FlagContext) -> pl.DataFrame:
    """Wages moved through more accounts within a short window than a bank switch explains.

    Examples
    --------
    >>> from datetime import datetime, timezone
    >>> t = [datetime(2025, m, 1, tzinfo=timezone.utc) for m in (1, 2, 3)]
    >>> accounts = ["4471009312", "4471009313", "4471009399"]
    >>> ctx = FlagContext.build(
    ...     payments={"contractor_id": ["a"] * 3, "paid_at": t, "account": accounts},
    ...     observations={"contractor_id": ["a"] * 3, "kind": ["payment_account"] * 3,
    ...         "raw": accounts, "value": [f"bank:{a}" for a in accounts],
    ...         "source": ["payments"] * 3})
    >>> account_churn(ctx)["evidence"].to_list()
    ['3 accounts used within 90 days (bank:4471009312, bank:4471009313, bank:4471009399)']
    """
    paid = (
        _payment_accounts(ctx)
        .select("contractor_id", "canonical", "paid_at", ROW)  # before the filter copies them
        .filter(pl.col("canonical").is_not_null(), pl.col("paid_at").is_not_null())
    )
    # Only identities paid to enough accounts at all can churn: the windows are read of them.
    several = (
        paid.group_by("contractor_id")
        .agg(accounts=pl.col("canonical").n_unique())
        .filter(pl.col("accounts") >= CHURN_ACCOUNTS)
    )
    paid = paid.join(several, on="contractor_id", how="semi").select(
        "contractor_id", "canonical", "paid_at", ROW
    )
    # Each payment closes a window of CHURN_DAYS: the accounts paid within it.
    windows = (
        paid.join(paid, on="contractor_id", suffix="_o")
        .filter(
            pl.col("paid_at_o") <= pl.col("paid_at"),
            pl.col("paid_at_o") >= pl.col("paid_at") - pl.duration(days=CHURN_DAYS),
        )
        .group_by("contractor_id", "paid_at", ROW)
        .agg(
            n=pl.col("canonical_o").n_unique(),
            accounts=pl.col("canonical_o").unique().sort(),
            rows=pl.col(f"{ROW}_o"),
        )
        .filter(pl.col("n") >= CHURN_ACCOUNTS)
    )
    if windows.is_empty():
        return empty_result()
    worst = (
        windows.sort("contractor_id", "n", "paid_at", ROW, descending=[False, True, False, False])
        .group_by("contractor_id", maintain_order=True)
        .first()
        .explode("rows")
        .group_by("contractor_id", maintain_order=True)
        .agg(
            n=pl.col("n").first(),
            accounts=pl.col("accounts").first(),
            refs=refs("payments", "rows"),
        )
    )
    return result(
        worst.with_columns(
            evidence=pl.format(
                "{} accounts used within {} days ({})",
                "n",
                pl.lit(CHURN_DAYS),
                quote(pl.col("accounts").list.head(MAX_NAMED).list.join(", ")),
            )
        )
    )
