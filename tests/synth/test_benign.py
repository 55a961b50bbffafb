"""Benign look-alikes: families, agencies, co-working, payroll, placeholders."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from workbench.synth.benign import plant_benign
from workbench.synth.groups import layout
from workbench.synth.people import people
from workbench.synth.pools import AGENCIES, PAYROLL_PROVIDERS


@lru_cache(maxsize=1)
def planted(n: int = 3000):
    rng = np.random.default_rng(4)
    lay = layout(rng, n, 6)
    return plant_benign(rng, people(rng, lay), lay), lay


def test_families_share_home_and_surname_only() -> None:
    q, lay = planted()
    for fam in lay.members("family"):
        assert len({q["address"][i] for i in fam}) == 1
        assert len({q["last"][i] for i in fam}) == 1
        assert len({q["email"][i] for i in fam}) == len(fam)


def test_agencies_pay_into_one_company_account() -> None:
    q, lay = planted()
    for a in lay.members("agency"):
        assert len(set(q["account"][a])) == 1
        assert set(q["holder"][a]) <= set(AGENCIES)


def test_coworking_members_share_an_ip_and_payroll_is_pooled() -> None:
    q, lay = planted()
    for c in lay.members("cowork"):
        assert len(set(q["cowork_ip"][c])) == 1 and q["cowork_ip"][c][0] >= 0
    pooled = np.isin(q["holder"], PAYROLL_PROVIDERS)
    assert pooled.sum() > 30 and len(set(q["account"][pooled])) <= len(PAYROLL_PROVIDERS)


def test_placeholders_only_among_legit_people() -> None:
    q, lay = planted()
    junk = np.isin(q["email"], ["test@test.com", "n/a", "none", ""]) | q["placeholder"]
    assert junk.sum() > 20
    assert set(lay.kind[junk]) == {"legit"}
