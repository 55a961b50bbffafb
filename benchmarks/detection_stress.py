"""Detection under stress: pair precision and recall per scenario, written to docs/detection.md.

Each scenario is a case built here from the domain brief (``docs/detection.md``
says which), not from the project's generator: a population of legitimate
contractors with their own e-mails, valid phone numbers, homes, IPs, laptops
and bank accounts, plus what the scenario plants: operator teams, laptop
farms, shared infrastructure, agencies, couples, odd spellings. The workbench
runs on each case as a user would (`investigate`), and the planted operator
groups are the truth:

- **pair precision / recall**: over pairs of identities run by one operator
  (a team or a farm), counting a pair found when both sit in one ring at or
  above the alert level;
- **benign alerted**: planted benign groups (infrastructure holders, agencies,
  couples) with two or more members in one alerted ring;
- **largest share**: for farms, the largest share of a farm's fronts in one ring;
- **recall of shared-value pairs**: recall over the operator pairs that a chain of
  values the team's own members share (an e-mail, a phone, an IP, an address, as
  normalised) connects: the pairs any linker could reach;
- **recall of any-tie pairs**: the same over chains that may also pass through
  values the workbench computes (`COMPUTED_KINDS`: e-mail templates and series, /24
  networks, buildings): more pairs, so a stricter measure.

Run ``.venv/bin/python benchmarks/detection_stress.py`` (about 20 s a seed); it
prints the table of the first of ``--seeds``, the worst of each measure over all
of them, and, with ``--write``, rewrites both in docs/detection.md.
"""

from __future__ import annotations

import argparse
import itertools
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

import networkx as nx
import numpy as np
import polars as pl
from results_table import markdown, write_results

from workbench.investigation import investigate
from workbench.kinds import KINDS

DOC = Path(__file__).resolve().parents[1] / "docs" / "detection.md"

#: Kinds whose values the workbench computes from other values (an e-mail's numbered
#: template, an IP's /24, an address's building) rather than reads: no one wrote them,
#: so a chain through them is a resemblance, not a shared value.
COMPUTED_KINDS = frozenset(
    name for name, kind in KINDS.items() if kind.derived_from or kind.computed
)

#: Legitimate contractors in every scenario's population.
POPULATION = 2000
#: Logins and payments per contractor.
LOGINS, PAYMENTS = 12, 4
START = datetime(2025, 3, 3, tzinfo=timezone.utc)

FIRST = [
    "James",
    "Mary",
    "John",
    "Linda",
    "Robert",
    "Susan",
    "David",
    "Karen",
    "Daniel",
    "Nancy",
    "Paul",
    "Lisa",
    "Mark",
    "Betty",
    "Anna",
]
LAST = [
    "Smith",
    "Jones",
    "Brown",
    "Garcia",
    "Miller",
    "Davis",
    "Wilson",
    "Moore",
    "Taylor",
    "Clark",
    "Lewis",
    "Young",
    "Hall",
    "King",
]
STREETS = [
    "Oak",
    "Maple",
    "Cedar",
    "Pine",
    "Elm",
    "Lake",
    "Hill",
    "Park",
    "River",
    "Sunset",
    "Willow",
    "Forest",
    "Ridge",
    "Spring",
]
SUFFIXES = ("St", "Ave", "Rd", "Ln", "Dr", "Ct")
CITIES = (
    ("Denver", "CO", "802"),
    ("Austin", "TX", "787"),
    ("Columbus", "OH", "432"),
    ("Portland", "OR", "972"),
    ("Tampa", "FL", "336"),
    ("Raleigh", "NC", "276"),
)
#: Assigned North American area codes: phonenumbers calls their numbers valid.
AREA_CODES = (201, 206, 212, 303, 305, 312, 404, 415, 503, 512, 602, 614, 617, 713, 919)
#: Spells a team's number in letters, so that each team's e-mail theme is its own.
DIGITS_AS_LETTERS = str.maketrans("0123456789-", "abcdefghijx")
#: Countries a consultancy's people claim, with the start of a valid local number there.
CONSULTANT_PHONES = (
    ("US", "+1 212 641 "),
    ("GB", "+44 20 7123 "),
    ("DE", "+49 30 1234 "),
    ("IN", "+91 98765 4"),
    ("PL", "+48 22 123 "),
)
MAIL_DOMAINS = ("gmail.com", "outlook.com", "yahoo.com", "proton.me", "icloud.com")


@dataclass
class Case:
    """Rows of a case being built, and the truth: group id → (kind, members)."""

    rng: np.random.Generator
    people: list[dict[str, object]] = field(default_factory=list)
    logins: list[dict[str, object]] = field(default_factory=list)
    payments: list[dict[str, object]] = field(default_factory=list)
    shipments: list[dict[str, object]] = field(default_factory=list)
    groups: dict[str, tuple[str, list[str]]] = field(default_factory=dict)

    def pick(self, options: tuple | list) -> object:
        return options[int(self.rng.integers(len(options)))]

    def phone(self) -> str:
        line = int(self.rng.integers(1000, 9999))
        return f"+1 {self.pick(AREA_CODES)} {int(self.rng.integers(200, 999))} {line}"

    def ip(self) -> str:
        octets = [int(self.rng.integers(24, 99)), *self.rng.integers(1, 254, size=3).tolist()]
        return ".".join(map(str, octets))

    def address(self) -> str:
        city, state, zip3 = self.pick(CITIES)
        number = int(self.rng.integers(10, 9999))
        street = f"{self.pick(STREETS)} {self.pick(SUFFIXES)}"
        return f"{number} {street}, {city}, {state} {zip3}{int(self.rng.integers(10, 99))}"

    def account(self) -> str:
        return "".join(map(str, self.rng.integers(0, 10, size=11).tolist()))

    def person(
        self,
        *,
        country: str = "US",
        video: str = "completed",
        email: str | None = None,
        phone: str | None = None,
        address: str | None = None,
        ips: tuple[str, ...] = (),
        device: str | None = None,
        account: str | None = None,
        holder: str | None = None,
        method: str = "bank",
        hours: tuple[int, int] = (14, 23),
        remote_tool: str | None = None,
        ship_to: str | None = None,
    ) -> str:
        """Add one identity with its own values unless told to share one; return its id."""
        cid = f"c{len(self.people):05d}"
        first, last = self.pick(FIRST), self.pick(LAST)
        name = f"{first} {last}"
        number = int(self.rng.integers(10, 9999))
        own_mail = f"{first.lower()}.{last.lower()}{number}@{self.pick(MAIL_DOMAINS)}"
        self.people.append(
            {
                "contractor_id": cid,
                "full_name": name,
                "email": email or own_mail,
                "phone": phone or self.phone(),
                "address": address or self.address(),
                "country": country,
                "video_interview": video,
            }
        )
        home_ip, laptop = self.ip(), device or f"dev-{self.rng.integers(1 << 40):x}"
        for i in range(LOGINS):
            at = START + timedelta(days=i, hours=int(self.rng.integers(*hours)))
            shared = ips and self.rng.random() < 0.8
            self.logins.append(
                {
                    "contractor_id": cid,
                    "ts": at.isoformat(),
                    "ip": self.pick(list(ips)) if shared else home_ip,
                    "device_id": laptop,
                    "remote_tool": remote_tool if remote_tool and i % 2 else None,
                    "session_minutes": 480.0,
                }
            )
        paid_to = account or self.account()
        for i in range(PAYMENTS):
            self.payments.append(
                {
                    "contractor_id": cid,
                    "paid_at": (START + timedelta(days=14 * i)).isoformat(),
                    "amount": 4000.0,
                    "currency": "USDT" if method == "crypto" else "USD",
                    "method": method,
                    "account": paid_to,
                    "account_holder": holder or name,
                }
            )
        if ship_to:
            self.shipments.append(
                {"contractor_id": cid, "shipped_at": "2025-03-01", "ship_to_address": ship_to}
            )
        return cid

    def group(self, name: str, kind: str, members: list[str]) -> None:
        self.groups[name] = (kind, members)

    def write(self, folder: Path) -> Path:
        tables = {
            "contractors": self.people,
            "logins": self.logins,
            "payments": self.payments,
            "shipments": self.shipments,
        }
        folder.mkdir(parents=True, exist_ok=True)
        for table, rows in tables.items():
            if rows:
                pl.DataFrame(rows, infer_schema_length=None).write_csv(folder / f"{table}.csv")
        return folder


def population(case: Case) -> None:
    """Legitimate contractors, each with values of their own."""
    for _ in range(POPULATION):
        case.person(video="completed" if case.rng.random() > 0.05 else "declined")


def team(
    case: Case,
    name: str,
    size: int,
    share: float,
    *,
    phones: tuple[str, ...] = (),
    emails: tuple[str, ...] = (),
    wallets: tuple[str, ...] = (),
) -> None:
    """One operator team: fronts claiming the US, Japan or Korea, sharing what one team has.

    Each front takes each of the team's values with probability ``share``:
    the payout account, a VoIP phone, a laptop, the team's exit IP, and an
    e-mail cut from the team's template. ``phones``, ``emails`` and ``wallets``
    give the spellings members write the shared phone, mailbox or wallet in.
    """
    account, phone, device = case.account(), case.phone(), f"dev-team-{name}"
    # The theme is the team's own: digits in its name would fold into the running number.
    team_ip, theme = case.ip(), "codeforge" + name.translate(DIGITS_AS_LETTERS)
    payee = f"{case.pick(FIRST)} {case.pick(LAST)}"
    members = []
    for i in range(size):
        takes = case.rng.random(5) < share
        mail = emails[i % len(emails)] if emails else f"{theme}{100 + i}@gmail.com"
        members.append(
            case.person(
                country=str(case.pick(("US", "JP", "KR", "CA"))),
                video=str(case.pick(("declined", "camera_off", "completed"))),
                email=mail if takes[0] else None,
                phone=(phones[i % len(phones)] if phones else phone) if takes[1] else None,
                device=device if takes[2] else None,
                ips=(team_ip,) if takes[3] else (),
                account=(wallets[i % len(wallets)] if wallets else account) if takes[4] else None,
                method="crypto" if wallets else "bank",
                holder=payee if takes[4] and not wallets else None,
                hours=(0, 9),
            )
        )
    case.group(f"team-{name}", "operator", members)


def farm(case: Case, name: str, size: int) -> None:
    """A laptop farm: stolen identities whose laptops go to one home and log in from its IP."""
    home, home_ip = case.address(), case.ip()
    members = [
        case.person(
            video=str(case.pick(("declined", "completed"))),
            ips=(home_ip,),
            ship_to=home,
            remote_tool="ipkvm",
            hours=(0, 9),
        )
        for _ in range(size)
    ]
    case.group(f"farm-{name}", "operator", members)


def remote_farm(case: Case, size: int) -> None:
    """A laptop farm that shares nothing but its IP: each front keeps the stolen identity's
    own home, phone, mailbox and account, and the laptops are forwarded unrecorded; the
    operators log in through the farm's IP and an IP-KVM in UTC+9 office hours."""
    farm_ip = case.ip()
    members = [
        case.person(
            video=str(case.pick(("declined", "completed"))),
            ips=(farm_ip,),
            remote_tool="ipkvm",
            hours=(0, 9),
        )
        for _ in range(size)
    ]
    case.group("farm-remote", "operator", members)


def misspelt_farm(case: Case, size: int) -> None:
    """A laptop farm whose fronts write the facilitator's home in several spellings
    (a typo, a dropped city, words spelled out); half of them also log in from its IP."""
    home_ip = case.ip()
    spellings = (
        "8628 Highland Ave, Seattle, WA 98120",
        "8628 Higland Ave, Seattle, WA 98120",
        "8628 Highland Avenue, WA 98120",
        "8628 highland ave seattle washington 98120",
    )
    members = [
        case.person(
            video=str(case.pick(("declined", "completed"))),
            address=spellings[i % len(spellings)],
            ips=(home_ip,) if i % 2 else (),
            ship_to=spellings[(i + 1) % len(spellings)],
            remote_tool="ipkvm",
            hours=(0, 9),
        )
        for i in range(size)
    ]
    case.group("farm-misspelt", "operator", members)


def infrastructure(case: Case, share: float) -> None:
    """Payroll/EOR, a registered agent, a university NAT and a corporate VPN, each
    used by ``share`` of the population, independently."""
    people = [str(p["contractor_id"]) for p in case.people]
    size = max(3, int(share * len(people)))
    eor = set(case.rng.choice(people, size=size, replace=False).tolist())
    agent = set(case.rng.choice(people, size=size, replace=False).tolist())
    nat = set(case.rng.choice(people, size=size, replace=False).tolist())
    vpn = set(case.rng.choice(people, size=size, replace=False).tolist())
    for row in case.payments:
        if row["contractor_id"] in eor:
            row.update(account="DE89370400440532013000", account_holder="GlobalPay EOR GmbH")
    for row in case.people:
        if row["contractor_id"] in agent:
            row["address"] = "1209 Orange St, Wilmington, DE 19801"
    for i, row in enumerate(case.logins):
        if row["contractor_id"] in nat and i % 3 == 0:
            row["ip"] = "128.32.10.10"
        if row["contractor_id"] in vpn and i % 3 == 1:
            row["ip"] = "52.10.20.30"
    for label, holders in (("eor", eor), ("agent", agent), ("nat", nat), ("vpn", vpn)):
        case.group(label, "benign", sorted(holders))


def agency(case: Case, name: str, size: int) -> None:
    """A staffing agency paying its people into its company account, from its office."""
    account, office = case.account(), case.ip()
    members = [
        case.person(account=account, holder=f"{name} Talent Partners LLC", ips=(office,))
        for _ in range(size)
    ]
    case.group(f"agency-{name}", "benign", members)


def consultancy(case: Case, name: str, size: int) -> None:
    """A consultancy whose people, in several countries, work through its VPN exit: the
    exit is most of each one's logins, though they claim different countries."""
    exit_ip = case.ip()
    members = []
    for _ in range(size):
        country, prefix = case.pick(CONSULTANT_PHONES)
        number = f"{prefix}{int(case.rng.integers(1000, 9999))}"
        members.append(case.person(country=country, phone=number, ips=(exit_ip,)))
    case.group(f"consultancy-{name}", "benign", members)


def couples(case: Case, count: int) -> None:
    """Couples sharing a home, a router, a laptop and a joint account."""
    for i in range(count):
        home, router, laptop, joint = case.address(), case.ip(), f"dev-home-{i}", case.account()
        pair = [
            case.person(address=home, ips=(router,), device=laptop, account=joint) for _ in range(2)
        ]
        case.group(f"couple-{i}", "benign", pair)


def odd_phones(case: Case) -> None:
    """Teams sharing one made-up number (an unassigned area code) in six spellings."""
    spellings = (
        "+1 (477) 620-0304",
        "1 477 620 0304",
        "+14776200304",
        "477.620.0304",
        "001-477-620-0304",
        "(477) 620 0304",
    )
    for i in range(3):
        team(
            case,
            f"phone{i}",
            8,
            0.6,
            phones=tuple(s.replace("477", str(477 + i)) for s in spellings),
        )


def gmail_variants(case: Case) -> None:
    """Teams giving one Gmail mailbox with dots, plus tags and googlemail. The teams'
    mailboxes are unrelated: numbered ones (jdoe.dev0, jdoe.dev1) would be one series."""
    for i, box in enumerate(("jdoe.dev", "amy.ops", "lee.data")):
        spellings = (
            f"{box}@gmail.com",
            f"j.{box}@gmail.com",
            f"{box.upper()}+jobs@gmail.com",
            f"{box.replace('.', '')}@googlemail.com",
            f"{box}+2@gmail.com",
        )
        team(case, f"gmail{i}", 8, 0.6, emails=spellings)


def eth_wallets(case: Case) -> None:
    """Teams paid to one ETH wallet written checksummed, lower-case and labelled."""
    for i, wallet in enumerate(
        (
            "0x52908400098527886E0F7030069857D2E4169EE7",
            "0x8617E340B3D01FA5F11F306F4090FD50E238070D",
            "0xde709f2102306220921060314715629080e2fb77",
        )
    ):
        spellings = (
            wallet,
            wallet.lower(),
            f"ETH: {wallet}",
            f"USDT (ERC-20) {wallet.lower()}",
            f"erc20:{wallet}",
        )
        team(case, f"eth{i}", 8, 0.6, wallets=spellings)


@dataclass(frozen=True)
class Scenario:
    name: str
    plant: Callable[[Case], None]


def scenarios() -> list[Scenario]:
    """Every condition the issue names, one case each."""
    found = [
        Scenario(f"teams of {n}", lambda c, n=n: [team(c, f"{n}-{i}", n, 0.6) for i in range(3)])
        for n in (3, 8, 20, 40, 80)
    ]
    found += [Scenario(f"farm of {n}", lambda c, n=n: farm(c, str(n), n)) for n in (20, 50, 100)]
    found += [Scenario("farm of 30, home misspelt", lambda c: misspelt_farm(c, 30))]
    found += [Scenario("farm of 40 sharing only its IP", lambda c: remote_farm(c, 40))]
    found += [
        Scenario(
            f"share probability {p}", lambda c, p=p: [team(c, f"p{i}", 8, p) for i in range(5)]
        )
        for p in (0.3, 0.6, 0.9)
    ]
    found += [
        Scenario(f"infrastructure at {s:.0%}", lambda c, s=s: infrastructure(c, s))
        for s in (0.01, 0.05)
    ]
    found += [Scenario(f"agency of {n}", lambda c, n=n: agency(c, f"A{n}", n)) for n in (10, 40)]
    found += [
        Scenario(f"consultancy of {n} on its VPN", lambda c, n=n: consultancy(c, f"C{n}", n))
        for n in (8, 30)
    ]
    found += [
        Scenario("couples (40)", lambda c: couples(c, 40)),
        Scenario("invalid and international numbers", odd_phones),
        Scenario("Gmail dot and plus variants", gmail_variants),
        Scenario("ETH wallet spellings", eth_wallets),
    ]
    return found


def pairs(members: list[str]) -> set[tuple[str, str]]:
    return set(itertools.combinations(sorted(members), 2))


def measure(scenario: Scenario, seed: int, folder: Path) -> dict[str, object]:
    """Build, investigate and score one scenario."""
    case = Case(np.random.default_rng(seed))
    population(case)
    scenario.plant(case)
    started = time.perf_counter()
    inv = investigate(case.write(folder / scenario.name.replace(" ", "_")))
    seconds = time.perf_counter() - started
    alerted = inv.members.join(inv.alerts.select("ring_id"), on="ring_id")
    ring_of = dict(alerted.select("contractor_id", "ring_id").iter_rows())
    found = {
        pair
        for members in alerted.group_by("ring_id").agg("contractor_id")["contractor_id"]
        for pair in pairs(members.to_list())
    }
    truth = {
        pair
        for kind, members in case.groups.values()
        if kind == "operator"
        for pair in pairs(members)
    }
    benign_alerted = sum(
        1
        for kind, members in case.groups.values()
        if kind == "benign"
        and any(ring_of.get(a) and ring_of.get(a) == ring_of.get(b) for a, b in pairs(members))
    )
    fronts = [x for kind, members in case.groups.values() if kind == "operator" for x in members]
    legitimate_at_risk = inv.scored.filter(
        ~pl.col("contractor_id").is_in(fronts)
        & (pl.col("risk_score") >= inv.settings.alert_threshold)
    )
    farms = [m for name, (_, m) in case.groups.items() if name.startswith("farm")]
    largest = [
        max(
            (list(ring_of.get(x) for x in m).count(r) for r in set(ring_of.get(x) for x in m) if r),
            default=0,
        )
        / len(m)
        for m in farms
    ]
    hit = len(found & truth)
    operators = [members for kind, members in case.groups.values() if kind == "operator"]
    written = inv.observations.filter(~pl.col("kind").is_in(list(COMPUTED_KINDS)))
    by_values = {pair for members in operators for pair in joinable(written, members)}
    by_ties = {pair for members in operators for pair in joinable(inv.observations, members)}
    return {
        "scenario": scenario.name,
        "identities": len(case.people),
        "operator pairs": len(truth),
        "precision": round(hit / len(found), 3) if found else None,
        "recall": round(hit / len(truth), 3) if truth else None,
        "shared-value pairs": len(by_values),
        "recall of shared-value pairs": _recall(found, by_values),
        "any-tie pairs": len(by_ties),
        "recall of any-tie pairs": _recall(found, by_ties),
        "benign groups alerted": benign_alerted,
        "legitimate identities at risk": legitimate_at_risk.height,
        "largest share of a farm in one ring": round(min(largest), 2) if largest else None,
        "seconds": round(seconds, 1),
    }


def _recall(found: set[tuple[str, str]], wanted: set[tuple[str, str]]) -> float | None:
    """The share of ``wanted`` pairs that are ``found``; None when none are wanted."""
    return round(len(found & wanted) / len(wanted), 3) if wanted else None


def joinable(observations: pl.DataFrame, members: list[str]) -> set[tuple[str, str]]:
    """The pairs of a group any linker could join: members connected through chains of
    values that members of the group share.

    A front that shares nothing with its team is out of every linker's reach;
    recall is also judged against the pairs that remain.
    """
    own = observations.filter(pl.col("contractor_id").is_in(pl.Series(members).implode()))
    graph = nx.Graph()
    for ids in own.group_by("kind", "value").agg("contractor_id")["contractor_id"]:
        held = sorted(set(ids.to_list()))
        graph.add_edges_from((held[0], other) for other in held[1:])
    return {pair for component in nx.connected_components(graph) for pair in pairs(component)}


def spread(runs: dict[int, list[dict[str, object]]]) -> list[dict[str, object]]:
    """Per scenario, the worst of each measure over the seeds of ``runs`` (seed → rows), and
    the seed it came from where the seeds differ.

    Examples
    --------
    >>> row = {"scenario": "s", "precision": 1.0, "recall of shared-value pairs": 0.9,
    ...     "recall of any-tie pairs": 0.8, "benign groups alerted": 0,
    ...     "legitimate identities at risk": 0, "largest share of a farm in one ring": None}
    >>> worse = row | {"recall of shared-value pairs": 0.5}
    >>> worst = spread({1: [row], 2: [worse]})[0]
    >>> worst["worst recall of shared-value pairs"], worst["worst precision"]
    ('0.5 (seed 2)', '1.0')
    """
    rows = []
    for position, first in enumerate(next(iter(runs.values()))):
        by_seed = {seed: rows_of_seed[position] for seed, rows_of_seed in runs.items()}
        row: dict[str, object] = {"scenario": first["scenario"], "seeds": len(by_seed)}
        for measure_name, worst in WORST.items():
            found = {s: r[measure_name] for s, r in by_seed.items() if r[measure_name] is not None}
            if not found:
                row[f"worst {measure_name}"] = None
                continue
            seed = worst(found, key=lambda s: (found[s], s))
            alike = len(set(found.values())) == 1
            row[f"worst {measure_name}"] = f"{found[seed]}" + ("" if alike else f" (seed {seed})")
        rows.append(row)
    return rows


#: The measures `spread` reports, each with how its worst value is chosen.
WORST = {
    "precision": min,
    "recall of shared-value pairs": min,
    "recall of any-tie pairs": min,
    "benign groups alerted": max,
    "legitimate identities at risk": max,
    "largest share of a farm in one ring": min,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--seeds",
        default="11",
        help="comma-separated seeds; the first gives the table, all of them the spread",
    )
    parser.add_argument("--only", help="run the scenarios whose name contains this text")
    parser.add_argument("--write", action="store_true", help="rewrite docs/detection.md's tables")
    args = parser.parse_args()
    seeds = [int(seed) for seed in args.seeds.split(",")]
    chosen = [s for s in scenarios() if not args.only or args.only in s.name]
    with tempfile.TemporaryDirectory() as tmp:
        runs = {seed: [measure(s, seed, Path(tmp) / str(seed)) for s in chosen] for seed in seeds}
    table = markdown(runs[seeds[0]])
    print(table)  # noqa: T201 - a benchmark script reports on stdout
    worst = markdown(spread(runs)) if len(seeds) > 1 else None
    if worst:
        print(worst)  # noqa: T201
    if args.write:
        write_results(DOC, table)
        if worst:
            write_results(DOC, worst, marker="spread")


if __name__ == "__main__":
    main()
