from workbench.flags.sources import (
    ADVISORY_2022,
    ANALYST_HEURISTIC,
    DATA_QUALITY,
    Citation,
    heuristic,
    quote,
    summary,
)


def test_quoted_passages_are_shown_in_quotation_marks_and_summaries_plain():
    assert quote(ADVISORY_2022, "one or more days at a time").text == "“one or more days at a time”"
    assert summary(ADVISORY_2022, "payments in cryptocurrency").text == "payments in cryptocurrency"


def test_heuristics_and_data_quality_checks_are_not_public_sources():
    assert not heuristic("why").public
    assert heuristic("why").document == ANALYST_HEURISTIC
    assert not Citation(DATA_QUALITY, "made-up digits").public
    assert summary(ADVISORY_2022, "x").public
