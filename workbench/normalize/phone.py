"""Phone numbers in E.164, judged by Google's libphonenumber metadata.

``phonenumbers`` is the authority on validity and number type, but parsing
costs ~30 µs a value. So numbers are checked in polars against the very
patterns phonenumbers uses (its metadata regexes), which gives identical
answers at column speed: +1 numbers against the US patterns (phonenumbers
tries the US first), "+" numbers of a calling code that one region owns
against that region's, and numbers written nationally against the claimed
region's after its plain national prefix. Only the rest (calling codes shared
by several regions, prefixes with rules of their own) is parsed, once per
distinct (digits, region) pair. Tests compare both ways on every region's
example numbers and their near misses.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import phonenumbers
import polars as pl
from phonenumbers import NumberParseException, PhoneMetadata, PhoneNumberFormat, PhoneNumberType

from workbench.normalize._unique import as_text, map_python, on_unique
from workbench.normalize.placeholders import placeholder_expr

#: Region whose numbers are checked in polars instead of parsed one by one.
FAST_REGION = "US"
#: Regions dialling abroad with 011. A leading 00 ("0044 20 …") is read as "+"
#: everywhere: no national number starts with it, NANP ones included.
NANP_REGIONS = ("US", "CA", "PR", "GU", "VI", "AS", "MP")

#: Default region when a contractor's claimed country is missing or unknown
#: and the number has no "+": most contractor records are North American.
DEFAULT_REGION = "US"
#: phonenumbers refuses longer inputs; we do not even try.
MAX_INPUT = 250

#: Lower-case names of phonenumbers' number types, by their integer code.
TYPE_NAMES: dict[int, str] = {
    code: name.lower() for name, code in vars(PhoneNumberType).items() if name.isupper()
}

#: Types in the order phonenumbers tests them (``_number_type_helper``).
_SPECIAL_TYPES = (
    "premium_rate",
    "toll_free",
    "shared_cost",
    "voip",
    "personal_number",
    "pager",
    "uan",
    "voicemail",
)
_DIALLABLE = r"^\+?[\d\s().\-/]+$"


def _matches(national: pl.Expr, desc: object) -> pl.Expr:
    """``national`` fully matches a phonenumbers number description."""
    pattern = getattr(desc, "national_number_pattern", None)
    if not pattern:
        return pl.lit(False)
    lengths = list(getattr(desc, "possible_length", ()) or ())
    matched = national.str.contains(f"^(?:{pattern})$")
    return matched & national.str.len_chars().is_in(lengths) if lengths else matched


def _metadata(region: str) -> PhoneMetadata:
    """phonenumbers' metadata of a region it supports."""
    meta = PhoneMetadata.metadata_for_region(region)
    if meta is None:
        raise ValueError(f"phonenumbers has no metadata for region {region!r}")
    return meta


def _type_expr(national: pl.Expr, region: str = FAST_REGION) -> pl.Expr:
    """Number-type name of a national number of ``region``, as phonenumbers decides it."""
    meta = _metadata(region)
    fixed = _matches(national, meta.fixed_line)
    same = bool(meta.same_mobile_and_fixed_line_pattern)
    mobile = pl.lit(False) if same else _matches(national, meta.mobile)
    chain: Any = pl.when(~_matches(national, meta.general_desc)).then(pl.lit("unknown"))
    for name in _SPECIAL_TYPES:
        chain = chain.when(_matches(national, getattr(meta, name))).then(pl.lit(name))
    # phonenumbers' _number_type_helper: with one pattern for both, a fixed-line
    # match is "fixed_line_or_mobile" and anything else is unknown.
    return (
        chain.when(fixed & (pl.lit(same) | mobile))
        .then(pl.lit("fixed_line_or_mobile"))
        .when(fixed)
        .then(pl.lit("fixed_line"))
        .when(mobile)
        .then(pl.lit("mobile"))
        .otherwise(pl.lit("unknown"))
    )


def _valid_expr(national: pl.Expr, region: str = FAST_REGION) -> pl.Expr:
    """``national`` is a valid number of ``region`` (one regex: any typed pattern)."""
    meta = _metadata(region)
    descs = [getattr(meta, name) for name in (*_SPECIAL_TYPES, "fixed_line", "mobile")]
    patterns = [d.national_number_pattern for d in descs if d and d.national_number_pattern]
    lengths = list(getattr(meta.general_desc, "possible_length", ()) or ())
    return national.str.contains("^(?:" + "|".join(patterns) + ")$") & (
        national.str.len_chars().is_in(lengths)
    )


def _parse(key: str) -> str | None:
    """E.164 of ``key`` ("REGION|number"), or None when phonenumbers rejects it."""
    region, _, number = key.partition("|")
    if len(number) > MAX_INPUT:
        return None
    try:
        parsed = phonenumbers.parse(number, region or None)
    except NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    return phonenumbers.format_number(parsed, PhoneNumberFormat.E164)


def _region_expr(regions: pl.Series | None) -> pl.Expr:
    """Upper-cased supported region per row; the default where unknown."""
    if regions is None:
        return pl.lit(DEFAULT_REGION)
    region = pl.lit(as_text(regions)).str.strip_chars().str.to_uppercase()
    supported = region.is_in(sorted(phonenumbers.SUPPORTED_REGIONS))
    return pl.when(supported).then(region).otherwise(pl.lit(DEFAULT_REGION))


def canonical(values: pl.Series, regions: pl.Series | None = None) -> pl.Series:
    """E.164 form of each raw phone number; null when invalid or a placeholder.

    Parameters
    ----------
    values : raw phone strings in any format.
    regions : ISO 3166 alpha-2 default region per row (the claimed country),
        used for numbers written without "+"; null or unknown → "US".

    Returns
    -------
    A String series of the same length.

    Examples
    --------
    >>> canonical(pl.Series(["(201) 555-0123", "020 7946 0958", "+44 20 7946 0958", "n/a"]),
    ...           pl.Series(["US", "GB", None, "US"])).to_list()
    ['+12015550123', '+442079460958', '+442079460958', None]
    """
    rows = pl.DataFrame({"raw": as_text(values)}).with_columns(region=_region_expr(regions))
    pairs = rows.unique(maintain_order=False)
    answers = pairs.with_columns(e164=_canonical_pairs(pairs))
    joined = rows.join(answers, on=["raw", "region"], how="left", maintain_order="left")
    return joined["e164"].cast(pl.String).rename(values.name)


def _canonical_pairs(pairs: pl.DataFrame) -> pl.Series:
    """E.164 for distinct (raw, region) rows: US numbers in polars, others parsed."""
    raw = pl.col("raw").str.strip_chars()
    nanp = pl.col("region").is_in(NANP_REGIONS)
    frame = pairs.with_columns(
        raw=pl.when(raw.str.contains(r"^00[1-9]"))
        .then("+" + raw.str.slice(2))
        .when(raw.str.contains(r"^011[\s.-]*[2-9]") & nanp)
        .then("+" + raw.str.slice(3).str.strip_chars_start(" .-"))
        .otherwise(raw)
    )
    diallable = pl.col("raw").str.contains(_DIALLABLE)
    digits = pl.col("raw").str.replace_all(r"\D", "")
    plus = pl.col("raw").str.starts_with("+")
    number = (
        pl.when(diallable)
        .then(pl.when(plus).then("+" + digits).otherwise(digits))
        .otherwise(pl.col("raw"))
    )
    national = (
        pl.when(plus & digits.str.contains(r"^1\d{10}$"))
        .then(digits.str.slice(1))
        .when(~plus & (pl.col("region") == FAST_REGION) & digits.str.contains(r"^1?\d{10}$"))
        .then(digits.str.slice(-10))
    )
    fast_valid = diallable & _valid_expr(national)
    keyed = frame.with_columns(
        fast=pl.when(fast_valid).then("+1" + national),
        key=pl.when(plus).then(pl.lit("")).otherwise(pl.col("region")) + "|" + number,
        usable=~placeholder_expr(pl.col("raw")) & pl.col("raw").str.contains(r"\d"),
    )
    keyed = _international_fast_path(
        keyed.with_row_index("position"), pl.when(diallable & plus).then(digits)
    )
    keyed = _national_fast_path(keyed, pl.when(diallable & ~plus & ~nanp).then(digits))
    slow = keyed.filter(pl.col("usable") & pl.col("fast").is_null())
    parsed = pl.DataFrame({"key": slow["key"], "parsed": map_python(slow["key"], _parse)})
    result = keyed.join(parsed.unique("key"), on="key", how="left", maintain_order="left").select(
        pl.when(pl.col("usable")).then(pl.coalesce("fast", "parsed"))
    )
    return result.to_series().cast(pl.String)


def _international_fast_path(keyed: pl.DataFrame, digits: pl.Expr) -> pl.DataFrame:
    """Fill ``fast`` for "+" numbers whose calling code one region owns, checked in polars.

    ``digits`` is the number's digits where it was written with a "+", else null.
    """
    pending = keyed.filter(pl.col("usable") & pl.col("fast").is_null()).select(
        "position", digits=digits
    )
    pending = pending.filter(pl.col("digits").is_not_null())
    candidates = pl.concat(
        [
            pending.with_columns(
                code=pl.col("digits").str.slice(0, width),
                national=pl.col("digits").str.slice(width),
            )
            for width in (1, 2, 3)
        ]
    ).join(single_region_codes(), on="code")
    valid = [
        group.filter(_valid_expr(pl.col("national"), region)).select(
            "position", international="+" + pl.col("digits")
        )
        for (region,), group in candidates.partition_by("region", as_dict=True).items()
    ]
    empty = pl.DataFrame(schema={"position": pl.UInt32, "international": pl.String})
    return (
        keyed.join(pl.concat([empty, *valid]), on="position", how="left", maintain_order="left")
        .with_columns(fast=pl.coalesce("fast", "international"))
        .drop("international")
    )


@lru_cache(maxsize=1)
def simple_national_prefixes() -> pl.DataFrame:
    """Regions outside +1 whose national prefix is stripped as written, with code and prefix.

    Regions with a transform rule or a parsing pattern of their own (Argentina's
    mobile "15", Brazil's carrier codes…) are left to the parser.

    Examples
    --------
    >>> table = simple_national_prefixes()
    >>> table.filter(pl.col("region") == "DE").rows()
    [('DE', '49', '0')]
    """
    rows = []
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        meta = _metadata(region)
        code = str(meta.country_code)
        plain = meta.national_prefix_for_parsing in (None, meta.national_prefix)
        if code != "1" and plain and meta.national_prefix_transform_rule is None:
            rows.append((region, code, meta.national_prefix or ""))
    schema = {"region": pl.String, "code": pl.String, "prefix": pl.String}
    return pl.DataFrame(rows, schema=schema, orient="row")


def _national_fast_path(keyed: pl.DataFrame, digits: pl.Expr) -> pl.DataFrame:
    """Fill ``fast`` for numbers written nationally ("020 7946 0958" in GB), checked in polars.

    ``digits`` is the number's digits where it was written without "+", else null.
    """
    pending = (
        keyed.filter(pl.col("usable") & pl.col("fast").is_null())
        .select("position", "region", digits=digits)
        .filter(pl.col("digits").is_not_null())
        .join(simple_national_prefixes(), on="region")
    )
    stripped = pending.with_columns(
        national=pl.when(
            (pl.col("prefix") != "") & pl.col("digits").str.starts_with(pl.col("prefix"))
        )
        .then(pl.col("digits").str.slice(pl.col("prefix").str.len_chars()))
        .otherwise(pl.col("digits"))
    )
    valid = [
        group.filter(_valid_expr(pl.col("national"), region)).select(
            "position", national_e164="+" + pl.col("code") + pl.col("national")
        )
        for (region,), group in stripped.partition_by("region", as_dict=True).items()
    ]
    empty = pl.DataFrame(schema={"position": pl.UInt32, "national_e164": pl.String})
    return (
        keyed.join(pl.concat([empty, *valid]), on="position", how="left", maintain_order="left")
        .with_columns(fast=pl.coalesce("fast", "national_e164"))
        .drop("national_e164")
    )


def _type_of(e164: str) -> str:
    """phonenumbers' type name for one E.164 string."""
    try:
        return TYPE_NAMES[phonenumbers.number_type(phonenumbers.parse(e164, None))]
    except NumberParseException:
        return "unknown"


@lru_cache(maxsize=1)
def single_region_codes() -> pl.DataFrame:
    """Country calling codes used by exactly one region, with that region.

    Examples
    --------
    >>> codes = single_region_codes()
    >>> codes.filter(pl.col("code") == "44").is_empty()
    True
    >>> codes.filter(pl.col("code") == "81")["region"].item()
    'JP'
    """
    rows = [
        (str(code), regions[0])
        for code, regions in sorted(phonenumbers.COUNTRY_CODE_TO_REGION_CODE.items())
        if len(regions) == 1 and regions[0] in phonenumbers.SUPPORTED_REGIONS
    ]
    return pl.DataFrame(rows, schema={"code": pl.String, "region": pl.String}, orient="row")


def _types_distinct(distinct: pl.Series) -> pl.Series:
    """Type names for distinct E.164 strings, from each region's metadata in polars.

    Numbers of a calling code that one region owns are typed with that
    region's patterns; +1 numbers with the US patterns; the rest (shared
    calling codes such as +44 or +7, +1 numbers outside the US) is parsed.
    """
    frame = pl.DataFrame({"e164": distinct}).with_row_index("position")
    digits = pl.col("e164").str.slice(1)
    candidates = pl.concat(
        [
            frame.with_columns(code=digits.str.slice(0, width), national=digits.str.slice(width))
            for width in (1, 2, 3)
        ]
    ).join(single_region_codes(), on="code")
    nanp = frame.filter(pl.col("e164").str.contains(r"^\+1\d{10}$")).with_columns(
        national=digits.str.slice(1)
    )
    typed = [
        group.select("position", fast=_type_expr(pl.col("national"), region))
        for (region,), group in candidates.drop("code").partition_by("region", as_dict=True).items()
    ]
    # phonenumbers tries the US first among +1 regions: a number the US patterns
    # type is a US number; the others ("unknown" here) go to the parser.
    typed.append(nanp.select("position", fast=_type_expr(pl.col("national"), FAST_REGION)))
    empty = pl.DataFrame(schema={"position": pl.UInt32, "fast": pl.String})
    fast = (
        frame.join(pl.concat([empty, *typed]), on="position", how="left")
        .sort("position")
        .get_column("fast")
    )
    needs_parse = fast.is_null() | (fast == "unknown")
    slow = distinct.filter(needs_parse)
    slow_types = pl.DataFrame({"e164": slow, "slow": map_python(slow, _type_of)})
    joined = frame.with_columns(fast=fast).join(
        slow_types, on="e164", how="left", maintain_order="left"
    )
    return joined.select(pl.coalesce("slow", "fast")).to_series()


def number_type(e164: pl.Series) -> pl.Series:
    """Lower-case phonenumbers type ("voip", "mobile", "fixed_line_or_mobile", …).

    Parameters
    ----------
    e164 : canonical numbers from :func:`canonical`.

    Returns
    -------
    A String series; null where the input is null.

    Examples
    --------
    >>> number_type(pl.Series(["+12015550123", "+18002345678", "+445612345678", None])).to_list()
    ['fixed_line_or_mobile', 'toll_free', 'voip', None]
    """
    return on_unique(e164, _types_distinct).cast(pl.String)
