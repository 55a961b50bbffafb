"""Plant the benign look-alikes a ring detector must not alert on.

Families share an address (and sometimes an account), agencies pay their
people into one company account, co-working spaces share an IP, payroll
providers pool many people's pay, and exports carry placeholder junk.
"""

from __future__ import annotations

import numpy as np

from workbench.synth import rates
from workbench.synth.contact import account_numbers, ibans
from workbench.synth.draw import chance, pick
from workbench.synth.groups import Layout
from workbench.synth.people import People
from workbench.synth.pools import (
    AGENCIES,
    PAYROLL_PROVIDERS,
    PLACEHOLDER_EMAILS,
    PLACEHOLDER_PHONES,
)


def plant_benign(rng: np.random.Generator, p: People, lay: Layout) -> People:
    """Return a copy of the population with families, agencies, co-working spaces and payroll.

    Parameters
    ----------
    rng : the generator.
    p : the population (after rings are planted).
    lay : the layout naming family, agency and co-working members.

    Returns
    -------
    The changed population.

    Examples
    --------
    >>> from workbench.synth.groups import layout
    >>> from workbench.synth.people import people
    >>> rng = np.random.default_rng(1)
    >>> lay = layout(rng, 400, 2)
    >>> q = plant_benign(rng, people(rng, lay), lay)
    >>> fam = lay.members("family")[0]
    >>> len({q["address"][i][:5] for i in fam}), len({q["last"][i] for i in fam})
    (1, 1)
    """
    q = {k: v.copy() for k, v in p.items()}
    for members in lay.members("family"):
        head = members[0]
        for m in members:
            q["address"][m] = q["address"][head]
            q["home_ip"][m] = q["home_ip"][head]
            q["last"][m] = q["last"][head]
            q["full_name"][m] = f"{q['first'][m]} {q['last'][head]}"
            q["holder"][m] = q["full_name"][m]
        if rng.random() < rates.FAMILY_JOINT_ACCOUNT:
            pair = members[:2]
            for key in ("account", "account_type", "method", "currency", "account_country"):
                q[key][pair] = q[key][head]
            q["holder"][pair] = (
                f"{q['full_name'][pair[0]]} & {q['first'][pair[1]]} {q['last'][head]}"
            )
    agencies = lay.members("agency")
    home = np.asarray([q["country"][a[0]] for a in agencies], dtype=object)
    company = ibans(rng, home)
    domestic = account_numbers(rng, len(agencies))
    for a, members in enumerate(agencies):
        iban = company[a] != ""
        q["account"][members] = company[a] if iban else domestic[a]
        q["account_type"][members] = "iban" if iban else "acct"
        q["method"][members], q["account_country"][members] = "bank", home[a]
        q["currency"][members] = q["currency"][members[0]] if iban else "USD"
        q["holder"][members] = AGENCIES[a % len(AGENCIES)]
        q["client"][members] = q["client"][members[0]]
    for c, members in enumerate(lay.members("cowork")):
        q["cowork_ip"][members] = q["spare_ip"][-(c + 1)]
    return _payroll(rng, _placeholders(rng, q, lay), lay)


def _payroll(rng: np.random.Generator, q: People, lay: Layout) -> People:
    """Pay a share of legitimate people through a payroll provider's pooled account."""
    legit = np.flatnonzero(lay.kind == "legit")
    chosen = legit[chance(rng, len(legit), rates.PAYROLL_SHARE)]
    accounts = account_numbers(rng, len(PAYROLL_PROVIDERS))
    which = rng.integers(0, len(PAYROLL_PROVIDERS), size=len(chosen))
    q["account"][chosen] = accounts[which]
    q["holder"][chosen] = np.asarray(PAYROLL_PROVIDERS, dtype=object)[which]
    q["account_type"][chosen], q["method"][chosen] = "acct", "bank"
    q["currency"][chosen], q["account_country"][chosen] = "USD", "US"
    return q


def _placeholders(rng: np.random.Generator, q: People, lay: Layout) -> People:
    """Replace a few legitimate people's e-mail, phone or device with placeholder junk."""
    legit = np.flatnonzero(lay.kind == "legit")
    n = len(legit)
    email = legit[chance(rng, n, rates.PLACEHOLDER_RATE)]
    q["email"][email] = pick(rng, PLACEHOLDER_EMAILS, len(email))
    phone = legit[chance(rng, n, rates.PLACEHOLDER_RATE)]
    q["phone"][phone] = pick(rng, PLACEHOLDER_PHONES, len(phone))
    q["placeholder"][legit[chance(rng, n, rates.PLACEHOLDER_RATE)]] = True
    return q
