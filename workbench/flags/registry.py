"""The red-flag registry: every flag as one entry of data.

Weights are chosen for the noisy-OR combination used by scoring,
risk = 100 · (1 − Π(1 − w)): one weak flag (at most `WEAK_WEIGHT`) or two
weak flags stay under the alert threshold, three or more independent weak
signals — what fronts show — cross it; a shared identifier is medium
(0.3–0.45) and still needs a second signal; only logins from DPRK address
space and a value on the case's own watchlist weigh more than 0.5 on their own.

A flag's family is the module of its `detect` function, its description is
that function's docstring and its thresholds are constants of that module, so
each concept has one home.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

from workbench.flags import access, equipment, location, network, payment, profile, watchlist
from workbench.flags.context import FlagContext

#: The most a weak flag weighs: two weak flags stay under the alert threshold.
WEAK_WEIGHT = 0.25

#: Advisories the flags come from.
ADVISORY_2022 = "FBI/State/Treasury advisory on DPRK IT workers, May 2022"
ADVISORY_2023 = "U.S.–ROK advisory on DPRK IT workers, Oct 2023"
FBI_2024 = "FBI PSA on DPRK IT workers and laptop farms, May 2024"
FBI_2025 = "FBI PSA I-012325-PSA on DPRK IT workers, Jan 2025"
DPRK_NETBLOCKS = "APNIC allocation to Star JV (AS131279); Recorded Future, 2017"
#: For the workbench's own checks on data quality that no advisory names.
NO_PUBLIC_SOURCE = "no public source: a data-quality check of the workbench"
#: The analyst's own list of values known to be bad.
CASE_WATCHLIST = (
    "the case's watchlist: a sanctions list (OFAC's SDN digital currency addresses), "
    "another case's confirmed ring"
)


def family_of(module: str) -> str:
    """The flag family a module holds: the last part of its dotted name.

    Examples
    --------
    >>> family_of("workbench.flags.access")
    'access'
    """
    return module.rpartition(".")[2]


#: The family whose flags read the other flags' results, so they run last.
NETWORK = family_of(network.__name__)


@dataclass(frozen=True)
class Needs:
    """Columns of one case table a flag reads; a value in any one of them will do.

    Examples
    --------
    >>> Needs("payments", any_of=("account_country", "account")).any_of
    ('account_country', 'account')
    """

    table: str
    any_of: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class Flag:
    """One red flag: what it means, where it comes from, what it reads, how it is found.

    Attributes
    ----------
    code : the flag's identifier in flags.csv, run.json and weight overrides.
    title : a few words for tables.
    source : the advisories or reports that describe the sign.
    weight : default weight (0–1] in the noisy-OR flag risk.
    detect : finds the flag in a `FlagContext`. Its module is the flag's family,
        the first paragraph of its docstring is the description, and the
        constants named in `thresholds` are looked up in that module.
    needs : case-table columns the flag reads; each entry needs a value in at
        least one of its columns, or the flag is not evaluated.
    kinds : observation kinds the flag reads; when given, a case needs at least
        one sighting of one of them, or the flag is not evaluated.
    thresholds : names of the constants in `detect`'s module that decide
        when the flag is raised (the red-flag page prints their values).
    restates_tie : the flag says again what a link already says (a shared
        account, device, photo…): it counts towards an identity's risk, but not
        a second time towards its ring's score.
    conduct : the flag reads only the identity's own conduct (its hours, its
        tools, its interview), never a shared value or what is widely shared:
        it is evaluated before linking, as evidence on the values its holders
        share (`workbench.concentration`).

    Examples
    --------
    >>> flag = Flag(code="VPN_HEAVY", title="Mostly through VPN", source="advisory",
    ...     weight=0.2, detect=access.vpn_heavy, needs=(Needs("logins", any_of=("vpn",)),),
    ...     thresholds=("VPN_SHARE", "VPN_MIN_LOGINS"))
    >>> flag.family, flag.threshold_values
    ('access', {'VPN_SHARE': 0.5, 'VPN_MIN_LOGINS': 5})
    """

    code: str
    title: str
    source: str
    weight: float
    detect: Callable[[FlagContext], pl.DataFrame]
    needs: tuple[Needs, ...] = ()
    kinds: tuple[str, ...] = ()
    thresholds: tuple[str, ...] = ()
    restates_tie: bool = False
    conduct: bool = False

    @property
    def family(self) -> str:
        """The name of the module `detect` lives in (``access``, ``network`` …)."""
        return family_of(self.detect.__module__)

    @property
    def description(self) -> str:
        """The first paragraph of `detect`'s docstring, on one line."""
        summary = (self.detect.__doc__ or "").strip().split("\n\n")[0]
        return " ".join(summary.split())

    @property
    def threshold_values(self) -> dict[str, object]:
        """Each name in `thresholds` with the current value of its constant."""
        module = importlib.import_module(self.detect.__module__)
        return {name: getattr(module, name) for name in self.thresholds}


FLAGS: tuple[Flag, ...] = (
    Flag(
        code="VIDEO_DECLINED",
        title="No video interview",
        source=ADVISORY_2022,
        weight=0.2,
        detect=profile.video_declined,
        needs=(Needs("contractors", any_of=("video_interview",)),),
        conduct=True,
    ),
    Flag(
        code="DUPLICATE_PHOTO",
        title="Photo reused across identities",
        source=ADVISORY_2023,
        weight=0.45,
        detect=profile.duplicate_photo,
        kinds=("photo_hash",),
        restates_tie=True,
    ),
    Flag(
        code="NEAR_DUPLICATE_RESUME",
        title="Near-identical resume",
        source=FBI_2025,
        weight=0.35,
        detect=profile.near_duplicate_resume,
        needs=(Needs("contractors", any_of=("resume_text",)),),
        thresholds=("RESUME_JACCARD",),
    ),
    Flag(
        code="SHARED_GITHUB",
        title="GitHub account shared",
        source=ADVISORY_2023,
        weight=0.4,
        detect=profile.shared_github,
        kinds=("github",),
        restates_tie=True,
    ),
    Flag(
        code="CONFUSABLE_EMAIL",
        title="Look-alike characters in e-mail",
        source=ADVISORY_2023,
        weight=0.25,
        detect=profile.confusable_email,
        kinds=("email",),
    ),
    Flag(
        code="SEQUENTIAL_EMAIL",
        title="E-mail from a numbered template",
        source=ADVISORY_2023,
        weight=0.25,
        detect=profile.sequential_email,
        kinds=("email",),
        thresholds=("SEQUENCE_GAP", "MIN_STEM", "MIN_NAME_PART"),
        restates_tie=True,
    ),
    Flag(
        code="GEO_MISMATCH",
        title="Logins away from claimed country",
        source=ADVISORY_2022,
        weight=0.25,
        detect=location.geo_mismatch,
        needs=(
            Needs("contractors", any_of=("country",)),
            Needs("logins", any_of=("country",)),
        ),
        thresholds=("GEO_MISMATCH_SHARE", "GEO_MISMATCH_MIN"),
    ),
    Flag(
        code="HIGH_RISK_GEO",
        title="Logins from DPRK",
        source=f"{ADVISORY_2022}; {DPRK_NETBLOCKS}",
        weight=0.6,
        detect=location.high_risk_geo,
        needs=(
            Needs(
                "logins",
                any_of=(
                    "ip",
                    "country",
                ),
            ),
        ),
        conduct=True,
    ),
    Flag(
        code="HOST_COUNTRY_LOGINS",
        title="Logins from China or Russia",
        source=ADVISORY_2022,
        weight=0.25,
        detect=location.host_country_logins,
        needs=(
            Needs("contractors", any_of=("country",)),
            Needs("logins", any_of=("country",)),
        ),
        thresholds=("HOST_COUNTRY_MIN",),
    ),
    Flag(
        code="UTC9_HOURS",
        title="Works UTC+9 office hours",
        source=ADVISORY_2023,
        weight=0.25,
        detect=location.utc9_hours,
        needs=(
            Needs("contractors", any_of=("country",)),
            Needs("logins", any_of=("ts",)),
        ),
        thresholds=("UTC9_OFFICE_HOURS", "UTC9_SHARE", "UTC9_MIN_LOGINS"),
        conduct=True,
    ),
    Flag(
        code="CLAIMS_SPLIT",
        title="Shares a device, phone or mailbox across claimed countries",
        source=ADVISORY_2022,
        weight=0.3,
        detect=location.claims_split,
        needs=(Needs("contractors", any_of=("country",)),),
        kinds=location.PERSONAL_KINDS,
    ),
    Flag(
        code="LONG_SESSIONS",
        title="Very long sessions",
        source=FBI_2024,
        weight=0.15,
        detect=location.long_sessions,
        needs=(Needs("logins", any_of=("session_minutes",)),),
        thresholds=("LONG_SESSION_MINUTES", "LONG_SESSION_MIN"),
        conduct=True,
    ),
    Flag(
        code="IMPOSSIBLE_TRAVEL",
        title="Countries change within hours",
        source=ADVISORY_2023,
        weight=0.2,
        detect=location.impossible_travel,
        needs=(Needs("logins", any_of=("country",)),),
        thresholds=("TRAVEL_WINDOW_HOURS", "TRAVEL_MIN_HOPS"),
    ),
    Flag(
        code="REMOTE_TOOL",
        title="Remote-access tool",
        source=FBI_2024,
        weight=0.2,
        detect=access.remote_tool,
        needs=(Needs("logins", any_of=("remote_tool",)),),
        conduct=True,
    ),
    Flag(
        code="VPN_HEAVY",
        title="Mostly through VPN",
        source=ADVISORY_2022,
        weight=0.2,
        detect=access.vpn_heavy,
        needs=(Needs("logins", any_of=("vpn",)),),
        thresholds=("VPN_SHARE", "VPN_MIN_LOGINS"),
    ),
    Flag(
        code="VOIP_PHONE",
        title="VoIP phone number",
        source=ADVISORY_2023,
        weight=0.2,
        detect=access.voip_phone,
        kinds=("phone",),
    ),
    Flag(
        code="UNASSIGNED_PHONE",
        title="Phone number no carrier assigns",
        source=NO_PUBLIC_SOURCE,
        weight=0.05,
        detect=access.unassigned_phone,
        kinds=("phone",),
    ),
    Flag(
        code="SHARED_DEVICE",
        title="Device shared across identities",
        source=FBI_2024,
        weight=0.35,
        detect=access.shared_device,
        kinds=("device",),
        restates_tie=True,
    ),
    Flag(
        code="SHARED_IP_WINDOW",
        title="Identities on one IP at once",
        source=ADVISORY_2023,
        weight=0.3,
        detect=access.shared_ip_window,
        needs=(Needs("logins", any_of=("ip",)),),
        thresholds=("SHARED_IP_WINDOW_MINUTES",),
        restates_tie=True,
    ),
    Flag(
        code="CRYPTO_PAYMENT",
        title="Paid in cryptocurrency",
        source=ADVISORY_2022,
        weight=0.2,
        detect=payment.crypto_payment,
        needs=(
            Needs(
                "payments",
                any_of=(
                    "method",
                    "currency",
                    "account",
                ),
            ),
        ),
    ),
    Flag(
        code="PAYEE_MISMATCH",
        title="Paid to someone else's account",
        source=ADVISORY_2022,
        weight=0.25,
        detect=payment.payee_mismatch,
        needs=(
            Needs("contractors", any_of=("full_name",)),
            Needs("payments", any_of=("account_holder",)),
        ),
    ),
    Flag(
        code="ACCOUNT_COUNTRY_MISMATCH",
        title="Account in another country",
        source=ADVISORY_2023,
        weight=0.25,
        detect=payment.account_country_mismatch,
        needs=(
            Needs("contractors", any_of=("country",)),
            Needs(
                "payments",
                any_of=(
                    "account_country",
                    "account",
                ),
            ),
        ),
    ),
    Flag(
        code="SHARED_PAYMENT_ACCOUNT",
        title="Account pays several identities",
        source=ADVISORY_2022,
        weight=0.4,
        detect=payment.shared_payment_account,
        kinds=("payment_account",),
        restates_tie=True,
    ),
    Flag(
        code="ACCOUNT_CHURN",
        title="Frequent account changes",
        source=ADVISORY_2023,
        weight=0.2,
        detect=payment.account_churn,
        needs=(Needs("payments", any_of=("account",)),),
        thresholds=("CHURN_ACCOUNTS", "CHURN_DAYS"),
    ),
    Flag(
        code="SHIP_TO_NOT_HOME",
        title="Laptop shipped away from home",
        source=FBI_2024,
        weight=0.15,
        detect=equipment.ship_to_not_home,
        needs=(
            Needs("contractors", any_of=("address",)),
            Needs("shipments", any_of=("ship_to_address",)),
        ),
    ),
    Flag(
        code="SHIP_TO_SHARED",
        title="Laptop farm address",
        source=FBI_2024,
        weight=0.45,
        detect=equipment.ship_to_shared,
        needs=(Needs("shipments", any_of=("ship_to_address",)),),
        thresholds=("FARM_MIN_IDENTITIES",),
        restates_tie=True,
    ),
    Flag(
        code="REFERRAL_CHAIN",
        title="Referral tie to a flagged identity",
        source=ADVISORY_2023,
        weight=0.2,
        detect=network.referral_chain,
        needs=(Needs("referrals", any_of=("referrer_id",)),),
        thresholds=("PARTNER_MIN_FLAGS",),
        restates_tie=True,
    ),
    Flag(
        code="WATCHLIST_HIT",
        title="On the watchlist",
        source=CASE_WATCHLIST,
        weight=0.6,
        detect=watchlist.watchlist_hit,
        needs=(Needs("watchlist", any_of=("value",)),),
    ),
)

#: The flags that read an identity's own conduct only (see `Flag.conduct`).
CONDUCT_FLAGS: tuple[Flag, ...] = tuple(flag for flag in FLAGS if flag.conduct)

#: Default weight of each flag code.
WEIGHTS: dict[str, float] = {flag.code: flag.weight for flag in FLAGS}
