"""Near-duplicate texts found on Spark by `near_duplicates`' own steps, as on one machine.

The engine-equality tests compare texts small enough for one worker; here every
column is compared by the steps (`one_worker_bytes=0`)."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from workbench.engines.spark_keyed import to_spark
from workbench.engines.spark_minhash import ALIKE, near_duplicates_on_spark
from workbench.engines.spark_observe import collect_as
from workbench.engines.spark_session import spark_session
from workbench.flags.context import FlagContext
from workbench.flags.minhash import BINS, MAX_BUCKET
from workbench.flags.profile import LETTERS_ALIKE, RESUMES_ALIKE

#: Every Spark test shares one local session, on one xdist worker.
pytestmark = [pytest.mark.spark, pytest.mark.xdist_group("spark")]


def _texts(rng: np.random.Generator) -> list[str | None]:
    """Families of edited copies, short and long; a short boilerplate and a long form, each
    copied past `MAX_BUCKET` times with words changed; identical copies; nulls and
    one-liners."""
    vocab = np.array([f"w{i}" for i in range(3000)])
    texts: list[str | None] = []
    for family in range(30):
        words = vocab[rng.integers(0, len(vocab), 40 if family % 2 else 2 * BINS)]
        for _ in range(int(rng.integers(2, 6))):
            copy = words.copy()
            edits = rng.integers(0, len(copy), int(rng.integers(0, 4)))
            copy[edits] = "edited"
            texts.append(" ".join(copy))
    boilerplate = vocab[rng.integers(0, len(vocab), 50)]
    for _ in range(MAX_BUCKET + 40):
        copy = boilerplate.copy()
        copy[rng.integers(0, len(copy), 2)] = vocab[rng.integers(0, len(vocab), 2)]
        texts.append(" ".join(copy))
    # A long form past `MAX_BUCKET` copies, one word changed in each: most copies keep
    # every signature bin, so they share buckets too full to give pairs in every band.
    form = vocab[rng.integers(0, len(vocab), 2 * BINS)].astype(object)
    for copy_number in range(2 * MAX_BUCKET):
        copy = form.copy()
        copy[copy_number % len(copy)] = f"filled{copy_number}"
        texts.append(" ".join(copy))
    texts += [" ".join(boilerplate)] * 3 + [None, "n/a", "n/a", "Senior dev."]
    return texts


@pytest.mark.parametrize("buckets", [1, 5])
def test_near_duplicate_texts_on_spark_are_one_machines(buckets):
    rng = np.random.default_rng(3)
    resumes = _texts(rng)
    ids = [f"c{i:04d}" for i in rng.permutation(len(resumes))]
    letters = [
        None if text is None else text + (" [Company Name]" if i % 7 == 0 else "")
        for i, text in enumerate(resumes)
    ]
    people = pl.DataFrame({"contractor_id": ids, "resume_text": resumes, "cover_letter": letters})
    ctx = FlagContext.build(contractors=people)
    spark = spark_session()
    contractors = to_spark(spark, ctx.table("contractors"))
    for fact in (RESUMES_ALIKE, LETTERS_ALIKE):
        expected = fact.compute(ctx)
        # Edited copies and identical ones, and not every pair of the boilerplate.
        assert expected.filter(pl.col("jaccard") < 1).height > 50
        assert expected.filter(pl.col("jaccard") == 1).height > 0
        copies = MAX_BUCKET + 43
        assert expected.height < len(resumes) ** 2 and expected.height < copies * (copies - 1)
        # The long form's copies are near copies of each other, but too many to pair: only
        # the few that share a smaller bucket in some band do.
        form_holders = [
            i for i, text in zip(ids, resumes, strict=True) if text and "filled" in text
        ]
        among_form = expected.filter(
            pl.col("contractor_id").is_in(form_holders) & pl.col("other").is_in(form_holders)
        )
        assert among_form.height < len(form_holders) * (len(form_holders) - 1) // 20, fact.key
        found, schema = near_duplicates_on_spark(
            fact,
            contractors,
            schema=ctx.table("contractors").schema,
            buckets=buckets,
            one_worker_bytes=0,
        )
        assert schema == ALIKE
        assert collect_as(found, ALIKE, ["contractor_id", "other"]).equals(expected), fact.key
        found.unpersist()
