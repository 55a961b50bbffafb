"""Contact red flags: the country of a phone number, and references that applicants share."""

from __future__ import annotations

import phonenumbers
import polars as pl

from workbench.flags.access import phone_types
from workbench.flags.common import (
    MAX_NAMED,
    MAX_REFS,
    claimed_countries,
    empty_result,
    login_countries,
    quote,
    refs,
    result,
    shared_values,
    sightings,
)
from workbench.flags.context import FlagContext

#: Region phonenumbers gives non-geographic numbers (+800, +882 …): they claim no country.
NON_GEOGRAPHIC = "001"

#: Number types (phonenumbers') that belong to a place: a landline or a mobile line.
#: VoIP, personal and other numbers are sold to anyone, anywhere (VOIP_PHONE reads those).
PLACED_TYPES = ("fixed_line", "mobile", "fixed_line_or_mobile")

#: Calling codes that say nothing of where someone lives: North American numbers are
#: sold worldwide as virtual numbers, and their type cannot tell VoIP from mobile.
UNPLACED_CODES = ("1",)

#: Observation kinds of the references applicants name.
REFERENCE_KINDS = ("reference_email", "reference_phone")

#: Applicants naming one reference before it is a team's common voucher: two
#: colleagues naming their former manager is ordinary.
REFERENCE_MIN_APPLICANTS = 3


def calling_code_regions() -> pl.DataFrame:
    """Every (calling code, region) pair phonenumbers knows, non-geographic codes left out.

    Examples
    --------
    >>> pairs = calling_code_regions()
    >>> sorted(pairs.filter(pl.col("code") == "7")["region"])
    ['KZ', 'RU']
    """
    rows = [
        (str(code), region)
        for code, regions in sorted(phonenumbers.COUNTRY_CODE_TO_REGION_CODE.items())
        for region in regions
        if region != NON_GEOGRAPHIC
    ]
    return pl.DataFrame(rows, schema={"code": pl.String, "region": pl.String}, orient="row")


def _calling_codes(numbers: pl.Series) -> pl.DataFrame:
    """(value, code) for each distinct E.164 number of `numbers` whose calling code is known.

    Calling codes are prefix-free, so at most one of a number's 1–3 digit prefixes is one.
    """
    known = (
        calling_code_regions().select("code").unique().filter(~pl.col("code").is_in(UNPLACED_CODES))
    )
    digits = pl.DataFrame({"value": numbers.unique()}).filter(
        pl.col("value").str.contains(r"^\+\d+$")
    )
    return pl.concat(
        digits.select("value", code=pl.col("value").str.slice(1, width)) for width in (1, 2, 3)
    ).join(known, on="code", how="semi")


def phone_country_mismatch(ctx: FlagContext) -> pl.DataFrame:
    """A landline or mobile number given belongs to a country the identity has no other tie to.

    The number's countries (those of its calling code) include neither the
    claimed country nor any country the identity's logins come from. Numbers
    written without a calling code were read in the claimed country and fit,
    unless identities claiming other countries wrote the same digits and
    another reading won (`workbench.normalize.phone.reading_merges`); a
    number from where someone lives and works, whatever nationality
    they claim, fits too. VoIP numbers and North American numbers, sold
    worldwide as virtual numbers, place no one and are left out.

    Examples
    --------
    >>> ctx = FlagContext.build(
    ...     contractors={"contractor_id": ["a", "b", "c"], "country": ["US", "JP", "USA"]},
    ...     logins={"contractor_id": ["b"], "country": ["United Kingdom"]},
    ...     observations={"contractor_id": ["a", "b", "c", "c"], "kind": ["phone"] * 4,
    ...         "value": ["+821012345678", "+441134960000", "+79161234567", "+445612345678"],
    ...         "source": ["contractors"] * 4})
    >>> phone_country_mismatch(ctx)["evidence"].to_list()
    ['phone +821012345678 is a +82 number (KR) while claiming US', \
'phone +79161234567 is a +7 number (KZ, RU) while claiming US']
    """
    claims = claimed_countries(ctx).select("contractor_id", "claimed")
    placed = phone_types(ctx).filter(pl.col("type").is_in(PLACED_TYPES)).select("value")
    phones = (
        sightings(ctx, "phone")
        .join(claims, on="contractor_id")
        .join(placed, on="value", how="semi")
    )
    codes = _calling_codes(phones["value"])
    regions = calling_code_regions()
    places = (
        phones.select("contractor_id", "value")
        .unique()
        .join(codes, on="value")
        .join(regions, on="code")
    )
    by_claim = places.join(
        claims,
        left_on=["contractor_id", "region"],
        right_on=["contractor_id", "claimed"],
        how="semi",
    ).select("contractor_id", "value")
    # Most numbers fit the claimed country: only the identities of the others have
    # their logins read.
    unplaced = places.join(by_claim, on=["contractor_id", "value"], how="anti")
    ids = unplaced["contractor_id"].unique()
    seen = (
        login_countries(ctx)
        .select("contractor_id", "country")
        # One pass over the logins, copying only the rows of those identities.
        .filter(pl.col("country").is_not_null(), pl.col("contractor_id").is_in(ids.implode()))
        .unique()
        .cast({"country": pl.String})  # joined to the regions' text below
    )
    by_logins = unplaced.join(
        seen, left_on=["contractor_id", "region"], right_on=["contractor_id", "country"], how="semi"
    ).select("contractor_id", "value")
    fitting = pl.concat([by_claim, by_logins])
    hits = phones.join(codes, on="value").join(fitting, on=["contractor_id", "value"], how="anti")
    if hits.is_empty():
        return empty_result()
    named = (
        regions.sort("region")
        .group_by("code")
        .agg(
            countries=pl.format(
                "{}{}",
                pl.col("region").head(MAX_NAMED).str.join(", "),
                pl.when(pl.len() > MAX_NAMED).then(pl.lit(", …")).otherwise(pl.lit("")),
            )
        )
    )
    texts = hits.join(named, on="code").with_columns(
        text=pl.format(
            "phone {} is a +{} number ({}) while claiming {}",
            quote(pl.col("value")),
            "code",
            "countries",
            "claimed",
        )
    )
    return result(
        texts.sort("contractor_id", "value")
        .group_by("contractor_id", maintain_order=True)
        .agg(
            evidence=pl.col("text").unique(maintain_order=True).head(3).str.join("; "),
            refs=refs(pl.col("source")),
        )
    )


def shared_reference(ctx: FlagContext) -> pl.DataFrame:
    """Several applicants name the same reference (its e-mail address or phone number).

    Examples
    --------
    >>> ctx = FlagContext.build(observations={"contractor_id": ["a", "b", "c", "d"],
    ...     "kind": ["reference_phone"] * 4, "value": ["+12025550143"] * 3 + ["+12025550199"],
    ...     "source": ["identifiers"] * 4})
    >>> shared_reference(ctx)["evidence"].to_list()[0]
    'reference phone +12025550143 shared with 2 other identities (b, c)'
    """
    found = [
        shared_values(
            ctx, kind, label=kind.replace("_", " "), min_identities=REFERENCE_MIN_APPLICANTS
        )
        for kind in REFERENCE_KINDS
    ]
    hits = pl.concat(found)
    if hits.is_empty():
        return empty_result()
    return result(
        hits.sort("contractor_id", "evidence")
        .group_by("contractor_id", maintain_order=True)
        .agg(
            evidence=pl.col("evidence").str.join("; "),
            refs=pl.col("refs").str.join(";").str.split(";").list.head(MAX_REFS).list.join(";"),
        )
    )
