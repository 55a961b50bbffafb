from datetime import datetime, timezone

from workbench.flags import vetting
from workbench.flags.context import FlagContext


def checks(ids, names, results, at=None):
    return FlagContext.build(
        identity_checks={"contractor_id": ids, "check": names, "result": results, "at": at}
    )


def test_identity_check_failed_reads_failures_of_any_check():
    ctx = checks(
        ["a", "b", "c", "d", "e"],
        ["e_verify", "ssn_trace", "reference_check", "ssn_trace", "reference_check"],
        ["final_nonconfirmation", "no_record", "failed", "match", "unreachable"],
    )
    assert vetting.identity_check_failed(ctx)["contractor_id"].to_list() == ["a", "b", "c"]


def test_identity_check_failed_leaves_passport_countries_and_w2_alone():
    ctx = checks(["a", "b"], ["id_document_country", "w2_complaint"], ["IN", "complaint_received"])
    assert vetting.identity_check_failed(ctx).is_empty()


def test_identity_check_failed_evidence_quotes_check_result_and_date():
    at = [datetime(2025, 3, 4, 10, tzinfo=timezone.utc)]
    out = vetting.identity_check_failed(checks(["a"], ["E-Verify"], ["TNC: mismatch"], at))
    assert out["evidence"].to_list() == ["E-Verify: TNC: mismatch (2025-03-04)"]
    assert out["refs"].to_list() == ["identity_checks:1"]


def test_w2_complaint_positive_negative_and_evidence():
    ctx = checks(
        ["a", "b", "c"],
        ["W-2 complaint", "w2_complaint", "e_verify"],
        ["complaint_received", "none", "complaint_received"],
    )
    out = vetting.w2_complaint(ctx)
    assert out["contractor_id"].to_list() == ["a"]
    assert out["evidence"].to_list() == ["W-2 complaint: complaint_received"]


def test_identity_check_failed_reads_a_denied_failure_as_none():
    ctx = checks(
        ["a", "b", "c", "d", "e", "f", "g"],
        ["ssn_trace", "background_check", "reference_check", "e_verify", "e_verify"]
        + ["ssn_trace", "reference_check"],
        ["No mismatch", "clear - no fraud indicators", "passed (not contested)", "TNC"]
        + ["Final Non-Confirmation", "NoRecord", "uncontested"],
    )
    assert vetting.identity_check_failed(ctx)["contractor_id"].to_list() == ["d", "e", "f"]


def test_w2_complaint_reads_a_result_that_denies_one_as_none():
    ctx = checks(
        ["a", "b", "c", "d", "e", "f"],
        ["w2_complaint"] * 6,
        ["No complaint received", "not received", "None on file", "NoComplaint", "n/a"]
        + ["Complaint received 2025-02-01"],
    )
    assert vetting.w2_complaint(ctx)["contractor_id"].to_list() == ["f"]


def test_interview_swap_positive_negative_and_evidence():
    ctx = FlagContext.build(
        interviews={
            "contractor_id": ["a", "a", "b", "c"],
            "ts": [datetime(2025, 1, d, tzinfo=timezone.utc) for d in (6, 9, 9, 9)],
            "same_person_as_previous": [None, False, True, None],
            "notes": [None, "looked different from the profile photo", None, None],
        }
    )
    out = vetting.interview_swap(ctx)
    assert out["contractor_id"].to_list() == ["a"]
    assert out["evidence"].to_list() == [
        "interview of 2025-01-09: not the person of the previous call "
        "(looked different from the profile photo)"
    ]
    assert out["refs"].to_list() == ["interviews:2"]
