"""A tiny case for the explorer's tests: two rings tied by a login IP, and a loner.

Ring A: a1 and a2 share a phone (written two ways), a2 and a3 an IBAN (written
two ways). Ring B: b1 and b2 share a crypto wallet. a3 logs in from b1's IP,
and b2 from the IP of l1, who is in no ring. Bo's name is markup.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from workbench.investigation import Investigation, investigate

TINY_CASE = {
    "contractors.csv": (
        "contractor_id,full_name,phone,country,hired_at\n"
        "a1,Ann Lee,+1 415 555 0101,US,2024-01-02\n"
        "a2,Bo <b>Kim</b>,(415) 555-0101,US,2024-01-09\n"
        "a3,Cy Park,,US,2024-01-20\n"
        "b1,Di Ng,,US,2024-02-01\n"
        "b2,Ed Roe,,US,2024-02-03\n"
        "l1,Lone Wolf,,US,2024-03-01\n"
    ),
    "payments.csv": (
        "contractor_id,paid_at,amount,currency,method,account\n"
        "a2,2024-02-01T10:00:00Z,100,USD,bank,DE89 3704 0044 0532 0130 00\n"
        "a3,2024-02-02T10:00:00Z,100,USD,bank,DE89370400440532013000\n"
        "b1,2024-03-01T10:00:00Z,100,USD,crypto,0x52908400098527886E0F7030069857D2E4169EE7\n"
        "b2,2024-03-02T10:00:00Z,100,USD,crypto,0x52908400098527886e0f7030069857d2e4169ee7\n"
    ),
    "logins.csv": (
        "contractor_id,ts,ip,device_id\n"
        "a3,2024-02-05T01:00:00Z,203.0.113.7,\n"
        "b1,2024-03-05T02:00:00Z,203.0.113.7,\n"
        "b2,2024-03-06T03:00:00Z,198.51.100.1,\n"
        "l1,2024-03-07T04:00:00Z,198.51.100.1,\n"
    ),
}

#: Both rings score about 45: at this alert level ring A is an alert and ring B is not.
ALERT_BETWEEN_RINGS = 45.3


@pytest.fixture
def tiny(write_case: Callable[..., Path]) -> Investigation:
    """The tiny case investigated, ring A alerted and ring B not."""
    return investigate(write_case(TINY_CASE), alert_threshold=ALERT_BETWEEN_RINGS)


def ring_of(investigation: Investigation, contractor_id: str) -> str:
    """The ring id of an identity of the tiny case."""
    scored = investigation.scored
    return str(scored.filter(scored["contractor_id"] == contractor_id)["ring_id"].item())
