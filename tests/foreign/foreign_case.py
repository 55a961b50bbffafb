"""An independent writer of case folders "from another tool", for acceptance tests.

It shares no code with `workbench.synth` and uses other conventions on
purpose: ids like ``EMP-00017`` or UUIDs, countries as English names or
alpha-3, several e-mails per person joined by ``"; "``, phones in E.164 and
national formats, timestamps with ``Z``, offsets, fractions or a space, mixed
file formats (jsonl, parquet, csv with a BOM and CRLF), columns in another
order, extra columns and a ``case.toml`` column mapping.

Ground truth stays in Python (`ForeignCase.kinds`) and is never written into
the folder.
"""

from __future__ import annotations

import csv
import json
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import phonenumbers
import polars as pl
from schwifty import IBAN

FRONT_KINDS = ("ring", "lone")
BENIGN_GROUPS = ("family", "agency", "cowork")

XSS_IMG = "<img src=x onerror=window.__pwned=1>"
XSS_SCRIPT = "</script><script>window.__pwned=1</script>"
XSS_SVG = '"><svg onload=window.__pwned=1>'
FORMULA = '=HYPERLINK("http://x")'

# country code: (English name, alpha-3, zones, phone region)
COUNTRIES = {
    "US": ("United States", "USA", ("America/New_York", "America/Chicago", "America/Los_Angeles")),
    "CA": ("Canada", "CAN", ("America/Toronto", "America/Vancouver")),
    "JP": ("Japan", "JPN", ("Asia/Tokyo",)),
    "KR": ("South Korea", "KOR", ("Asia/Seoul",)),
    "DE": ("Germany", "DEU", ("Europe/Berlin",)),
    "GB": ("United Kingdom", "GBR", ("Europe/London",)),
    "PL": ("Poland", "POL", ("Europe/Warsaw",)),
}
LEGIT_MIX = ("US",) * 9 + ("CA",) * 3 + ("JP",) * 2 + ("KR",) * 2 + ("DE", "GB", "PL") * 2
FIRST = {
    "US": [
        "James",
        "Mary",
        "Robert",
        "Linda",
        "Michael",
        "Susan",
        "David",
        "Karen",
        "Daniel",
        "Emily",
        "Kevin",
        "Laura",
        "Brian",
        "Megan",
        "Jason",
        "Rachel",
        "Eric",
        "Amanda",
        "Tyler",
        "Nicole",
        "Aaron",
        "Heather",
        "Marcus",
        "Olivia",
    ],
    "JP": [
        "Haruto",
        "Yui",
        "Sota",
        "Aoi",
        "Ren",
        "Hina",
        "Yuto",
        "Mei",
        "Kaito",
        "Sakura",
        "Riku",
        "Yuna",
        "Takumi",
        "Rin",
    ],
    "KR": [
        "Minjun",
        "Seoyeon",
        "Jiho",
        "Jiwoo",
        "Hyunwoo",
        "Soyeon",
        "Junho",
        "Yejin",
        "Dohyun",
        "Eunji",
        "Sungmin",
    ],
    "DE": [
        "Lukas",
        "Anna",
        "Felix",
        "Lea",
        "Jonas",
        "Marie",
        "Paul",
        "Hannah",
        "Leon",
        "Sophie",
        "Max",
        "Lena",
    ],
    "PL": [
        "Jakub",
        "Zofia",
        "Kacper",
        "Julia",
        "Szymon",
        "Maja",
        "Filip",
        "Hanna",
        "Wojciech",
        "Alicja",
    ],
}
LAST = {
    "US": [
        "Smith",
        "Johnson",
        "Williams",
        "Brown",
        "Jones",
        "Miller",
        "Davis",
        "Wilson",
        "Anderson",
        "Taylor",
        "Thomas",
        "Moore",
        "Martin",
        "Jackson",
        "Thompson",
        "White",
        "Harris",
        "Clark",
        "Lewis",
        "Walker",
        "Hall",
        "Young",
        "King",
        "Wright",
    ],
    "JP": [
        "Sato",
        "Suzuki",
        "Takahashi",
        "Tanaka",
        "Watanabe",
        "Ito",
        "Yamamoto",
        "Nakamura",
        "Kobayashi",
        "Kato",
    ],
    "KR": [
        "Kim",
        "Lee",
        "Park",
        "Choi",
        "Jung",
        "Kang",
        "Cho",
        "Yoon",
        "Jang",
        "Lim",
        "Han",
        "Shin",
    ],
    "DE": [
        "Mueller",
        "Schmidt",
        "Schneider",
        "Fischer",
        "Weber",
        "Meyer",
        "Wagner",
        "Becker",
        "Schulz",
        "Hoffmann",
    ],
    "PL": [
        "Nowak",
        "Kowalski",
        "Wisniewski",
        "Wojcik",
        "Kowalczyk",
        "Kaminski",
        "Lewandowski",
        "Zielinski",
    ],
}
for _alias, _source in (("CA", "US"), ("GB", "US")):
    FIRST[_alias], LAST[_alias] = FIRST[_source], LAST[_source]
STREETS = [
    "Oak",
    "Maple",
    "Cedar",
    "Pine",
    "Elm",
    "Washington",
    "Lake",
    "Hill",
    "Park",
    "Sunset",
    "Highland",
    "Lincoln",
]
SUFFIXES = (("Street", "St"), ("Avenue", "Ave"), ("Road", "Rd"), ("Boulevard", "Blvd"))
US_CITIES = (
    ("Austin", "TX", "787"), ("Denver", "CO", "802"), ("Columbus", "OH", "432"),
    ("Portland", "OR", "972"), ("Raleigh", "NC", "276"), ("Phoenix", "AZ", "850"),
)  # fmt: skip
DOMAINS = ("gmail.com", "outlook.com", "yahoo.com", "proton.me", "icloud.com")
THEMES = ("bluewhale", "ironfox", "skyline", "goldcrane", "nightowl", "redpanda", "stormbird")
SKILLS = [
    "Python",
    "React",
    "TypeScript",
    "Go",
    "Rust",
    "Kubernetes",
    "AWS",
    "GCP",
    "Terraform",
    "Django",
    "Flask",
    "Node.js",
    "Java",
    "Kotlin",
    "Swift",
    "PostgreSQL",
    "Redis",
    "Kafka",
    "GraphQL",
    "Docker",
    "Spark",
    "Airflow",
    "Vue",
    "Angular",
    "C#",
    ".NET",
    "Solidity",
    "Web3",
    "Unity",
    "Flutter",
]
CLIENTS = ("Globex Corp", "Initech", "Umbrella Health", "Stark Logistics", "Wayne Fintech")
VPN_BLOCKS = ("185.220.101", "45.134.212", "193.32.127", "89.187.163", "146.70.119")
HOME_BLOCKS = {"US": (73, 98, 24, 71), "CA": (70, 99), "JP": (126, 60), "KR": (121, 211),
               "DE": (91, 79), "GB": (86, 82), "PL": (83, 178)}  # fmt: skip
HOST_BLOCKS = {"CN": (36, 112, 183), "RU": (95, 5)}
START = datetime(2024, 2, 1, tzinfo=UTC)


@dataclass
class Person:
    """One identity and everything the tables say about it."""

    cid: str
    kind: str
    group: str
    code: str
    first: str
    last: str
    zone: str
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    address: str = ""
    address_alt: str = ""
    video: str = "Completed"
    github: str = ""
    photo: str = ""
    resume: str = ""
    client: str = ""
    home_ip: str = ""
    device: str = ""
    work_zone: str = ""
    night: bool = False
    ips: list[tuple[str, str, bool, float]] = field(default_factory=list)
    tool: str = ""
    accounts: list[tuple[str, str, str, str, str]] = field(default_factory=list)
    ship_to: str = ""
    ship_name: str = ""


@dataclass
class ForeignCase:
    """A written folder, its ground truth and any rows planted to be rejected."""

    path: Path
    kinds: dict[str, str]
    groups: dict[str, str]
    planted: list[tuple[str, int, str]] = field(default_factory=list)
    attacked: list[str] = field(default_factory=list)


class _Writer:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.used_ids: set[str] = set()
        self.used_values: set[str] = set()
        self.people: list[Person] = []
        self.referrals: list[tuple[str, str]] = []

    # --- values -----------------------------------------------------------------
    def unique(self, make: Callable[[], str]) -> str:
        """A value no other person was given (real people do not share inboxes)."""
        while (value := make()).lower() in self.used_values:
            pass
        self.used_values.add(value.lower())
        return value

    def cid(self) -> str:
        while True:
            if self.rng.random() < 0.2:
                value = str(uuid.UUID(int=self.rng.getrandbits(128), version=4))
            else:
                value = f"EMP-{self.rng.randrange(1, 99999):05d}"
            if value not in self.used_ids:
                self.used_ids.add(value)
                return value

    def ip(self, blocks: tuple[int, ...]) -> str:
        r = self.rng
        return (
            f"{r.choice(blocks)}.{r.randrange(1, 255)}.{r.randrange(0, 255)}.{r.randrange(2, 254)}"
        )

    def phone(self, region: str, national: bool | None = None) -> str:
        r = self.rng
        prefix = {"US": "+1", "CA": "+1", "JP": "+8190", "KR": "+8210", "DE": "+4915",
                  "GB": "+447", "PL": "+4850"}[region]  # fmt: skip
        while True:
            digits = {"US": 10, "CA": 10, "JP": 8, "KR": 8, "DE": 9, "GB": 9, "PL": 7}[region]
            body = "".join(str(r.randrange(10)) for _ in range(digits))
            if region in ("US", "CA"):
                body = r.choice(("212", "312", "415", "617", "512", "416", "604")) + body[3:]
            number = phonenumbers.parse(prefix + body)
            if phonenumbers.is_valid_number(number) and (
                phonenumbers.region_code_for_number(number) == region
            ):
                break
        style = r.random() if national is None else (0.0 if national else 0.9)
        if style < 0.4:
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
        if style < 0.7:
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)

    def voip(self) -> str:
        r = self.rng
        if r.random() < 0.5:
            return f"+44 56{r.randrange(10)} {r.randrange(1000, 9999)} {r.randrange(1000, 9999)}"
        return f"050-{r.randrange(1000, 9999)}-{r.randrange(1000, 9999)}"

    def address(self, code: str) -> tuple[str, str]:
        """One home written two ways."""
        r = self.rng
        num, unit = r.randrange(10, 9900), r.randrange(1, 40)
        street = r.choice(STREETS)
        if code in ("US", "CA"):
            long, short = r.choice(SUFFIXES)
            city, state, zip3 = r.choice(US_CITIES)
            zip5 = f"{zip3}{r.randrange(10, 99)}"
            return (
                f"{num} {street} {long}, Apt {unit}, {city}, {state} {zip5}",
                f"{num} {street.upper()} {short.upper()} #{unit} {city.upper()} {state} "
                f"{zip5}-{r.randrange(1000, 9999)}",
            )
        if code == "DE":
            zip5 = r.randrange(10000, 99999)
            return (
                f"{street}straße {num % 200}, {zip5} Berlin",
                f"{street}str. {num % 200}, D-{zip5} Berlin",
            )
        if code == "JP":
            ward, town = r.choice(
                (
                    ("Shibuya", "Jingumae"),
                    ("Minato", "Azabu"),
                    ("Setagaya", "Kyodo"),
                    ("Nakano", "Arai"),
                )
            )
            block = f"{r.randrange(1, 10)}-{r.randrange(1, 40)}-{r.randrange(1, 30)}"
            zip7 = f"{r.randrange(100, 199)}-{r.randrange(0, 9999):04d}"
            return (
                f"{block} {town}, {ward}-ku, Tokyo {zip7}",
                f"Tokyo, {ward}-ku, {town} {block}, {zip7}",
            )
        if code == "KR":
            postcode = f"{r.randrange(6000, 6999):05d}"
            return (
                f"{num % 300}, Teheran-ro {unit}-gil, Gangnam-gu, Seoul {postcode}",
                f"Seoul Gangnam-gu Teheran-ro {unit}-gil {num % 300}",
            )
        post = f"{r.choice('NSEW')}{r.randrange(1, 20)} {r.randrange(1, 9)}AB"
        return (
            f"Flat {unit}, {num} {street} Road, London {post}",
            f"{num} {street} Rd, Flat {unit}, London, {post}",
        )

    def resume(self, first: str, last: str) -> str:
        r = self.rng
        skills = r.sample(SKILLS, 6)
        years = r.randrange(2, 18)
        company = r.choice(("Acme", "Hooli", "Pied Piper", "Vandelay", "Cyberdyne", "Soylent"))
        return (
            f"{first} {last}. {years} years building software at {company} and others. "
            f"Core skills: {', '.join(skills)}. Led {r.randrange(2, 9)} projects; "
            f"mentored {r.randrange(1, 12)} engineers; hobby: {r.choice(STREETS).lower()} hiking."
        )

    # --- people -----------------------------------------------------------------
    def person(
        self, kind: str, group: str, code: str | None = None, last: str | None = None
    ) -> Person:
        r = self.rng
        code = code or r.choice(LEGIT_MIX)
        first = r.choice(FIRST[code])
        last = last or r.choice(LAST[code])
        zone = r.choice(COUNTRIES[code][2])
        p = Person(self.cid(), kind, group, code, first, last, zone, work_zone=zone)
        p.emails = [
            self.unique(lambda: f"{first}.{last}{r.randrange(1, 999)}@{r.choice(DOMAINS)}".lower())
        ]
        if r.random() < 0.5:
            p.emails.append(
                self.unique(lambda: f"{first[0]}{last}{r.randrange(1, 9999)}@{r.choice(DOMAINS)}")
            )
        p.phones = [self.phone(code)]
        p.address, p.address_alt = self.address(code)
        handle = self.unique(lambda: f"{first}{last}{r.randrange(1000)}".lower())
        p.github = r.choice(("https://github.com/", "@", "")) + handle
        p.photo = f"{r.getrandbits(64):016x}"
        p.resume = self.resume(first, last)
        p.client = r.choice(CLIENTS)
        p.home_ip = self.ip(HOME_BLOCKS[code])
        p.device = (
            str(uuid.UUID(int=r.getrandbits(128)))
            if r.random() < 0.5
            else f"MDM-{r.getrandbits(40):010X}"
        )
        p.ips = [(p.home_ip, code, False, 1.0)]
        p.ship_to, p.ship_name = (
            (p.address if r.random() < 0.7 else p.address_alt),
            f"{first} {last}",
        )
        p.accounts = [self.own_account(p)]
        self.people.append(p)
        return p

    def own_account(self, p: Person) -> tuple[str, str, str, str, str]:
        """(method, currency, account, holder, account country) of one's own pay."""
        r = self.rng
        holder = f"{p.first} {p.last}" if r.random() < 0.7 else f"{p.last.upper()}, {p.first}"
        if p.code in ("DE", "GB", "PL"):
            bank = {"DE": "37040044", "GB": "NWBK", "PL": "10901014"}[p.code]
            iban = IBAN.generate(
                p.code, bank_code=bank, account_code=str(r.randrange(10**7, 10**8))
            )
            text = r.choice(
                (
                    iban.formatted,
                    str(iban),
                    iban.formatted.lower(),
                    str(iban)[:4] + "  " + str(iban)[4:],
                )
            )
            return (
                "bank",
                "EUR" if p.code == "DE" else ("GBP" if p.code == "GB" else "PLN"),
                text,
                holder,
                p.code,
            )
        if r.random() < 0.3:
            return (
                r.choice(("paypal", "payoneer", "wise")),
                "USD",
                p.emails[0].upper() if r.random() < 0.3 else p.emails[0],
                holder,
                "",
            )
        number = f"{r.randrange(10**9, 10**10)}"
        text = r.choice((f"021000021 {number}", f"ACCT {number}", f"{number[:4]}-{number[4:]}"))
        currency = {"JP": "JPY", "KR": "KRW", "CA": "CAD"}.get(p.code, "USD")
        return (
            "bank",
            currency,
            text,
            holder,
            COUNTRIES[p.code][0] if r.random() < 0.5 else p.code,
        )

    def wallet(self) -> tuple[str, str, str]:
        r = self.rng
        alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
        pick = r.random()
        if pick < 0.5:
            return "USDT", "T" + "".join(r.choice(alphabet) for _ in range(33)), "Tron"
        if pick < 0.8:
            return "USDC", "0x" + f"{r.getrandbits(160):040x}", "Ethereum"
        return (
            "BTC",
            "bc1q" + "".join(r.choice("023456789acdefghjklmnpqrstuvwxyz") for _ in range(38)),
            "Bitcoin",
        )

    def legit(self, n: int) -> None:
        for _ in range(n):
            p = self.person("normal", "")
            self.legit_habits(p)

    def legit_habits(self, p: Person) -> None:
        r = self.rng
        if r.random() < 0.06:
            p.video = r.choice(("Declined", "CAMERA_OFF", "camera_off"))
        elif r.random() < 0.1:
            p.video = r.choice(("", "Unknown", "not_held"))
        else:
            p.video = r.choice(("Completed", "COMPLETED", "completed"))
        p.night = r.random() < 0.05
        if r.random() < 0.04:
            p.tool = r.choice(("TeamViewer", "AnyDesk", "rdp"))
        if r.random() < 0.08:
            p.ips.append(
                (
                    f"{r.choice(VPN_BLOCKS)}.{r.randrange(2, 60)}",
                    r.choice(("NL", "US", "SE")),
                    True,
                    0.4,
                )
            )
        if r.random() < 0.05:
            p.ips.append((self.ip(HOME_BLOCKS["JP"]), "JP", False, 0.1))
        if r.random() < 0.01:
            currency, wallet, _ = self.wallet()
            p.accounts = [("crypto", currency, wallet, f"{p.first} {p.last}", "")]
        if r.random() < 0.05:  # placeholders from the source system
            p.phones = [r.choice(("000-000-0000", "N/A"))]
            p.emails.append("none")
            p.device = "00000000-0000-0000-0000-000000000000"
        if r.random() < 0.03 and self.people:
            self.referrals.append((r.choice(self.people).cid, p.cid))

    # --- benign look-alikes -----------------------------------------------------------
    def families(self, count: int) -> None:
        r = self.rng
        for index in range(count):
            code = r.choice(("US", "US", "CA", "DE", "JP"))
            head = self.person("family", f"family{index}", code)
            self.legit_habits(head)
            for _ in range(r.randrange(1, 4)):
                kin = self.person("family", head.group, code, last=head.last)
                self.legit_habits(kin)
                kin.address, kin.address_alt = head.address_alt, head.address
                kin.ship_to = kin.address
                kin.home_ip = head.home_ip
                kin.ips[0] = (head.home_ip, code, False, 1.0)

    def agency(self, size: int) -> None:
        r = self.rng
        number = f"{r.randrange(10**9, 10**10)}"
        for _ in range(size):
            p = self.person("agency", "agency0", "US")
            self.legit_habits(p)
            p.accounts = [("bank", "USD", f"026009593 {number}", "Brightpath Staffing LLC", "US")]

    def cowork(self, size: int) -> None:
        ip = self.ip(HOME_BLOCKS["US"])
        for _ in range(size):
            p = self.person("cowork", "cowork0", "US")
            self.legit_habits(p)
            p.ips.append((ip, "US", False, 1.5))

    def corporate_vpn(self, share: float) -> None:
        r = self.rng
        exits = [f"203.0.113.{r.randrange(2, 9)}" for _ in range(2)]
        for p in self.people:
            if p.kind in ("normal", "family", "cowork") and r.random() < share:
                p.client = "Globex Corp"
                p.ips.append((r.choice(exits), "US", r.random() < 0.25, 1.2))

    # --- fronts -----------------------------------------------------------------
    def front_habits(self, p: Person) -> None:
        r = self.rng
        p.video = (
            r.choice(("Declined", "CAMERA_OFF", "camera off", "Completed"))
            if r.random() < 0.65
            else "Completed"
        )
        if r.random() < 0.7:
            p.work_zone = r.choice(("Asia/Seoul", "Asia/Pyongyang", "Asia/Tokyo"))
        if r.random() < 0.5:
            p.ips = [
                (
                    f"{r.choice(VPN_BLOCKS)}.{r.randrange(2, 60)}",
                    r.choice(("US", "NL", "SG")),
                    True,
                    2.0,
                ),
                *p.ips,
            ]
        if r.random() < 0.5:
            p.tool = r.choice(("AnyDesk", "TeamViewer", "anydesk", "IPKVM"))
        if r.random() < 0.2:
            host = r.choice(("CN", "RU"))
            p.ips.append((self.ip(HOST_BLOCKS[host]), host, False, 0.3))
        if r.random() < 0.5:
            p.phones = [self.voip()]
        if r.random() < 0.3:
            currency, wallet, _ = self.wallet()
            p.accounts = [("crypto", currency, wallet, f"{p.first} {p.last}", "")]

    def ring(self, index: int, size: int) -> list[Person]:
        r = self.rng
        group = f"ring{index}"
        members = [
            self.person("ring", group, r.choice(("US", "US", "US", "CA", "JP", "KR")))
            for _ in range(size)
        ]
        for p in members:
            self.front_habits(p)
        kinds = {"account", "farm"} if r.random() < 0.3 else {r.choice(("account", "farm"))}
        kinds |= set(
            r.sample(
                ("device", "voip", "template", "referral", "photo", "github", "resume"),
                r.randrange(1, 4),
            )
        )
        facilitator = f"{r.choice(FIRST['US'])} {r.choice(LAST['US'])}"
        if "farm" in kinds:
            farm, _ = self.address("US")
            farm_ip = self.ip(HOME_BLOCKS["US"])
            for p in members:
                p.ship_to, p.ship_name = farm, r.choice((f"{p.first} {p.last}", facilitator))
                p.ips = [(farm_ip, "US", False, 3.0), *p.ips]
                if r.random() < 0.6:
                    p.tool = p.tool or r.choice(("AnyDesk", "IPKVM", "rdp"))
        if "account" in kinds:
            paid: set[str] = set()
            for chunk in _chain(members, 8):
                if r.random() < 0.5:
                    currency, wallet, _ = self.wallet()
                    account = ("crypto", currency, wallet, facilitator, "")
                else:
                    iban = IBAN.generate(
                        "DE", bank_code="37040044", account_code=str(r.randrange(10**7, 10**8))
                    )
                    account = (
                        "bank",
                        "EUR",
                        r.choice((iban.formatted, str(iban))),
                        facilitator,
                        r.choice(("DE", "China", "CN")),
                    )
                for p in chunk:
                    # The member two chunks share is paid into both (the wallet changed).
                    keep = p.cid in paid or r.random() < 0.3
                    p.accounts = [*p.accounts[-1:], account] if keep else [account]
                    paid.add(p.cid)
        for kind in sorted(kinds - {"account", "farm"}):  # in one order whatever the hash seed
            subset = r.sample(members, max(2, round(size * r.uniform(0.4, 0.9))))
            self.share(kind, subset, index)
        return members

    def share(self, kind: str, subset: list[Person], index: int) -> None:
        r = self.rng
        if kind == "device":
            device = f"MDM-{r.getrandbits(40):010X}"
            for p in subset[:8]:
                p.device = device
        elif kind == "voip":
            number = self.voip()
            for p in subset[:8]:
                p.phones = [*p.phones, number]
        elif kind == "template":
            theme, start = THEMES[index % len(THEMES)], r.randrange(1, 40)
            for offset, p in enumerate(subset):
                p.emails = [f"{theme}{start + offset}@{r.choice(DOMAINS)}", *p.emails[:1]]
        elif kind == "referral":
            for referrer, referred in zip(subset, subset[1:], strict=False):
                self.referrals.append((referrer.cid, referred.cid))
        elif kind == "photo":
            for p in subset[:8]:
                p.photo = subset[0].photo
        elif kind == "github":
            for p in subset[:8]:
                p.github = subset[0].github or "devops-ninja"
        elif kind == "resume":
            for p in subset:
                p.resume = (
                    subset[0]
                    .resume.replace(subset[0].first, p.first)
                    .replace(subset[0].last, p.last)
                )

    def lone(self, count: int) -> None:
        r = self.rng
        for index in range(count):
            p = self.person("lone", f"lone{index}", r.choice(("US", "CA", "KR")))
            self.front_habits(p)
            p.video = "Declined"
            p.work_zone = "Asia/Pyongyang"
            p.tool = p.tool or "AnyDesk"
            p.ips.append((f"{r.choice(VPN_BLOCKS)}.{r.randrange(2, 60)}", "NL", True, 2.0))
            p.ship_to, _ = self.address("US")


def _chain(members: list[Person], limit: int) -> list[list[Person]]:
    """Chunks of at most ``limit`` where consecutive chunks share one member."""
    chunks, start = [], 0
    while True:
        chunks.append(members[start : start + limit])
        if start + limit >= len(members):
            return chunks
        start += limit - 1


# --- rows ---------------------------------------------------------------------------
def _stamp(rng: random.Random, moment: datetime) -> str:
    """One UTC moment written the way some export tool might."""
    style = rng.randrange(6)
    if style == 0:
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    if style == 1:
        return moment.astimezone(ZoneInfo("America/New_York")).isoformat()
    if style == 2:
        return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{rng.randrange(1000):03d}Z"
    if style == 3:
        return moment.strftime("%Y-%m-%d %H:%M:%S")
    if style == 4:
        return moment.astimezone(ZoneInfo("Asia/Tokyo")).strftime("%Y-%m-%dT%H:%M:%S%z")
    return moment.astimezone(ZoneInfo("Europe/Berlin")).isoformat(sep=" ", timespec="milliseconds")


def _logins(rng: random.Random, p: Person) -> list[list[str]]:
    rows = []
    weights = [w for *_, w in p.ips]
    for _ in range(rng.randrange(10, 18)):
        day = START + timedelta(days=rng.randrange(0, 110))
        while day.weekday() >= 5:
            day += timedelta(days=1)
        hour = rng.randrange(22, 30) % 24 if p.night else rng.randrange(9, 18)
        local = datetime(
            day.year,
            day.month,
            day.day,
            hour,
            rng.randrange(60),
            rng.randrange(60),
            tzinfo=ZoneInfo(p.work_zone),
        )
        ip, country, vpn, _ = rng.choices(p.ips, weights)[0]
        vpn_text = (
            rng.choice(("TRUE", "1", "true")) if vpn else rng.choice(("False", "0", "FALSE", ""))
        )
        country_text = (
            country if rng.random() < 0.8 else {"CN": "China", "RU": "Russia"}.get(country, country)
        )
        tool = p.tool if p.tool and rng.random() < 0.7 else rng.choice(("", "none", ""))
        minutes = (
            str(rng.randrange(20, 600))
            if p.kind not in FRONT_KINDS
            else str(rng.randrange(200, 1800))
        )
        agent = rng.choice(
            (
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64)",
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4)",
            )
        )
        rows.append(
            [
                ip,
                p.cid,
                _stamp(rng, local.astimezone(UTC)),
                agent,
                p.device,
                country_text,
                vpn_text,
                tool,
                minutes,
                rng.choice(("web", "vpn-client", "sso")),
            ]
        )
    return rows


def write_foreign_case(
    folder: str | Path,
    *,
    seed: int,
    people: int = 900,
    bad_rows: bool = False,
    attacks: bool = False,
) -> ForeignCase:
    """Write a foreign case folder of about ``people`` identities and return its truth."""
    w = _Writer(seed)
    rng = w.rng
    fronts: list[list[Person]] = [
        w.ring(i, size)
        for i, size in enumerate(rng.sample((3, 4, 5, 6, 8, 10, 12, 14), rng.randrange(4, 7)))
    ]
    w.lone(rng.randrange(3, 6))
    w.families(rng.randrange(12, 20))
    w.agency(rng.randrange(15, 26))
    w.cowork(rng.randrange(28, 33))
    w.legit(max(0, people - len(w.people)))
    w.corporate_vpn(0.3)
    attacked: list[str] = []
    if attacks:
        target, other, third = sorted(fronts, key=len)[-1][:3]
        target.first, target.last = XSS_IMG, "Smith"
        third.last = f"{third.last}\u2028Park"
        target.emails = [f"{XSS_SVG}@evil.test", *target.emails]
        target.address = f"{XSS_SCRIPT} 12 Main St, Austin, TX 78701"
        w.used_ids.discard(other.cid)
        old = other.cid
        other.cid = FORMULA
        w.referrals = [
            (FORMULA if a == old else a, FORMULA if b == old else b) for a, b in w.referrals
        ]
        attacked = [target.cid, other.cid, third.cid]
    rng.shuffle(w.people)
    path = Path(folder)
    path.mkdir(parents=True, exist_ok=True)
    planted = _write_tables(path, w, rng, bad_rows)
    return ForeignCase(
        path=path,
        kinds={p.cid: p.kind for p in w.people},
        groups={p.cid: p.group for p in w.people},
        planted=planted,
        attacked=attacked,
    )


def _country_text(rng: random.Random, code: str) -> str:
    name, alpha3, _ = COUNTRIES[code]
    pick = rng.random()
    return name if pick < 0.7 else (alpha3 if pick < 0.85 else code)


def _write_tables(
    path: Path, w: _Writer, rng: random.Random, bad_rows: bool
) -> list[tuple[str, int, str]]:
    planted: list[tuple[str, int, str]] = []
    with (path / "contractors.jsonl").open("w", encoding="utf-8") as out:
        for p in w.people:
            record = {
                "source_system": "hrx-export",
                "country": _country_text(rng, p.code),
                "full_name": f"{p.first} {p.last}",
                "contractor_id": p.cid,
                "email": rng.choice(("; ", " ; ", ";")).join(p.emails),
                "phone": "; ".join(p.phones),
                "address": p.address,
                "hired_at": (date(2023, 1, 1) + timedelta(days=rng.randrange(400))).isoformat(),
                "client": p.client,
                "video_interview": p.video,
                "photo_hash": p.photo,
                "resume_text": p.resume,
                "department": rng.choice(("eng", "data", "qa")),
            }
            if p.github:
                record["github"] = p.github
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        if bad_rows:
            duplicate = {"contractor_id": w.people[3].cid, "full_name": "Copy Of Someone"}
            out.write(json.dumps(duplicate) + "\n")
            planted.append(("contractors", len(w.people) + 1, "contractor_id"))
    payments = []
    for p in w.people:
        for month in range(1, 6):
            method, currency, account, holder, country = p.accounts[month % len(p.accounts)]
            moment = datetime(
                2024,
                month + 1,
                rng.randrange(1, 28),
                rng.randrange(24),
                rng.randrange(60),
                tzinfo=UTC,
            )
            payments.append({
                "batch_ref": f"B{rng.randrange(10**6):06d}",
                "contractor_id": p.cid,
                "account": account,
                "paid_at": _stamp(rng, moment),
                "amount": round(rng.uniform(2500, 9800), 2),
                "currency": currency,
                "method": method.upper() if rng.random() < 0.2 else method,
                "account_holder": holder,
                "account_country": country,
                "payment_id": f"PAY-{len(payments):07d}",
            })  # fmt: skip
    rng.shuffle(payments)
    pl.DataFrame(payments).write_parquet(path / "payments.parquet")
    logins = [row for p in w.people for row in _logins(rng, p)]
    rng.shuffle(logins)
    if bad_rows:
        logins.insert(10, [*logins[0][:2], "last tuesday at noon", *logins[0][3:]])
        planted.append(("logins", 11, "ts"))
        logins.insert(20, [logins[1][0], "EMP-NOBODY", *logins[1][2:]])
        planted.append(("logins", 21, "contractor_id"))
    header = [
        "IP",
        "Contractor ID",
        "event_time",
        "User Agent",
        "Device ID",
        "Country",
        "VPN",
        "Remote Tool",
        "session_minutes",
        "channel",
    ]
    with (path / "logins.csv").open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(logins)
    with (path / "shipments.csv").open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(
            [
                "asset_tag",
                "ship_to_name",
                "ship_to_address",
                "contractor_id",
                "shipped_at",
                "carrier",
            ]
        )
        for p in w.people:
            if rng.random() < 0.85 or p.kind in FRONT_KINDS:
                writer.writerow(
                    [
                        f"LT-{rng.getrandbits(32):08X}",
                        p.ship_name,
                        p.ship_to,
                        p.cid,
                        "2024-01-15",
                        rng.choice(("UPS", "FedEx")),
                    ]
                )
    with (path / "referrals.jsonl").open("w", encoding="utf-8") as out:
        for referrer, referred in w.referrals:
            out.write(
                json.dumps(
                    {"contractor_id": referred, "referrer_id": referrer, "channel": "portal"}
                )
                + "\n"
            )
    (path / "case.toml").write_text('[columns.logins]\n"event_time" = "ts"\n', encoding="utf-8")
    return planted
