"""The same person behind two identities, found by probabilistic record linkage.

Two profiles built on one stolen identity seldom repeat it exactly: a name is
misspelt, a digit of the date of birth or of the national id slips, first and
last name trade places. Exact ties miss them. This stage compares the
identities' names, dates of birth and national ids with Splink's
Fellegi–Sunter model on DuckDB. Its parameters come from the case itself: u
(how often strangers agree) from random pairs, m (how often one person's
records agree) by expectation maximisation. Each pair it calls one person
becomes a ``same_person`` tie whose value names what agreed and the match
weight (log2 of the likelihood ratio).

Names alone are never enough, since many people share one: only identities
with a date of birth or a national id take part. An identity that gives
several (a corrected typo, a second document) is compared on each of them: it
has one record per date of birth and national id it gave, and a pair of
identities is judged on its two records that match best.
"""

from __future__ import annotations

import copy
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

import polars as pl

from workbench.link import LINK_SCHEMA
from workbench.normalize import name

if TYPE_CHECKING:
    from splink import SettingsCreator
    from splink.internals.blocking_rule_creator import BlockingRuleCreator
    from splink.internals.comparison_creator import ComparisonCreator

#: Link kind of a match (a relation, see `workbench.kinds.RELATIONS`).
MATCH_KIND = "same_person"

#: Weight of a certain match: as strong as a shared e-mail address. A match of
#: probability p weighs p times this.
MATCH_STRENGTH = 0.95

#: Pairs below this match probability are not ties.
MIN_PROBABILITY = 0.5

#: The kinds of sightings the record linkage reads beside each identity's name.
DETAIL_KINDS = ("date_of_birth", "national_id")

#: Those sightings, as a polars predicate (`person_records`).
PERSON_DETAILS = pl.col("kind").is_in(DETAIL_KINDS)

#: Distinct dates of birth, and national ids, of one identity that its records are made
#: of, at most: those sighted most often, then the lowest. An identity's records are every
#: pair of the two (`person_records`), so it has at most this squared (9), and a pair of
#: identities at most 81 pairs of records, however many values a profile piles up.
MAX_DETAIL_VALUES = 3

#: Joins an identity's id and its record's number in a record's ``unique_id``. The number
#: (digits) follows the last one, so that no two records' ids are one, whatever the ids.
RECORD_NUMBER = "\x1f"

#: `person_records`' answer: ``unique_id`` names a record, ``contractor_id`` its identity.
RECORD_SCHEMA = pl.Schema(
    {
        "unique_id": pl.String(),
        "contractor_id": pl.String(),
        "forename": pl.String(),
        "surname": pl.String(),
        "date_of_birth": pl.String(),
        "national_id": pl.String(),
    }
)

#: The prior's ceiling (`prior_match_probability`): a prior of 1 leaves expectation
#: maximisation nothing to weigh (Splink's arithmetic turns to NaN), and a case where
#: most pairs are one person before any comparison is a case of placeholders.
MAX_PRIOR = 0.5

#: Identities with a date of birth or national id needed before the model is
#: fitted: below this the case cannot say how often strangers agree.
MIN_PEOPLE = 100

#: Share of true matches taken to agree exactly on a national id, or on date of
#: birth and last name (`prior_match_probability`).
CERTAIN_RECALL = 0.7

#: How often one person's two records reach each level of a field (exact first,
#: then ever looser, last "different"), before the case says otherwise: a
#: typo, a swapped digit or a nickname is rare, a different document number rarer.
PRIOR_M = {
    "forename": [0.80, 0.08, 0.04, 0.04, 0.04],
    "surname": [0.85, 0.07, 0.03, 0.03, 0.02],
    "date_of_birth": [0.88, 0.06, 0.03, 0.03],
    "national_id": [0.90, 0.05, 0.03, 0.02],
}

#: Pairs an expectation maximisation pass needs before its estimates beat `PRIOR_M`
#: (Splink's guidance: a few hundred at least).
MIN_TRAINING_PAIRS = 300

#: Near-certain matches (`certain_matches`) a case needs before m is learnt from it.
MIN_CERTAIN_MATCHES = 50

#: Random pairs drawn to estimate u.
U_PAIRS = 3_000_000

#: Records the model is trained on, at most (about one per identity: one per date of birth
#: and national id it gave). A larger case trains on this many, the same ones on every
#: engine (those whose id has the lowest md5), so that what the driver gathers and DuckDB
#: holds stays bounded: u and m are shares of pairs, which a uniform sample of a million
#: records estimates as the whole case would.
TRAINING_PEOPLE = 1_000_000

#: Pairs one expectation maximisation pass compares, at most: a pass that would
#: compare more is sampled down to this by Splink (its ``max_pairs``). Surnames
#: follow a steep law, so a pass on them compares far more pairs than identities.
TRAINING_PAIRS = 20_000_000

#: Candidate pairs a blocking key may give per identity before it is narrowed.
#: The pairs scored then grow with the case, not with its square: dates of birth
#: over 60 years give about 23 pairs per identity at 1M, about 1,150 at 50M.
PAIRS_PER_PERSON = 100

#: Candidate pairs share one of these keys (SQL over the records, as Splink blocks on
#: them), each from its widest form to its narrowest. A form that would give more than
#: `PAIRS_PER_PERSON` pairs per identity gives way to the next (`blocking_keys`).
BLOCKING: tuple[tuple[tuple[str, ...], ...], ...] = (
    (("national_id",), ("national_id", "substr(surname, 1, 1)")),
    (
        ("date_of_birth",),
        ("date_of_birth", "substr(surname, 1, 1)"),
        ("date_of_birth", "surname"),
    ),
    (
        ("surname", "substr(forename, 1, 1)"),
        ("surname", "substr(forename, 1, 1)", "substr(date_of_birth, 1, 4)"),
        ("surname", "forename", "date_of_birth"),
    ),
    (
        ("forename", "substr(surname, 1, 1)"),
        ("forename", "substr(surname, 1, 1)", "substr(date_of_birth, 1, 4)"),
        ("forename", "surname", "date_of_birth"),
    ),
)

#: How a note names each blocking key.
KEY_NAMES = {
    "substr(surname, 1, 1)": "last name's initial",
    "substr(forename, 1, 1)": "first name's initial",
    "substr(date_of_birth, 1, 4)": "year of birth",
}

#: Each compared field and how it is named in a tie's value.
FIELDS = {
    "forename": "first name",
    "surname": "last name",
    "date_of_birth": "date of birth",
    "national_id": "national id",
}


@dataclass(frozen=True)
class PersonMatches:
    """Ties between identities judged one person (`LINK_SCHEMA`), and what was done."""

    links: pl.DataFrame
    note: str


@dataclass(frozen=True)
class TrainedModel:
    """Splink's settings with every learnt probability written in (`trained_model`), and
    the fields whose expectation maximisation pass was abandoned."""

    settings: SettingsCreator
    abandoned: tuple[str, ...] = ()


class PersonRecords(Protocol):
    """Each identity's record (`RECORD_SCHEMA`), where an engine holds them.

    The record linkage asks its questions of the records in SQL that DuckDB and
    Spark read alike, and gathers only the answers: counts, the sample it
    trains on, and the pairs it judges one person.
    """

    def sql(self, query: str) -> pl.DataFrame:
        """The answer of ``query``, in which ``{records}`` names the records."""
        ...

    def predict(self, model: SettingsCreator) -> pl.DataFrame:
        """Splink's predictions of ``model`` on the records: the pairs of match probability
        `MIN_PROBABILITY` or more, with each field's match weight."""
        ...


@dataclass(frozen=True)
class LocalRecords:
    """`PersonRecords` in a polars frame, asked on DuckDB in this process.

    Examples
    --------
    >>> records = LocalRecords(pl.DataFrame({"unique_id": ["a", "b"], "surname": ["lee", "lee"]}))
    >>> records.sql("select count(*) as people from {records}")["people"].item()
    2
    """

    frame: pl.DataFrame

    def sql(self, query: str) -> pl.DataFrame:
        import duckdb

        connection = duckdb.connect()
        connection.register("records", self.frame.to_arrow())
        return connection.sql(query.format(records="records")).pl()

    def predict(self, model: SettingsCreator) -> pl.DataFrame:
        return predict_on_duckdb(self.frame, model)


def person_records(contractors: pl.DataFrame, observations: pl.DataFrame) -> pl.DataFrame:
    """The records of each identity with a name and a date of birth or national id: one per
    date of birth and national id it gave.

    Columns: unique_id (the record's: the contractor id, `RECORD_NUMBER` and its
    number), contractor_id, forename, surname, date_of_birth, national_id. Of an
    identity's distinct values of one kind, the `MAX_DETAIL_VALUES` sighted most often
    are taken (the lowest first of those sighted alike): which ones never hangs on the
    order of the rows.

    Examples
    --------
    >>> people = pl.DataFrame({"contractor_id": ["a", "b"], "full_name": ["Ann Lee", "Bo Li"]})
    >>> obs = pl.DataFrame({"contractor_id": ["a", "a"], "kind": ["date_of_birth"] * 2,
    ...                     "value": ["19900101", "19910101"], "sightings": [1, 1]})
    >>> person_records(people, obs).drop("forename", "surname").rows()
    [('a\\x1f0', 'a', '19900101', None), ('a\\x1f1', 'a', '19910101', None)]
    """
    details = (
        observations.filter(PERSON_DETAILS)
        .group_by("contractor_id", "kind", "value")
        .agg(pl.col("sightings").sum())
        .sort(
            ["contractor_id", "kind", "sightings", "value"], descending=[False, False, True, False]
        )
        .group_by("contractor_id", "kind", maintain_order=True)
        .head(MAX_DETAIL_VALUES)
    )
    dates, ids = (
        details.filter(pl.col("kind") == kind).select("contractor_id", pl.col("value").alias(kind))
        for kind in DETAIL_KINDS
    )
    # Every pair of an identity's dates of birth and national ids; either alone where it
    # gave only one kind.
    combined = dates.join(ids, on="contractor_id", how="full", coalesce=True)
    # Only the identities with details are named: parsing every name would cost a
    # large case seconds for nothing.
    detailed = contractors.join(combined, on="contractor_id", how="semi")
    names = pl.concat(
        [detailed.select("contractor_id"), name.parts(detailed["full_name"])], how="horizontal"
    )
    numbered = pl.int_range(pl.len()).over("contractor_id").cast(pl.String)
    return (
        names.join(combined, on="contractor_id")
        .filter(pl.col("surname").is_not_null())
        .sort("contractor_id", *DETAIL_KINDS, nulls_last=True)
        .select(
            unique_id=pl.concat_str("contractor_id", pl.lit(RECORD_NUMBER), numbered),
            contractor_id="contractor_id",
            forename="forename",
            surname="surname",
            date_of_birth="date_of_birth",
            national_id="national_id",
        )
        .cast(RECORD_SCHEMA)
    )


def match_people(
    contractors: pl.DataFrame,
    observations: pl.DataFrame,
    *,
    seed: int = 7,
) -> PersonMatches:
    """Ties between identities that the case's own record linkage model calls one person.

    Parameters
    ----------
    contractors : the contractors table (contractor_id, full_name).
    observations : identifier sightings (`workbench.observe.observe`), whose
        ``date_of_birth`` and ``national_id`` values are compared.
    seed : seed of the random pairs that estimate u.

    Returns
    -------
    PersonMatches: ``links`` (contractor_a < contractor_b, kind ``same_person``,
    a value such as "match weight 21.4 (first name +6.2, last name +1.9, date
    of birth +13.3)", weight) sorted, and a ``note`` saying how many
    identities were compared, or why none were.

    Examples
    --------
    >>> people = pl.DataFrame({"contractor_id": ["a"], "full_name": ["Ann Lee"]})
    >>> obs = pl.DataFrame(schema={"contractor_id": pl.String, "kind": pl.String,
    ...     "value": pl.String, "sightings": pl.UInt32})
    >>> match_people(people, obs).note
    'not run: 0 identities have a name and a date of birth or national id (100 needed)'
    """
    if "full_name" not in contractors.columns:
        return PersonMatches(pl.DataFrame(schema=LINK_SCHEMA), NO_NAMES)
    return match_records(LocalRecords(person_records(contractors, observations)), seed=seed)


#: `match_people`'s note on a case without names.
NO_NAMES = "not run: no names in the case"


def match_records(records: PersonRecords, *, seed: int = 7) -> PersonMatches:
    """`match_people` on the identities' `person_records`, wherever an engine holds them.

    The model is trained on DuckDB on this machine, on at most `TRAINING_PEOPLE`
    of the records (`training_sample`); the candidate pairs are blocked on keys
    narrowed to the case's size (`blocking_keys`) and scored where the records are.

    Examples
    --------
    >>> match_records(LocalRecords(pl.DataFrame(schema=RECORD_SCHEMA))).note
    'not run: 0 identities have a name and a date of birth or national id (100 needed)'
    """
    filled = records.sql(
        "select count(*) as records, count(distinct contractor_id) as people, "
        + ", ".join(f"count({field}) as {field}" for field in FIELDS)
        + " from {records}"
    )
    people = int(filled["people"].item())
    made = int(filled["records"].item())
    if people < MIN_PEOPLE:
        note = (
            f"not run: {people} identities have a name and a date of birth or "
            f"national id ({MIN_PEOPLE} needed)"
        )
        return PersonMatches(pl.DataFrame(schema=LINK_SCHEMA), note)
    fields = [field for field in FIELDS if filled[field].item() > 0]
    certain = certain_matches(records)
    keys, narrowed = blocking_keys(records, fields, people)
    training = training_sample(records, made).select("unique_id", "contractor_id", *fields)
    model = trained_model(training, certain=certain, seed=seed, people=made, keys=keys)
    # No key at all would have Splink score every pair of the case.
    predicted = records.predict(model.settings) if keys else pl.DataFrame()
    links = _as_links(predicted, fields)
    compared = ", ".join(FIELDS[f] for f in fields)
    if training.height < made:
        compared += f" (trained on {training.height:,} of them)"
    learnt = (
        "m learnt from the case"
        if certain >= MIN_CERTAIN_MATCHES
        else f"m from priors ({certain} near-certain matches, {MIN_CERTAIN_MATCHES} needed)"
    )
    several = f" in {made:,} records (one per date of birth and national id)"
    note = f"{people} identities compared{several if made > people else ''} on {compared}, "
    note += f"u learnt from the case, {learnt}"
    note += "".join(
        f"; the pass blocked on {FIELDS[field]} did not converge (an m fell to 0) and was left out"
        for field in model.abandoned
    )
    note += "".join(f"; {said}" for said in narrowed)
    return PersonMatches(links, f"{note}: {links.height} pairs judged one person")


def pairs_sharing(records: PersonRecords, keys: Sequence[str]) -> int:
    """Pairs of records that agree on every one of ``keys`` (SQL), none of them null.

    Examples
    --------
    >>> records = LocalRecords(pl.DataFrame({"surname": ["lee", "lee", "lee", "kim", None],
    ...                                      "forename": ["ann", "al", "bo", "ann", "ann"]}))
    >>> pairs_sharing(records, ["surname"])
    3
    >>> pairs_sharing(records, ["surname", "substr(forename, 1, 1)"])
    1
    """
    return _sum_over_groups(records, keys, "n * (n - 1)") // 2


def repeats(records: PersonRecords, keys: Sequence[str]) -> int:
    """Identities that repeat the ``keys`` (SQL) of an earlier one, none of them null: a
    group of n identities that agree counts n - 1, however many records each has there.

    Examples
    --------
    >>> repeats(LocalRecords(pl.DataFrame({"contractor_id": ["a", "a", "b", "c", "d"],
    ...                                    "surname": ["lee", "lee", "lee", "kim", None]})),
    ...         ["surname"])
    1
    """
    return _sum_over_groups(records, keys, "n - 1", counted="distinct contractor_id")


def _sum_over_groups(
    records: PersonRecords, keys: Sequence[str], term: str, *, counted: str = "*"
) -> int:
    """The sum of ``term`` (SQL of n) over the groups of records that agree on every one of
    ``keys``, none of them null, n being a group's ``count(counted)``: its records, or
    with "distinct contractor_id" its identities."""
    filled = " and ".join(f"{key} is not null" for key in keys)
    query = (
        f"select cast(coalesce(sum({term}), 0) as bigint) as total from "
        f"(select count({counted}) as n from {{records}} where {filled} "
        f"group by {', '.join(keys)})"
    )
    return int(records.sql(query)["total"].item())


def certain_matches(records: PersonRecords) -> int:
    """Identities that repeat another's national id, or date of birth and last name.

    Nearly all of them are one person's second record; they are taken to be
    `CERTAIN_RECALL` of the true matches. A group of n that agree counts n - 1,
    not its n(n - 1)/2 pairs: a national id 300 identities give is a
    placeholder or a fabrication, not 44,850 matches.

    Examples
    --------
    >>> records = LocalRecords(pl.DataFrame({"contractor_id": ["a", "b", "c", "d"],
    ...                                      "surname": ["lee", "lee", "kim", "ray"],
    ...                                      "date_of_birth": ["19900101", "19900101", None, None],
    ...                                      "national_id": ["1234", None, "1234", None]}))
    >>> certain_matches(records)
    2
    """
    # Repeats of either key: each key's, less those of both, counted twice.
    return (
        repeats(records, ["national_id"])
        + repeats(records, ["date_of_birth", "surname"])
        - repeats(records, ["national_id", "date_of_birth", "surname"])
    )


def blocking_keys(
    records: PersonRecords, fields: Sequence[str], people: int
) -> tuple[list[tuple[str, ...]], list[str]]:
    """The keys candidate pairs share, and a sentence on each key narrowed or left out.

    Each of `BLOCKING`'s keys whose fields hold values is taken in the widest
    form that gives at most `PAIRS_PER_PERSON` pairs per identity. A key whose
    narrowest form still gives more is left out: its values are placeholders
    that thousands share (a form's default date, "000-00-0000"), and scoring
    their pairs would cost the square of the case; the other keys still
    bring their holders' true matches.

    Examples
    --------
    >>> records = LocalRecords(pl.DataFrame({"surname": ["lee"] * 300,
    ...     "forename": [f"{chr(97 + i % 26)}{i}" for i in range(300)],
    ...     "date_of_birth": ["19700101"] * 300}))
    >>> keys, said = blocking_keys(records, ["forename", "surname", "date_of_birth"], 300)
    >>> keys
    [('surname', 'substr(forename, 1, 1)'), ('forename', 'substr(surname, 1, 1)')]
    >>> said
    ['candidate pairs on date of birth left out: even by date of birth and last name, 44,850 pairs']
    """
    most = PAIRS_PER_PERSON * people
    keys, said = [], []
    for forms in BLOCKING:
        if not all(column in fields for column in _columns(forms[0])):
            continue
        for form in forms:
            pairs = pairs_sharing(records, form)
            if pairs <= most:
                break
        widest = _named(forms[0])
        if pairs > most:
            said.append(
                f"candidate pairs on {widest} left out: even by {_named(form)}, {pairs:,} pairs"
            )
            continue
        keys.append(form)
        if form != forms[0]:
            said.append(f"candidate pairs on {widest} narrowed to {_named(form)} ({pairs:,} pairs)")
    return keys, said


def _columns(keys: Sequence[str]) -> list[str]:
    """The record fields ``keys`` read."""
    return [word for key in keys for word in re.findall(r"\w+", key) if word in FIELDS]


def _named(keys: Sequence[str]) -> str:
    """``keys`` as a note names them: "date of birth and last name's initial"."""
    return " and ".join(KEY_NAMES.get(key, FIELDS.get(key, key)) for key in keys)


def training_sample(records: PersonRecords, people: int) -> pl.DataFrame:
    """The records the model is trained on, by id: all ``people`` of them, or the
    `TRAINING_PEOPLE` whose id has the lowest md5 (the same on every engine).

    Examples
    --------
    >>> records = LocalRecords(pl.DataFrame({"unique_id": ["b", "a"]}))
    >>> training_sample(records, people=2)["unique_id"].to_list()
    ['a', 'b']
    """
    query = "select * from {records}"
    if people > TRAINING_PEOPLE:
        query += f" order by md5(unique_id) limit {TRAINING_PEOPLE}"
    return records.sql(query).sort("unique_id")


def prior_match_probability(people: int, certain: int) -> float:
    """How likely two identities drawn at random are one person, before any comparison.

    At least one match is assumed, so that a case without exact repeats still
    has a prior, and at most `MAX_PRIOR`, so that a national id most of the
    case shares does not make every pair one person before any comparison.

    Examples
    --------
    >>> round(prior_match_probability(4, certain=1), 3)
    0.238
    >>> prior_match_probability(300, certain=44_850)
    0.5
    """
    pairs = people * (people - 1) / 2
    return min(max(certain / CERTAIN_RECALL, 1.0) / pairs, MAX_PRIOR)


def _comparisons(fields: list[str]) -> dict[str, ComparisonCreator]:
    """Splink's comparison of each field: names by Jaro-Winkler, documents by edit distance.

    Each starts from `PRIOR_M`; expectation maximisation replaces it wherever
    the case has pairs to learn from.
    """
    import splink.comparison_library as cl

    every = {
        "forename": cl.NameComparison("forename"),
        "surname": cl.NameComparison("surname"),
        "date_of_birth": cl.LevenshteinAtThresholds("date_of_birth", [1, 2]),
        "national_id": cl.LevenshteinAtThresholds("national_id", [1, 2]),
    }
    return {field: every[field].configure(m_probabilities=PRIOR_M[field]) for field in fields}


def trained_model(
    records: pl.DataFrame,
    *,
    certain: int,
    seed: int,
    people: int | None = None,
    keys: Sequence[Sequence[str]] | None = None,
) -> TrainedModel:
    """Splink's model of the records' fields, its parameters learnt from them on DuckDB.

    u is always estimated from the case's random pairs. m is learnt by
    expectation maximisation only when the case holds `MIN_CERTAIN_MATCHES`
    near-certain matches: with fewer, EM fits noise, and `PRIOR_M` stands.
    A pass in which some m falls to 0 (a level that no match reaches, as when
    one person's records never differ in a field) is abandoned, since Splink
    refuses such an m; the other passes and `PRIOR_M` stand for it. The model
    comes back as settings with every learnt probability written in, so that
    any Splink backend predicts with the same parameters.

    Parameters
    ----------
    records : unique_id and the compared fields (`person_records`).
    certain : near-certain matches in the case (`certain_matches`).
    seed : seed of the random pairs that estimate u.
    people : records in the case, of which ``records`` may be a sample
        (`training_sample`); all of them if None.
    keys : the keys the model's candidate pairs share (`blocking_keys`); the
        widest form of each of `BLOCKING` if None.

    Examples
    --------
    >>> ids = [str(i) for i in range(200)]
    >>> records = pl.DataFrame({"unique_id": ids, "contractor_id": ids,
    ...     "forename": ["ann", "bo"] * 100, "surname": [f"s{i % 50}" for i in range(200)],
    ...     "date_of_birth": [f"1990{i % 90:04d}" for i in range(200)]})
    >>> model = trained_model(records, certain=0, seed=7)
    >>> [type(comparison).__name__ for comparison in model.settings.comparisons]
    ['NameComparison', 'NameComparison', 'LevenshteinAtThresholds']
    """
    from splink import Linker, block_on
    from splink.backends.duckdb import DuckDBAPI

    fields = [column for column in records.columns if column in FIELDS]
    if keys is None:
        keys = [forms[0] for forms in BLOCKING if set(_columns(forms[0])) <= set(fields)]
    prior = prior_match_probability(people or records.height, certain)
    untrained = _settings(_comparisons(fields), keys, prior)
    linker = Linker(DuckDBAPI().register(records.to_arrow()), untrained, log_level=logging.ERROR)
    linker.training.estimate_u_using_random_sampling(max_pairs=U_PAIRS, seed=seed)
    # Each pass fixes the field it blocks on and learns m for the others. A field
    # that too few pairs share exactly gives too little to learn from: its pass is
    # skipped, and the other passes or `PRIOR_M` set the m it would have learnt.
    abandoned = []
    for field in ("date_of_birth", "surname", "national_id"):
        learnable = (
            field in fields and pairs_sharing(LocalRecords(records), [field]) >= MIN_TRAINING_PAIRS
        )
        if not learnable or certain < MIN_CERTAIN_MATCHES:
            continue
        # A failed pass leaves the linker's settings half trained: they are restored.
        before = copy.deepcopy(linker._settings_obj)
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(
                block_on(field), estimate_without_term_frequencies=True, max_pairs=TRAINING_PAIRS
            )
        except ValueError as refused:
            if "m_probability" not in str(refused):
                raise
            linker._settings_obj = before
            abandoned.append(field)
    learnt = linker.misc.save_model_to_json()
    levels = {
        comparison["output_column_name"]: [
            level for level in comparison["comparison_levels"] if not level.get("is_null_level")
        ]
        for comparison in learnt["comparisons"]
    }
    comparisons = {
        field: creator.configure(
            m_probabilities=[level.get("m_probability") for level in levels[field]],
            u_probabilities=[level.get("u_probability") for level in levels[field]],
        )
        for field, creator in _comparisons(fields).items()
    }
    settings = _settings(comparisons, keys, learnt["probability_two_random_records_match"])
    return TrainedModel(settings, tuple(abandoned))


def predict_on_duckdb(records: pl.DataFrame, model: SettingsCreator) -> pl.DataFrame:
    """Splink's predictions of ``model`` on ``records`` (`PersonRecords.predict`) on DuckDB,
    in this process.

    Examples
    --------
    >>> ids = [str(i) for i in range(200)]
    >>> records = pl.DataFrame({"unique_id": ids, "contractor_id": ids,
    ...     "forename": ["ann", "bo"] * 100, "surname": [f"s{i % 50}" for i in range(200)],
    ...     "date_of_birth": [f"1990{i % 90:04d}" for i in range(200)]})
    >>> predict_on_duckdb(records, trained_model(records, certain=0, seed=7).settings).height
    0
    """
    from splink import Linker
    from splink.backends.duckdb import DuckDBAPI

    linker = Linker(DuckDBAPI().register(records.to_arrow()), model, log_level=logging.ERROR)
    predicted = linker.inference.predict(threshold_match_probability=MIN_PROBABILITY)
    return pl.from_arrow(predicted.as_pyarrow_table())  # type: ignore[return-value]


def _settings(
    comparisons: dict[str, ComparisonCreator], keys: Sequence[Sequence[str]], prior: float
) -> SettingsCreator:
    """Splink's settings for ``comparisons``, candidate pairs sharing one of ``keys``."""
    from splink import SettingsCreator, block_on

    blocking: list[BlockingRuleCreator | dict[str, Any]] = [block_on(*key) for key in keys]
    return SettingsCreator(
        link_type="dedupe_only",
        probability_two_random_records_match=prior,
        comparisons=list(comparisons.values()),
        blocking_rules_to_generate_predictions=blocking,
        retain_intermediate_calculation_columns=True,
        retain_matching_columns=False,
        additional_columns_to_retain=["contractor_id"],
    )


def _as_links(predictions: pl.DataFrame, fields: list[str]) -> pl.DataFrame:
    """`LINK_SCHEMA` ties from Splink's predictions, each field with its own match weight
    (log2 of m/u for the level it reached, term-frequency adjustment included): of the
    pairs of two identities' records, the likeliest match (then the one said first); none
    between two records of one identity."""
    if predictions.is_empty():
        return pl.DataFrame(schema=LINK_SCHEMA)
    said = []
    # A field Splink could not train is left out of its model and of the reasons.
    for field in (f for f in fields if f"mw_{f}" in predictions.columns):
        weight = pl.col(f"mw_{field}")
        if f"mw_tf_adj_{field}" in predictions.columns:
            weight = weight + pl.col(f"mw_tf_adj_{field}").fill_null(0.0)
        signed = pl.format(
            "{}{}", pl.when(weight >= 0).then(pl.lit("+")).otherwise(pl.lit("")), weight.round(1)
        )
        said.append(pl.format("{} {}", pl.lit(FIELDS[field]), signed))
    pair = ["contractor_a", "contractor_b"]
    return (
        predictions.filter(pl.col("contractor_id_l") != pl.col("contractor_id_r"))
        .select(
            contractor_a=pl.min_horizontal("contractor_id_l", "contractor_id_r"),
            contractor_b=pl.max_horizontal("contractor_id_l", "contractor_id_r"),
            kind=pl.lit(MATCH_KIND),
            value=pl.format(
                "match weight {} ({})",
                pl.col("match_weight").round(1),
                pl.concat_str(said, separator=", "),
            ),
            weight=(pl.col("match_probability") * MATCH_STRENGTH).round(4),
            likelihood=pl.col("match_weight"),
        )
        .sort([*pair, "likelihood", "value"], descending=[False, False, True, False])
        .unique(pair, keep="first", maintain_order=True)
        .drop("likelihood")
        .cast(LINK_SCHEMA)
    )
