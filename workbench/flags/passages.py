"""The passages the red flags cite, each written once (documents: `workbench.flags.sources`).

A quoted passage is the document's own words; a summary says what the
document says where its wording could not be checked. Names say what the
passage is about, so a registry entry reads as its reasons.
"""

from __future__ import annotations

from workbench.flags.sources import (
    ADVISORY_2022,
    ADVISORY_2023,
    CASE_WATCHLIST,
    DATA_QUALITY,
    DOJ_CHAPMAN,
    DOJ_KNOOT,
    DOJ_REVGEN,
    DPRK_NETBLOCKS,
    MANDIANT_2024,
    MANDIANT_PODCAST_2025,
    MICROSOFT_2025,
    MITRE_KVM,
    PSA_2024,
    PSA_2025_JAN,
    PSA_2025_JUL,
    SEAL_2025,
    Citation,
    heuristic,
    quote,
    summary,
)

# Who the workers claim to be, and where they are.
POSE_AS_US = quote(
    ADVISORY_2022,
    "In many cases, DPRK IT workers represent themselves as U.S.-based and/or non-North Korean "
    "teleworkers.",
)
WHERE_THEY_WORK = quote(
    MICROSOFT_2025,
    "These highly skilled workers are most often located in North Korea, China, and Russia",
)
INCONSISTENT_DETAILS = summary(
    ADVISORY_2022,
    "red flags include inconsistent name spelling, nationality, claimed work location, "
    "contact details, education and work history across platforms and profiles",
)
BUSINESS_HOURS = summary(
    ADVISORY_2022,
    "red flags include an inability to conduct business during regular business hours and to "
    "reach the worker in a timely manner",
)
CLAIMED_TIME_ZONE = quote(SEAL_2025, "work patterns that don't match their claimed time zone")
DPRK_ADDRESS_SPACE = summary(DPRK_NETBLOCKS, "the address ranges the DPRK uses or leases")

# Interviews, identities and profiles.
ON_CAMERA = quote(
    ADVISORY_2023,
    "Unwillingness or inability to appear on camera, conduct video interviews or video meetings; "
    "inconsistencies when they do appear on camera, such as time, location, or appearance.",
)
E_VERIFY = summary(PSA_2024, "verify remote workers' identification information through E-Verify")
FORGED_DOCUMENTS = summary(
    MICROSOFT_2025,
    "stolen and rented identities, with AI tools replacing the images in stolen employment and "
    "identity documents",
)
W2_CALL = quote(
    MANDIANT_PODCAST_2025,
    "The company got a call from an individual who got a W2 from them but did not work for them.",
)
WAGES_IN_STOLEN_NAMES = summary(
    DOJ_CHAPMAN,
    "income was falsely reported to the IRS and Social Security Administration in the names of "
    "the real people whose identities were stolen or borrowed",
)
PROFILE_PICTURES = summary(
    ADVISORY_2023,
    "online profiles that do not match the résumé, several profiles for one identity with "
    "different pictures",
)
ENHANCED_PHOTOS = quote(
    MICROSOFT_2025, "enhance North Korean IT worker photos to make them appear more professional"
)
DOCUMENT_TEMPLATES = quote(
    ADVISORY_2022,
    "Frequent use of document templates for things such as bidding documents and project "
    "communication methods, especially the same templates being used across different "
    "developer accounts",
)
SIMILAR_RESUMES = summary(MANDIANT_2024, "the fronts' résumés were alike, with U.S. addresses")
GITHUB_PROFILE = quote(SEAL_2025, "Scrutinize their GitHub profile for red flags")
LOOK_ALIKE_LETTERS = heuristic(
    "a look-alike letter (Cyrillic for Latin) lets one mailbox pass as new under a name that "
    "reads the same"
)
NUMBERED_ADDRESSES = heuristic(
    "addresses made in bulk for a team's fronts follow one stem with a running number"
)
SHARED_VOUCHER = heuristic(
    "a front team vouches for its own fronts, so one reference contact recurs across its "
    "applications; colleagues of one employer share a reference too"
)
VOIP_NUMBERS = summary(MANDIANT_2024, "VoIP numbers among the signs to check applicants for")
MADE_UP_NUMBERS = Citation(
    DATA_QUALITY, "digits no carrier could have assigned are made up or mistyped"
)

# Logins and networks.
CONCEAL_WITH_VPN_RMM = quote(
    MICROSOFT_2025,
    "use tools such as virtual private networks (VPNs) and remote monitoring and management "
    "(RMM) tools together with witting accomplices to conceal their locations and identities",
)
ASTRILL = summary(MANDIANT_2024, "the workers connect through VPNs such as Astrill VPN")
ONE_IP_MANY_ACCOUNTS = quote(
    ADVISORY_2022,
    "Developers are logging into multiple accounts on the same platform from one IP address",
)
MANY_COUNTRIES_ONE_ACCOUNT = quote(
    ADVISORY_2022,
    "Multiple logins into one account from various IP addresses in a relatively short period of "
    "time, especially if the IP addresses are associated with different countries",
)
LOGGED_IN_FOR_DAYS = quote(
    ADVISORY_2022,
    "Developers are logged into their accounts continuously for one or more days at a time",
)
SESSIONS_ELSEWHERE = quote(
    PSA_2025_JAN,
    "North Korean IT workers could attempt to harvest sensitive company credentials and session "
    "cookies to initiate work sessions from non-company devices",
)

# Company laptops and remote control.
REMOTE_DESKTOP_SETUP = quote(
    PSA_2024,
    "Setup of U.S.-based infrastructure, including by enabling remote desktop connections to U.S. "
    "company laptops through protocols or remote desktop connection software download and "
    "installation.",
)
UNAUTHORIZED_REMOTE_ACCESS = quote(
    PSA_2025_JUL, "including through the unauthorized installation of remote access software"
)
NOT_COMPANY_PRACTICE = quote(
    ADVISORY_2022,
    "particularly if usage of remote desktop sharing software is not standard company practice",
)
SEVERAL_RMM_TOOLS = summary(
    MANDIANT_2024,
    "several remote-administration tools (AnyDesk, TeamViewer, Chrome Remote Desktop, RustDesk …) "
    "found on one system",
)
KNOOT_REMOTE_DESKTOP = summary(
    DOJ_KNOOT, "unauthorized remote desktop applications installed on company laptops"
)
KVM_HARDWARE = quote(
    MITRE_KVM, "IP-based keyboard, video, or mouse (KVM) devices such as TinyPilot and PiKVM"
)
KVM_SWITCHES = summary(
    DOJ_REVGEN,
    "searches of laptop farms where company laptops were operated remotely through "
    "keyboard-video-mouse (KVM) switches",
)
MOUSE_JIGGLERS = summary(
    MANDIANT_2024,
    "several DPRK IT workers used mouse jigglers to look active on many laptops and jobs at "
    "once; watch for such software",
)
LAPTOPS_RECEIVED = quote(
    PSA_2024,
    "A U.S.-based internet connection enabled through U.S. company laptops received on their "
    "behalf by facilitators in the United States.",
)
SEND_DEVICES = quote(PSA_2024, "provide a U.S.-based location for companies to send devices")
FARM_SEIZED = summary(
    DOJ_CHAPMAN, "more than 90 company laptops were seized at one facilitator's home"
)
ADDRESS_CHANGES = summary(PSA_2024, "monitor applicants for changes of address")
RESHIPMENT = quote(
    PSA_2024, "Reshipment of U.S. company laptops to North Korean IT workers overseas."
)
SHIPPED_OVERSEAS = summary(
    DOJ_CHAPMAN,
    "the facilitator shipped 49 laptops and other devices supplied by U.S. companies to locations "
    "overseas, including a Chinese city near the North Korean border",
)

# Work and pay.
SEVERAL_JOBS = summary(
    MANDIANT_2024, "some workers held several positions at once, drawing several salaries"
)
PAYMENT_PLATFORMS = summary(
    ADVISORY_2022,
    "red flags include frequent transfers through payment platforms, often to bank accounts in "
    "the People's Republic of China, and requests for payment in cryptocurrency",
)
FACILITATOR_ACCOUNTS = quote(PSA_2024, "Setup of financial accounts for North Korean IT workers.")
SAME_PAYPAL = quote(
    ADVISORY_2022,
    "both the client and developer accounts use the same PayPal account to transfer/withdraw money",
)

# Referrals.
RECOMMEND_CANDIDATES = quote(SEAL_2025, "Be cautious if they recommend other candidates")
REFERRED_ON_SAME_NETWORK = summary(
    MANDIANT_PODCAST_2025,
    "a fraudulent employee referred a second fake employee; both company laptops used the same "
    "internet point of presence",
)

# The analyst's own knowledge.
KNOWN_BAD_VALUES = Citation(
    CASE_WATCHLIST,
    "values the analyst knows to be bad: a sanctions list (OFAC's SDN digital currency "
    "addresses), another case's confirmed ring",
)
