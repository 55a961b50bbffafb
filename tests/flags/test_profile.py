from workbench.flags import profile
from workbench.flags.context import FlagContext

CV = (
    "Senior backend engineer with Go, Python and Kubernetes. Built payment services, "
    "event pipelines and internal tooling for three startups over nine years in Toronto."
)


def obs(ids, kind, values, **extra):
    return FlagContext.build(
        observations={"contractor_id": ids, "kind": [kind] * len(ids), "value": values, **extra}
    )


def test_video_declined_positive_and_negative():
    ctx = FlagContext.build(
        contractors={
            "contractor_id": ["a", "b", "c", "d", "e"],
            "video_interview": ["Declined ", "completed", None, "camera-off", "unknown"],
        }
    )
    out = profile.video_declined(ctx)
    assert out["contractor_id"].to_list() == ["a", "d"]
    assert out["refs"].to_list() == ["contractors:1", "contractors:4"]


def test_video_declined_not_raised_for_an_interview_that_was_not_held():
    # An agency hire or a re-hire may have had no interview: the process's choice, not a refusal.
    ctx = FlagContext.build(
        contractors={
            "contractor_id": ["a", "b", "c"],
            "video_interview": ["not_held", "Not held", "declined"],
        }
    )
    assert profile.video_declined(ctx)["contractor_id"].to_list() == ["c"]


def test_video_declined_evidence_names_the_recorded_outcome_in_words():
    ctx = FlagContext.build(
        contractors={
            "contractor_id": ["a", "b"],
            "video_interview": ["Declined", "Camera off"],
        }
    )
    assert profile.video_declined(ctx)["evidence"].to_list() == [
        "video interview: declined",
        "video interview: camera off",
    ]


def test_video_declined_reads_a_camera_off_in_every_recorded_interview():
    ctx = FlagContext.build(
        interviews={
            "contractor_id": ["a", "a", "b", "b", "c", "d"],
            "camera_on": [False, False, False, True, None, True],
        }
    )
    out = profile.video_declined(ctx)
    # b was seen once, c's camera was not recorded, d's was on.
    assert out.rows() == [
        ("a", "camera off in all 2 recorded interviews", "interviews:1;interviews:2")
    ]


def test_video_declined_names_both_records_when_both_say_so():
    ctx = FlagContext.build(
        contractors={"contractor_id": ["a", "b"], "video_interview": ["declined", "declined"]},
        interviews={"contractor_id": ["a", "b"], "camera_on": [False, True]},
    )
    assert profile.video_declined(ctx).rows() == [
        (
            "a",
            "video interview: declined; camera off in its one recorded interview",
            "contractors:1;interviews:1",
        ),
        ("b", "video interview: declined", "contractors:2"),
    ]


def test_duplicate_photo_ignores_hubs_and_unique_photos():
    ctx = FlagContext.build(
        observations={
            "contractor_id": ["a", "b", "c", "d", "e"],
            "kind": ["photo_hash"] * 5,
            "value": ["p1", "p1", "p2", "stock", "stock"],
            "source": ["contractors"] * 5,
        },
        hubs={"kind": ["photo_hash"], "value": ["stock"], "identities": [400]},
    )
    assert profile.duplicate_photo(ctx)["contractor_id"].to_list() == ["a", "b"]


def test_shared_github_same_identity_twice_is_not_shared():
    assert profile.shared_github(obs(["a", "a"], "github", ["x", "x"])).is_empty()
    assert profile.shared_github(obs(["a", "b"], "github", ["x", "x"])).height == 2


def test_near_duplicate_resume_flags_edited_copy_not_different_text():
    other = "Registered nurse with ten years of intensive care experience in Ohio hospitals."
    ctx = FlagContext.build(
        contractors={
            "contractor_id": ["a", "b", "c"],
            "resume_text": [CV, CV.replace("Toronto", "Toronto, Canada"), other],
        }
    )
    out = profile.near_duplicate_resume(ctx)
    assert out["contractor_id"].to_list() == ["a", "b"]
    assert "b" in out["evidence"][0]


def test_confusable_email_reads_raw_not_canonical():
    ctx = obs(
        ["a", "b"], "email", ["jane@x.org", "jane@x.org"], raw=["j\u0430ne@x.org", "jane@x.org"]
    )
    assert profile.confusable_email(ctx)["contractor_id"].to_list() == ["a"]


def test_sequential_email_needs_close_numbers_and_other_identity():
    ctx = obs(
        ["a", "b", "c", "d", "d"],
        "email",
        ["devstar07@x.io", "devstar09@x.io", "devstar30@x.io", "ab1@x.io", "ab2@x.io"],
    )
    assert profile.sequential_email(ctx)["contractor_id"].to_list() == ["a", "b"]
    same_person = obs(["a", "a"], "email", ["devstar07@x.io", "devstar08@x.io"])
    assert profile.sequential_email(same_person).is_empty()


def test_sequential_email_pairs_every_holder_of_neighbouring_numbers():
    # a and c share devstar07 (a shared e-mail, a tie of its own); b holds devstar08, and
    # e holds devstar10 next to b's own devstar09.
    ctx = obs(
        ["a", "c", "b", "b", "e"],
        "email",
        ["devstar07@x.io", "devstar07@x.io", "devstar08@x.io", "devstar09@x.io", "devstar10@x.io"],
    )
    out = profile.sequential_email(ctx)
    assert out["contractor_id"].to_list() == ["a", "b", "c", "e"]
    assert out["evidence"][1] == (
        "devstar08@x.io and devstar07@x.io (a, c) follow one template; "
        "devstar09@x.io and devstar10@x.io (e) follow one template"
    )


def test_sequential_email_ignores_namesakes_but_not_themes_beyond_the_name():
    ctx = FlagContext.build(
        contractors={
            "contractor_id": ["a", "b", "c", "d"],
            "full_name": ["James Anderson", "James Anderson", "James Lee", "Mary Kim"],
        },
        observations={
            "contractor_id": ["a", "b", "c", "d"],
            "kind": ["email"] * 4,
            "value": [
                "jamesanderson198@gmail.com",
                "jamesanderson199@gmail.com",
                "jamessmartcoder412@gmail.com",
                "marysmartcoder413@gmail.com",
            ],
            "source": ["contractors"] * 4,
        },
    )
    assert profile.sequential_email(ctx).is_empty()
    themed = FlagContext.build(
        contractors={"contractor_id": ["c", "d"], "full_name": ["James Lee", "Mary Kim"]},
        observations={
            "contractor_id": ["c", "d"],
            "kind": ["email"] * 2,
            "value": ["smartcoder412@gmail.com", "smartcoder413@gmail.com"],
            "source": ["contractors"] * 2,
        },
    )
    assert profile.sequential_email(themed)["contractor_id"].to_list() == ["c", "d"]


def test_sequential_email_reads_a_name_in_another_script_as_it_is_spelt_in_addresses():
    ctx = FlagContext.build(
        contractors={"contractor_id": ["a", "b"], "full_name": ["김민준", "김민준"]},
        observations={
            "contractor_id": ["a", "b"],
            "kind": ["email"] * 2,
            "value": ["minjunkim54@daum.net", "minjunkim55@daum.net"],
            "source": ["contractors"] * 2,
        },
    )
    assert profile.sequential_email(ctx).is_empty()


LETTER = (
    "Dear hiring manager, I am excited to apply for this role. With eight years of "
    "experience building scalable web applications I can deliver from day one."
)


def test_near_duplicate_cover_letter_positive_negative_and_evidence():
    ctx = FlagContext.build(
        contractors={
            "contractor_id": ["a", "b", "c"],
            "cover_letter": [LETTER, LETTER.replace("day one", "week one"), CV],
        }
    )
    out = profile.near_duplicate_cover_letter(ctx)
    assert out["contractor_id"].to_list() == ["a", "b"]
    assert out["evidence"][1] == (
        "cover letter near-identical to 1 other identity (a; best Jaccard 0.85)"
    )


def test_copies_of_a_public_template_are_not_a_team():
    public = LETTER.replace("this role", "the role at [Company Name]")
    ctx = FlagContext.build(
        contractors={"contractor_id": ["a", "b"], "cover_letter": [public, public]}
    )
    assert profile.near_duplicate_cover_letter(ctx).is_empty()


def test_a_signature_a_link_or_a_tag_is_no_template_placeholder():
    copied = LETTER + " Best regards, John Smith <john.smith@example.com>"
    edited = copied.replace("John Smith", "Jon Smith")
    linked = LETTER + " My work: [GitHub](https://github.com/jsmith)<br>"
    ctx = FlagContext.build(
        contractors={
            "contractor_id": ["a", "b", "c", "d"],
            "cover_letter": [copied, edited, linked, linked.replace("jsmith", "jsmyth")],
        }
    )
    assert profile.near_duplicate_cover_letter(ctx)["contractor_id"].to_list() == [
        "a",
        "b",
        "c",
        "d",
    ]


def test_near_duplicate_resume_leaves_one_persons_two_records_alone():
    # One person re-hired under a new id keeps their resume; the same resume under
    # another name is the red flag.
    ctx = FlagContext.build(
        contractors={
            "contractor_id": ["a", "b", "c"],
            "full_name": ["Jane Q. Doe", "DOE, Jane", "Mark Stone"],
            "resume_text": [CV, CV.replace("Toronto", "Toronto, Canada"), CV],
        }
    )
    out = profile.near_duplicate_resume(ctx)
    assert out["contractor_id"].to_list() == ["a", "b", "c"]
    assert out["evidence"].to_list()[:2] == [
        "resume near-identical to 1 other identity (c; best Jaccard 1.0)",
        "resume near-identical to 1 other identity (c; best Jaccard 0.96)",
    ]
