"""Contact and payment identifiers of individual people: phones, addresses, accounts, wallets."""

from __future__ import annotations

import numpy as np
import phonenumbers
from phonenumbers import PhoneNumberType

from workbench.synth.draw import unique_ints
from workbench.synth.formats import iban_checksum, phone_number, tron_address
from workbench.synth.pools import NA_CITIES, STREETS, SUFFIXES, WORLD_CITIES

#: Real area codes, so North-American numbers look and validate like real ones.
AREA_CODES = {
    "US": (
        212,
        310,
        312,
        415,
        617,
        206,
        512,
        303,
        404,
        305,
        646,
        718,
        213,
        408,
        503,
        702,
        614,
        919,
        615,
        602,
        813,
    ),
    "CA": (416, 604, 514, 613, 403, 647, 780, 905),
}
#: Regions whose numbering plan has a VoIP range; others borrow the UK's 056 range.
VOIP_REGIONS = ("GB", "PL", "JP", "KR", "SG", "UA")
#: Bank codes used in IBANs (country -> codes); the rest of the BBAN is random digits.
BANK_CODES = {
    "DE": (("37040044", "10070000", "50010517", "20041111"), 10),
    "PL": (("10901014", "11402004", "10501445", "12401037"), 16),
    "GB": (("NWBK601613", "BARC200000", "HBUK401276", "LOYD309634"), 8),
    "UA": (("305299", "322001", "300528"), 19),
    "NL": (("ABNA", "INGB", "RABO"), 10),
}
MAX_TRIES = 50  # redraw rounds before giving up on a numbering plan


def _phone_candidates(rng: np.random.Generator, region: str, kind: str, n: int) -> list[str]:
    if region in AREA_CODES and kind != "voip":
        npa = rng.choice(AREA_CODES[region], size=n)
        nxx = rng.integers(200, 1000, size=n)
        line = rng.integers(0, 10000, size=n)
        return [f"+1{a}{b:03d}{c:04d}" for a, b, c in zip(npa, nxx, line, strict=True)]
    ptype = {
        "mobile": PhoneNumberType.MOBILE,
        "fixed": PhoneNumberType.FIXED_LINE,
        "voip": PhoneNumberType.VOIP,
    }[kind]
    example = phonenumbers.example_number_for_type(region, ptype)
    if example is None:
        raise ValueError(f"phonenumbers has no {kind} example for {region}")
    nsn = phonenumbers.national_significant_number(example)
    free = min(6, len(nsn) - 2)
    tail = rng.integers(0, 10**free, size=n)
    return [f"+{example.country_code}{nsn[:-free]}{t:0{free}d}" for t in tail]


def phones(
    rng: np.random.Generator,
    regions: np.ndarray,
    kinds: np.ndarray,
    taken: set[str] | None = None,
    *,
    validate: bool = True,
) -> np.ndarray:
    """Distinct E.164 numbers, valid per phonenumbers, one per (region, kind) row.

    ``kinds`` holds ``mobile``, ``fixed`` or ``voip``; VoIP rows in regions without
    a VoIP range get a UK VoIP number. Numbers in ``taken`` are never returned.
    Without ``validate`` the phonenumbers check (most of the cost) is skipped:
    drawn under a valid example's prefix, about 99% are valid anyway and the
    rest are possible numbers, which the workbench reads alike.

    Examples
    --------
    >>> out = phones(np.random.default_rng(1), np.array(["US", "JP"]), np.array(["mobile", "voip"]))
    >>> [phonenumbers.is_valid_number(phonenumbers.parse(p)) for p in out]
    [True, True]
    >>> out[1].startswith("+8150")
    True
    """
    regions = np.where((kinds == "voip") & ~np.isin(regions, VOIP_REGIONS), "GB", regions)
    out = np.empty(len(regions), dtype=object)
    seen: set[str] = set(taken or ())
    todo = np.arange(len(regions))
    for _ in range(MAX_TRIES):
        if not len(todo):
            return out
        retry = []
        for (region, kind), rows in _grouped(regions[todo], kinds[todo], todo):
            for row, cand in zip(
                rows, _phone_candidates(rng, region, kind, len(rows)), strict=True
            ):
                if cand in seen or (
                    validate and not phonenumbers.is_valid_number(phone_number(cand))
                ):
                    retry.append(row)
                else:
                    seen.add(cand)
                    out[row] = cand
        todo = np.asarray(sorted(retry), dtype=np.int64)
    raise ValueError("could not draw valid phone numbers")


def _grouped(
    a: np.ndarray, b: np.ndarray, rows: np.ndarray
) -> list[tuple[tuple[str, str], np.ndarray]]:
    keys = sorted(set(zip(a.tolist(), b.tolist(), strict=True)))
    return [(k, rows[(a == k[0]) & (b == k[1])]) for k in keys]


def addresses(rng: np.random.Generator, countries: np.ndarray) -> list[tuple]:
    """Distinct home addresses as parts tuples (see ``formats.address_text``).

    Examples
    --------
    >>> a = addresses(np.random.default_rng(1), np.array(["US", "PL"]))
    >>> a[0][-1], a[1][-1]
    (True, False)
    """
    n = len(countries)
    out: list[tuple] = [()] * n
    keys: set[tuple] = set()
    todo = list(range(n))
    for _ in range(MAX_TRIES):
        if not todo:
            return out
        m = len(todo)
        number = rng.integers(1, 9999, size=m)
        street = rng.integers(0, len(STREETS), size=m)
        suffix = rng.integers(0, len(SUFFIXES), size=m)
        unit = np.where(rng.random(m) < 0.3, rng.integers(1, 400, size=m), 0)
        city = rng.integers(0, 1000, size=m)
        code = rng.integers(0, 10**6, size=(m,))
        zip4 = rng.integers(1000, 10000, size=m)
        retry = []
        for j, i in enumerate(todo):
            c = str(countries[i])
            if c in ("US", "CA"):
                na = [x for x in NA_CITIES if (len(x[2]) == 3 and x[2][0].isdigit()) == (c == "US")]
                name, region, prefix = na[city[j] % len(na)]
                post = (
                    f"{prefix}{code[j] % 100:02d}"
                    if c == "US"
                    else f"{prefix} {code[j] % 10}{'ABCEGHJ'[code[j] % 7]}{code[j] % 9 + 1}"
                )
                parts = (
                    int(number[j]),
                    STREETS[street[j]],
                    int(suffix[j]),
                    int(unit[j]),
                    name,
                    region,
                    post,
                    f"{zip4[j]}" if c == "US" else "",
                    True,
                )
            else:
                name, pattern = WORLD_CITIES[c][city[j] % len(WORLD_CITIES[c])]
                digits = f"{code[j]:06d}"
                post = "".join(digits[k % 6] if ch == "#" else ch for k, ch in enumerate(pattern))
                parts = (
                    int(number[j] % 300 + 1),
                    STREETS[street[j]],
                    0,
                    int(unit[j]),
                    name,
                    "",
                    post,
                    "",
                    False,
                )
            key = (c, parts[0], parts[1], parts[2], parts[3], parts[4])
            if key in keys:
                retry.append(i)
            else:
                keys.add(key)
                out[i] = parts
        todo = retry
    raise ValueError("could not draw distinct addresses")


def ibans(rng: np.random.Generator, countries: np.ndarray) -> np.ndarray:
    """Distinct IBANs with valid mod-97 check digits for IBAN countries (others: empty).

    Examples
    --------
    >>> from schwifty import IBAN
    >>> [IBAN(i).country_code for i in ibans(np.random.default_rng(1), np.array(["DE", "PL"]))]
    ['DE', 'PL']
    """
    n = len(countries)
    bank = rng.integers(0, 1000, size=n)
    acct = unique_ints(rng, n, 10**7, 10**15)
    out = np.full(n, "", dtype=object)
    for i, c in enumerate(countries.tolist()):
        if c in BANK_CODES:
            codes, width = BANK_CODES[c]
            digits = f"{acct[i]:0{width}d}"[-width:]
            out[i] = iban_checksum(c, codes[bank[i] % len(codes)] + digits)
    return out


def account_numbers(rng: np.random.Generator, n: int) -> np.ndarray:
    """Distinct domestic account numbers of 8-12 digits.

    Examples
    --------
    >>> a = account_numbers(np.random.default_rng(1), 3)
    >>> all(8 <= len(x) <= 12 and x.isdigit() for x in a)
    True
    """
    values = unique_ints(rng, n, 10**7, 10**12)
    return np.asarray([str(v) for v in values], dtype=object)


def wallets(rng: np.random.Generator, n: int) -> np.ndarray:
    """Distinct crypto wallets: about 60% TRON (USDT TRC20) and 40% Ethereum, as canonical text.

    Examples
    --------
    >>> w = wallets(np.random.default_rng(3), 20)
    >>> sorted({x[0] for x in w})
    ['0', 'T']
    """
    raw = rng.integers(0, 256, size=(n, 20), dtype=np.uint8)
    tron = rng.random(n) < 0.6
    return np.asarray(
        [
            tron_address(r.tobytes()) if t else "0x" + r.tobytes().hex()
            for r, t in zip(raw, tron, strict=True)
        ],
        dtype=object,
    )
