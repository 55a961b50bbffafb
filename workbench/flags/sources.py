"""The public documents the red flags rest on, and the passages each flag cites.

A `Citation` names one document and the passage a flag rests on: the
document's own words (``quoted``, shown in quotation marks) or, where only a
summary of the document could be checked, a plain summary. A flag that no
public document describes cites `ANALYST_HEURISTIC` or `DATA_QUALITY`
instead, and carries a lower default weight (`HEURISTIC_WEIGHT`).
"""

from __future__ import annotations

from dataclasses import dataclass

#: The most a flag weighs when no public document describes its sign.
HEURISTIC_WEIGHT = 0.15

ADVISORY_2022 = (
    "U.S. Department of State, Department of the Treasury and FBI, "
    "Guidance on the Democratic People's Republic of Korea Information Technology Workers, "
    "16 May 2022"
)
ADVISORY_2023 = (
    "U.S. and Republic of Korea, Additional Guidance on the Democratic People's Republic of "
    "Korea Information Technology Workers (IC3 PSA231018), 18 Oct 2023"
)
PSA_2024 = (
    "FBI PSA I-051624-PSA, North Korea Leverages U.S.-Based Individuals to Defraud U.S. "
    "Businesses and Generate Revenue, 16 May 2024"
)
PSA_2025_JAN = (
    "FBI PSA I-012325-PSA, North Korean IT Workers Conducting Data Extortion, 23 Jan 2025"
)
PSA_2025_JUL = "FBI PSA (IC3 PSA250723-4), update on North Korean IT workers, 23 Jul 2025"
DOJ_KNOOT = (
    "U.S. Department of Justice, charges against Matthew Knoot (Nashville laptop farm), Aug 2024"
)
DOJ_REVGEN = (
    "U.S. Department of Justice, coordinated nationwide actions against North Korean remote "
    "IT worker schemes (DPRK RevGen: Domestic Enabler Initiative), 30 Jun 2025"
)
DOJ_CHAPMAN = (
    "U.S. Department of Justice, sentencing of Christina Chapman (Arizona laptop farm), 24 Jul 2025"
)
MANDIANT_2024 = (
    "Mandiant (Google Cloud), Staying a Step Ahead: Mitigating the DPRK IT Worker Threat "
    "(UNC5267), Sep 2024"
)
MANDIANT_PODCAST_2025 = (
    "Mandiant, The Defender's Advantage podcast, Responding to a DPRK ITW Incident, 19 May 2025"
)
MICROSOFT_2025 = (
    "Microsoft Threat Intelligence, Jasper Sleet: North Korean remote IT workers' evolving "
    "tactics to infiltrate organizations, 30 Jun 2025"
)
MITRE_KVM = "MITRE ATT&CK, T1219.003 Remote Access Hardware"
SEAL_2025 = "Security Alliance (SEAL) Frameworks, DPRK IT Workers: Summary (practitioner playbook)"
DPRK_NETBLOCKS = (
    "APNIC allocation 175.45.176.0/22 to Star JV (AS131279); Recorded Future reports on "
    "DPRK internet use, 2017"
)
#: No public document describes the sign: the workbench's own reasoning, said in the passage.
ANALYST_HEURISTIC = "analyst heuristic (no public source found)"
#: A check of the data's own consistency that no advisory names.
DATA_QUALITY = "data-quality check of the workbench (no public source)"
#: The analyst's own list of values known to be bad.
CASE_WATCHLIST = "the case's watchlist"

#: Documents that are not public sources: a flag citing only these is a heuristic.
NOT_PUBLIC = frozenset({ANALYST_HEURISTIC, DATA_QUALITY})


@dataclass(frozen=True)
class Citation:
    """One passage of one document that a flag rests on.

    Attributes
    ----------
    document : the document, by publisher, title and date (one of this module's constants).
    passage : what the document says that the flag rests on.
    quoted : the passage is the document's own words (shown in quotation marks);
        otherwise it is a summary of what the document says.

    Examples
    --------
    >>> Citation(ADVISORY_2023, "inconsistencies when they do appear on camera", quoted=True).text
    '“inconsistencies when they do appear on camera”'
    """

    document: str
    passage: str
    quoted: bool = False

    @property
    def text(self) -> str:
        """The passage as shown: in quotation marks when quoted, plain when summarised."""
        return f"“{self.passage}”" if self.quoted else self.passage

    @property
    def public(self) -> bool:
        """The citation names a public document, not the workbench's own reasoning."""
        return self.document not in NOT_PUBLIC


def quote(document: str, passage: str) -> Citation:
    """A citation of a document's own words.

    Examples
    --------
    >>> quote(ADVISORY_2022, "one or more days at a time").quoted
    True
    """
    return Citation(document, passage, quoted=True)


def summary(document: str, passage: str) -> Citation:
    """A citation that summarises what a document says (its wording could not be checked).

    Examples
    --------
    >>> summary(MANDIANT_2024, "Astrill VPN").quoted
    False
    """
    return Citation(document, passage, quoted=False)


def heuristic(reason: str) -> Citation:
    """The workbench's own reasoning, for a sign no public document describes.

    Examples
    --------
    >>> heuristic("look-alike letters hide a reused address").public
    False
    """
    return Citation(ANALYST_HEURISTIC, reason)
