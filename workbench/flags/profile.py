"""Interview and profile red flags: video, photo, resume, cover letter, GitHub, e-mail addresses."""

from __future__ import annotations

import polars as pl

from workbench.distinct import distinct_rows
from workbench.flags.common import (
    MAX_NAMED,
    empty_result,
    passing,
    quote,
    refs,
    result,
    shared_values,
    sightings,
)
from workbench.flags.context import CaseWide, FlagContext, NearDuplicateTexts
from workbench.normalize.email import has_confusables, split
from workbench.normalize.name import latin_forms, similar
from workbench.observe import MIN_NAME_PART, MIN_STEM, SEQUENCE_GAP, stem_and_number
from workbench.tables import ROW

#: Interview outcomes in which the candidate kept their face from the interviewer.
#: An interview that was not held (``not_held``) is the hiring process's choice (an
#: agency hire, a re-hire), not the candidate's refusal, and so no red flag.
NO_VIDEO = ("declined", "camera_off")

#: Jaccard similarity of word shingles (`minhash.SHINGLE_WORDS` words each) above
#: which two resumes are one text with small edits (independent resumes on one
#: stack stay far below 0.5).
RESUME_JACCARD = 0.8

#: Jaccard similarity of word shingles above which two cover letters or proposals
#: are one template with small edits; the résumé's bar, for the same reason.
COVER_LETTER_JACCARD = 0.8

#: A template's placeholder left in a letter: words in brackets ("[Company Name]",
#: "{role}", "{{company}}", "<Hiring Manager>", "<your_name>"): the letter was copied
#: from a public template, and its likeness to other copies is the template's, not a
#: team's. A markdown link ("[GitHub](…)"), a citation ("[1]"), an e-mail address in
#: angle brackets and a lower-case HTML tag ("<br>", "<p>") are no placeholders.
TEMPLATE_PLACEHOLDER = (
    r"\[\p{L}[\p{L}'’]*(?:[ _-]\p{L}[\p{L}'’]*)*\](?:[^(]|$)"
    r"|\{\{?\p{L}+(?:[ _-]\p{L}+)*\}\}?"
    r"|<\p{Lu}[\p{L}'’]*(?:[ _-]\p{L}[\p{L}'’]*)*>|<\p{Ll}+(?:[ _]\p{Ll}+)+>"
)


def video_declined(ctx: FlagContext) -> pl.DataFrame:
    """The candidate declined the video interview or kept the camera off.

    Either record will do: the hiring outcome (`contractors.video_interview`)
    or the interviews' camera state, off in every interview whose camera was
    recorded (`interviews.camera_on`). An identity both records describe has
    both in its evidence. An interview that was not held is not the
    candidate's doing and raises nothing.

    Examples
    --------
    >>> ctx = FlagContext.build(contractors={"contractor_id": ["a", "b", "c", "d"],
    ...     "video_interview": ["Camera off", "completed", None, "not_held"]},
    ...     interviews={"contractor_id": ["a", "b", "b", "c"],
    ...     "camera_on": [False, False, True, False]})
    >>> video_declined(ctx)["evidence"].to_list()
    ['video interview: camera off; camera off in its one recorded interview', \
'camera off in its one recorded interview']
    """
    outcome = (
        pl.col("video_interview")
        .str.strip_chars()
        .str.to_lowercase()
        .str.replace_all(r"[\s-]+", "_")
    )
    declared = (
        ctx.table("contractors")
        .filter(outcome.is_in(NO_VIDEO))
        .select(
            "contractor_id",
            evidence=pl.format("video interview: {}", outcome.str.replace_all("_", " ")),
            refs=pl.format("contractors:{}", pl.col(ROW)),
        )
    )
    recorded = ctx.table("interviews").filter(pl.col("camera_on").is_not_null())
    count = pl.col("interviews")
    unseen = (
        passing(
            recorded,
            ~pl.col("seen"),
            among=~pl.col("camera_on"),
            seen=pl.col("camera_on").any(),
            interviews=pl.len(),
        )
        .group_by("contractor_id")
        .agg(count.first(), refs=refs("interviews"))
        .select(
            "contractor_id",
            evidence=pl.when(count == 1)
            .then(pl.lit("camera off in its one recorded interview"))
            .otherwise(pl.format("camera off in all {} recorded interviews", count)),
            refs="refs",
        )
    )
    return result(
        pl.concat([declared, unseen])
        .group_by("contractor_id", maintain_order=True)
        .agg(pl.col("evidence").str.join("; "), pl.col("refs").str.join(";"))
    )


def duplicate_photo(ctx: FlagContext) -> pl.DataFrame:
    """The profile photo's perceptual hash, or a retouched copy's a few bits away
    (`workbench.normalize.photo_hash.NEAR_BITS`), is also the photo of another identity.

    Examples
    --------
    >>> ctx = FlagContext.build(observations={"contractor_id": ["a", "b"],
    ...     "kind": ["photo_hash", "photo_hash"], "value": ["ff00", "ff00"],
    ...     "source": ["contractors", "contractors"]})
    >>> duplicate_photo(ctx)["contractor_id"].to_list()
    ['a', 'b']
    """
    return shared_values(ctx, "photo_hash", label="photo")


def shared_github(ctx: FlagContext) -> pl.DataFrame:
    """The GitHub account is also given by another identity.

    Examples
    --------
    >>> ctx = FlagContext.build(observations={"contractor_id": ["a", "b"],
    ...     "kind": ["github", "github"], "value": ["devstar", "devstar"]})
    >>> shared_github(ctx)["evidence"][0]
    'GitHub devstar shared with 1 other identity (b)'
    """
    return shared_values(ctx, "github", label="GitHub")


#: The résumés and the cover letters that are near copies of another identity's: facts of
#: the whole case, found where the case is (`NearDuplicateTexts`).
RESUMES_ALIKE = NearDuplicateTexts("resumes_alike", "resume_text", threshold=RESUME_JACCARD)
LETTERS_ALIKE = NearDuplicateTexts(
    "cover_letters_alike", "cover_letter", threshold=COVER_LETTER_JACCARD, skip=TEMPLATE_PLACEHOLDER
)


def _near_duplicate_texts(ctx: FlagContext, alike: NearDuplicateTexts, what: str) -> pl.DataFrame:
    """Identities whose text is a near copy of other identities' (``alike``), with the others:
    other people's (`_other_people`)."""
    both = _other_people(ctx, ctx.case_wide(alike))
    if both.is_empty():
        return empty_result()
    per_id = (
        both.sort("contractor_id", "jaccard", "other", descending=[False, True, False])
        .group_by("contractor_id", maintain_order=True)
        .agg(
            n=pl.len(),
            named=pl.col("other").head(MAX_NAMED).str.join(", "),
            best=pl.col("jaccard").max(),
        )
        .join(ctx.table("contractors").select("contractor_id", ROW), on="contractor_id")
    )
    return result(
        per_id.select(
            "contractor_id",
            evidence=pl.format(
                "{} near-identical to {} other identit{} ({}; best Jaccard {})",
                pl.lit(what),
                pl.col("n"),
                pl.when(pl.col("n") == 1).then(pl.lit("y")).otherwise(pl.lit("ies")),
                pl.col("named"),
                pl.col("best").round(2),
            ),
            refs=pl.format("contractors:{}", pl.col(ROW)),
        )
    )


def _other_people(ctx: FlagContext, pairs: pl.DataFrame) -> pl.DataFrame:
    """The pairs (contractor_id, other) of two people: not one person's two records, whose
    names are one name (`workbench.normalize.name.similar`). A contract re-signed, a
    second client, a re-hire: one person keeps their resume; one resume under two names
    is the red flag."""
    names = ctx.table("contractors").select("contractor_id", "full_name")
    named = pairs.join(names, on="contractor_id", how="left").join(
        names.rename({"contractor_id": "other", "full_name": "other_name"}), on="other", how="left"
    )
    one_person = similar(named["full_name"], named["other_name"]).fill_null(False)
    return named.filter(~one_person).select(pairs.columns)


def near_duplicate_resume(ctx: FlagContext) -> pl.DataFrame:
    """The resume is a near copy (small edits) of another identity's, under another name.

    One person's two records (a re-hire, a second contract) keep one resume: a copy
    under the same name (`workbench.normalize.name.similar`) raises nothing.

    Examples
    --------
    >>> cv = ("Full stack engineer: React, Node and Postgres. Eight years at fintech startups "
    ...       "in Austin, building payment APIs, dashboards and CI pipelines for small teams.")
    >>> ctx = FlagContext.build(contractors={"contractor_id": ["a", "b"],
    ...     "resume_text": [cv, cv.replace("teams", "squads")]})
    >>> near_duplicate_resume(ctx)["evidence"].to_list()[0]
    'resume near-identical to 1 other identity (b; best Jaccard 0.91)'
    """
    return _near_duplicate_texts(ctx, RESUMES_ALIKE, "resume")


def near_duplicate_cover_letter(ctx: FlagContext) -> pl.DataFrame:
    """The cover letter or proposal is a near copy (small edits) of another identity's,
    under another name.

    Letters that still carry a public template's placeholder ("[Company Name]")
    are left out: their copies resemble each other through the template.

    Examples
    --------
    >>> letter = ("Dear hiring manager, I am excited to apply for this role. With eight years "
    ...           "of experience building scalable web applications I can deliver from day one.")
    >>> public = letter.replace("this role", "the role at [Company Name]")
    >>> ctx = FlagContext.build(contractors={"contractor_id": ["a", "b", "c", "d"],
    ...     "cover_letter": [letter, letter.replace("day one", "week one"), public, public]})
    >>> near_duplicate_cover_letter(ctx)["evidence"].to_list()[0]
    'cover letter near-identical to 1 other identity (b; best Jaccard 0.85)'
    """
    return _near_duplicate_texts(ctx, LETTERS_ALIKE, "cover letter")


def confusable_email(ctx: FlagContext) -> pl.DataFrame:
    """An e-mail address mixes scripts or uses look-alike characters (Cyrillic "а" for "a").

    Examples
    --------
    >>> ctx = FlagContext.build(observations={"contractor_id": ["a", "b"], "kind": ["email"] * 2,
    ...     "value": ["jane@x.org", "jon@x.org"], "raw": ["j\\u0430ne@x.org", "jon@x.org"],
    ...     "source": ["contractors"] * 2})
    >>> confusable_email(ctx)["contractor_id"].to_list()
    ['a']
    """
    emails = ctx.observations.filter(pl.col("kind") == "email")
    raws = emails.select(pl.col("raw").unique())
    suspect = raws.filter(has_confusables(raws["raw"]))
    hits = emails.join(suspect, on="raw", how="semi")
    if hits.is_empty():
        return empty_result()
    return result(
        hits.sort("contractor_id", "raw")
        .group_by("contractor_id", maintain_order=True)
        .agg(
            evidence=pl.format(
                "look-alike characters in e-mail {} (reads as {})",
                quote(pl.col("raw").first()),
                quote(pl.col("value").first()),
            ),
            refs=refs(pl.col("source")),
        )
    )


def _name_built(ctx: FlagContext, numbered: pl.DataFrame) -> pl.DataFrame:
    """(contractor_id, stem) pairs whose stem is little more than the owner's own name.

    Namesakes get neighbouring numbers from mail providers (jamesanderson198,
    jamesanderson199); a template has a theme beyond the name (james.smartcoder412).
    """
    people = ctx.table("contractors").join(numbered, on="contractor_id", how="semi")
    forms = latin_forms(people["contractor_id"], people["full_name"])
    parts = forms.select("contractor_id", part=pl.col("form").str.split(" ")).explode("part")
    # A word in several readings of a name ("jie" in Lin Jun Jie and Lim Jun Jie) counts once.
    parts = distinct_rows(parts.filter(pl.col("part").str.len_chars() >= MIN_NAME_PART))
    stems = distinct_rows(numbered.select("contractor_id", "stem"))
    letters = pl.col("stem").str.replace_all(r"[^\p{L}]", "").str.len_chars()
    covered = (
        stems.join(parts, on="contractor_id")
        .filter(pl.col("stem").str.contains(pl.col("part"), literal=True))
        .group_by("contractor_id", "stem")
        .agg(pl.col("part").str.len_chars().sum().alias("name_letters"))
    )
    return (
        stems.join(covered, on=["contractor_id", "stem"])
        .filter(letters - pl.col("name_letters") < MIN_STEM)
        .select("contractor_id", "stem")
    )


def _numbered_emails(ctx: FlagContext) -> pl.DataFrame:
    """The identities' e-mail addresses that end in a running number, with their template
    (stem@domain) and number; stems that are little more than the owner's name left out."""
    emails = sightings(ctx, "email", columns=["contractor_id", "value", "source", ROW])
    parts = split(emails["value"])
    numbered = (
        pl.concat([emails, parts], how="horizontal")
        .with_columns(
            **stem_and_number(pl.col("local")),
        )
        .filter(pl.col("stem").str.len_chars() >= MIN_STEM, pl.col("number").is_not_null())
        .with_columns(template=pl.format("{}@{}", pl.col("stem"), pl.col("domain")))
    )
    numbered = numbered.join(_name_built(ctx, numbered), on=["contractor_id", "stem"], how="anti")
    return numbered.select("contractor_id", "value", "source", ROW, "template", "number")


def _no_evidence(ctx: FlagContext) -> pl.DataFrame:
    """Running numbers need nothing but the addresses themselves."""
    return pl.DataFrame(schema={"template": pl.String})


def _running_numbers(numbered: pl.DataFrame, _: pl.DataFrame) -> pl.DataFrame:
    """Addresses next to another identity's in their template's running numbers, one row per
    side: contractor_id, mine, theirs, other (the neighbour), source and row (of mine)."""
    # Each number of a template and the one before it; every holder of the one is paired
    # with every holder of the other (two identities may hold one address).
    numbers = numbered.select("template", "number").unique().sort("template", "number")
    steps = numbers.with_columns(pl.all().shift(1).name.prefix("prev_")).filter(
        pl.col("template") == pl.col("prev_template"),
        (pl.col("number") - pl.col("prev_number")) <= SEQUENCE_GAP,
    )
    before = numbered.select(pl.all().name.prefix("prev_"))
    next_to = numbered.join(steps.drop("prev_template"), on=["template", "number"]).join(
        before, left_on=["template", "prev_number"], right_on=["prev_template", "prev_number"]
    )
    # One number written two ways ("devstar7", "devstar07"), once per pair.
    respelt = numbered.join(
        before, left_on=["template", "number"], right_on=["prev_template", "prev_number"]
    ).filter(pl.col("value") > pl.col("prev_value"))
    pairs = pl.concat([next_to, respelt], how="diagonal").filter(
        pl.col("contractor_id") != pl.col("prev_contractor_id")
    )
    return pl.concat(
        [
            pairs.select(
                "contractor_id",
                mine="value",
                theirs="prev_value",
                other="prev_contractor_id",
                source="source",
                row=ROW,
            ),
            pairs.select(
                contractor_id="prev_contractor_id",
                mine="prev_value",
                theirs="value",
                other="contractor_id",
                source="prev_source",
                row=f"prev_{ROW}",
            ),
        ]
    )


#: Which identities' addresses neighbour another's in a numbered template: a fact of the
#: whole case, found template by template where the case is split (`CaseWide`).
EMAIL_SEQUENCES = CaseWide(
    "email_sequences",
    rows=_numbered_emails,
    evidence=_no_evidence,
    combine=_running_numbers,
    on="template",
    tables=("contractors",),
    kinds=("email",),
    reads_hubs=True,
)


def sequential_email(ctx: FlagContext) -> pl.DataFrame:
    """The e-mail address is a running-number variant of another identity's (devstar07 / devstar08).

    Stems that are just the owner's name are left out: namesakes get
    neighbouring numbers from mail providers.

    Examples
    --------
    >>> ctx = FlagContext.build(observations={"contractor_id": ["a", "b", "c"],
    ...     "kind": ["email"] * 3, "value": ["devstar07@x.io", "devstar08@x.io", "devstar40@x.io"],
    ...     "source": ["contractors"] * 3})
    >>> sequential_email(ctx)["evidence"].to_list()
    ['devstar07@x.io and devstar08@x.io (b) follow one template', \
'devstar08@x.io and devstar07@x.io (a) follow one template']
    >>> same = FlagContext.build(observations={"contractor_id": ["a", "b"], "kind": ["email"] * 2,
    ...     "value": ["devstar07@x.io"] * 2, "source": ["contractors"] * 2})
    >>> sequential_email(same).height
    0
    """
    sides = ctx.case_wide(EMAIL_SEQUENCES)
    if sides.is_empty():
        return empty_result()
    # One clause per pair of addresses, naming the neighbours who hold the other.
    clauses = (
        sides.sort("contractor_id", "mine", "theirs", "other")
        .group_by("contractor_id", "mine", "theirs", maintain_order=True)
        .agg(others=pl.col("other").unique(maintain_order=True).head(MAX_NAMED).str.join(", "))
        .select(
            "contractor_id",
            text=pl.format(
                "{} and {} ({}) follow one template",
                quote(pl.col("mine")),
                quote(pl.col("theirs")),
                "others",
            ),
        )
    )
    return result(
        clauses.group_by("contractor_id", maintain_order=True)
        .agg(evidence=pl.col("text").head(MAX_NAMED).str.join("; "))
        .join(
            sides.group_by("contractor_id").agg(refs(pl.col("source"), pl.col("row"))),
            on="contractor_id",
        )
    )
