"""The red-flag registry: every flag as one entry of data.

Weights are chosen for the noisy-OR combination used by scoring,
risk = 100 · (1 − Π(1 − w)): one weak flag (≤ 0.25) or two weak flags stay
under 50, three or more independent weak signals — what fronts show — cross
it; a shared identifier is medium (0.3–0.45) and still needs a second signal;
only logins from DPRK address space weigh more than 0.5 on their own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

from workbench.flags import access, equipment, location, network, payment, profile
from workbench.flags.context import FlagContext

#: The family whose flags read the other flags' results, so they run last.
NETWORK = "network"

#: Advisories the flags come from.
ADVISORY_2022 = "FBI/State/Treasury advisory on DPRK IT workers, May 2022"
ADVISORY_2023 = "U.S.–ROK advisory on DPRK IT workers, Oct 2023"
FBI_2024 = "FBI PSA on DPRK IT workers and laptop farms, May 2024"
FBI_2025 = "FBI PSA I-012325-PSA on DPRK IT workers, Jan 2025"
DPRK_NETBLOCKS = "APNIC allocation to Star JV (AS131279); Recorded Future, 2017"


@dataclass(frozen=True)
class Flag:
    """One red flag: what it means, where it comes from, what it reads, how it is found.

    `needs` lists (table, columns) the flag reads; columns separated by "|" are
    alternatives. The table "observations" names observation kinds as columns.
    `restates_tie` marks flags that say again what a link already says (a
    shared account, device, photo…): they count towards an identity's risk,
    but not a second time towards its ring's score.
    """

    code: str
    title: str
    description: str
    source: str
    weight: float
    needs: tuple[tuple[str, str], ...]
    family: str
    detect: Callable[[FlagContext], pl.DataFrame]
    restates_tie: bool = False


def _flag(
    code: str,
    title: str,
    family: str,
    source: str,
    weight: float,
    needs: tuple[tuple[str, str], ...],
    detect: Callable[[FlagContext], pl.DataFrame],
    *,
    restates_tie: bool = False,
) -> Flag:
    """An entry whose description is the first paragraph of `detect`'s docstring."""
    summary = (detect.__doc__ or "").strip().split("\n\n")[0]
    description = " ".join(summary.split())
    return Flag(code, title, description, source, weight, needs, family, detect, restates_tie)


FLAGS: tuple[Flag, ...] = (
    _flag(
        "VIDEO_DECLINED",
        "No video interview",
        "profile",
        ADVISORY_2022,
        0.2,
        (("contractors", "video_interview"),),
        profile.video_declined,
    ),
    _flag(
        "DUPLICATE_PHOTO",
        "Photo reused across identities",
        "profile",
        ADVISORY_2023,
        0.45,
        (("observations", "photo_hash"),),
        profile.duplicate_photo,
        restates_tie=True,
    ),
    _flag(
        "NEAR_DUPLICATE_RESUME",
        "Near-identical resume",
        "profile",
        FBI_2025,
        0.35,
        (("contractors", "resume_text"),),
        profile.near_duplicate_resume,
    ),
    _flag(
        "SHARED_GITHUB",
        "GitHub account shared",
        "profile",
        ADVISORY_2023,
        0.4,
        (("observations", "github"),),
        profile.shared_github,
        restates_tie=True,
    ),
    _flag(
        "CONFUSABLE_EMAIL",
        "Look-alike characters in e-mail",
        "profile",
        ADVISORY_2023,
        0.25,
        (("observations", "email"),),
        profile.confusable_email,
    ),
    _flag(
        "SEQUENTIAL_EMAIL",
        "E-mail from a numbered template",
        "profile",
        ADVISORY_2023,
        0.25,
        (("observations", "email"),),
        profile.sequential_email,
        restates_tie=True,
    ),
    _flag(
        "GEO_MISMATCH",
        "Logins away from claimed country",
        "location",
        ADVISORY_2022,
        0.25,
        (("contractors", "country"), ("logins", "country")),
        location.geo_mismatch,
    ),
    _flag(
        "HIGH_RISK_GEO",
        "Logins from DPRK",
        "location",
        f"{ADVISORY_2022}; {DPRK_NETBLOCKS}",
        0.6,
        (("logins", "ip|country"),),
        location.high_risk_geo,
    ),
    _flag(
        "HOST_COUNTRY_LOGINS",
        "Logins from China or Russia",
        "location",
        ADVISORY_2022,
        0.25,
        (("contractors", "country"), ("logins", "country")),
        location.host_country_logins,
    ),
    _flag(
        "UTC9_HOURS",
        "Works UTC+9 office hours",
        "location",
        ADVISORY_2023,
        0.25,
        (("contractors", "country"), ("logins", "ts")),
        location.utc9_hours,
    ),
    _flag(
        "LONG_SESSIONS",
        "Day-long sessions",
        "location",
        FBI_2024,
        0.15,
        (("logins", "session_minutes"),),
        location.long_sessions,
    ),
    _flag(
        "IMPOSSIBLE_TRAVEL",
        "Countries change within hours",
        "location",
        ADVISORY_2023,
        0.2,
        (("logins", "country"),),
        location.impossible_travel,
    ),
    _flag(
        "REMOTE_TOOL",
        "Remote-access tool",
        "access",
        FBI_2024,
        0.2,
        (("logins", "remote_tool"),),
        access.remote_tool,
    ),
    _flag(
        "VPN_HEAVY",
        "Mostly through VPN",
        "access",
        ADVISORY_2022,
        0.2,
        (("logins", "vpn"),),
        access.vpn_heavy,
    ),
    _flag(
        "VOIP_PHONE",
        "VoIP phone number",
        "access",
        ADVISORY_2023,
        0.2,
        (("observations", "phone"),),
        access.voip_phone,
    ),
    _flag(
        "SHARED_DEVICE",
        "Device shared across identities",
        "access",
        FBI_2024,
        0.35,
        (("observations", "device"),),
        access.shared_device,
        restates_tie=True,
    ),
    _flag(
        "SHARED_IP_WINDOW",
        "Identities on one IP within an hour",
        "access",
        ADVISORY_2023,
        0.3,
        (("logins", "ip"),),
        access.shared_ip_window,
        restates_tie=True,
    ),
    _flag(
        "CRYPTO_PAYMENT",
        "Paid in cryptocurrency",
        "payment",
        ADVISORY_2022,
        0.2,
        (("payments", "method|currency|account"),),
        payment.crypto_payment,
    ),
    _flag(
        "PAYEE_MISMATCH",
        "Paid to someone else's account",
        "payment",
        ADVISORY_2022,
        0.25,
        (("contractors", "full_name"), ("payments", "account_holder")),
        payment.payee_mismatch,
    ),
    _flag(
        "ACCOUNT_COUNTRY_MISMATCH",
        "Account in another country",
        "payment",
        ADVISORY_2023,
        0.25,
        (("contractors", "country"), ("payments", "account_country|account")),
        payment.account_country_mismatch,
    ),
    _flag(
        "SHARED_PAYMENT_ACCOUNT",
        "Account pays several identities",
        "payment",
        ADVISORY_2022,
        0.4,
        (("observations", "payment_account"),),
        payment.shared_payment_account,
        restates_tie=True,
    ),
    _flag(
        "ACCOUNT_CHURN",
        "Frequent account changes",
        "payment",
        ADVISORY_2023,
        0.2,
        (("payments", "account"),),
        payment.account_churn,
    ),
    _flag(
        "SHIP_TO_NOT_HOME",
        "Laptop shipped away from home",
        "equipment",
        FBI_2024,
        0.15,
        (("contractors", "address"), ("shipments", "ship_to_address")),
        equipment.ship_to_not_home,
    ),
    _flag(
        "SHIP_TO_SHARED",
        "Laptop farm address",
        "equipment",
        FBI_2024,
        0.45,
        (("shipments", "ship_to_address"),),
        equipment.ship_to_shared,
        restates_tie=True,
    ),
    _flag(
        "REFERRAL_CHAIN",
        "Referral tie to a flagged identity",
        NETWORK,
        ADVISORY_2023,
        0.2,
        (("referrals", "referrer_id"),),
        network.referral_chain,
        restates_tie=True,
    ),
)

#: Default weight of each flag code.
WEIGHTS: dict[str, float] = {flag.code: flag.weight for flag in FLAGS}
