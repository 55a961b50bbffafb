from workbench.flags import FLAGS, passages
from workbench.flags.sources import Citation


def test_every_passage_is_cited_by_a_flag():
    written = {name for name, value in vars(passages).items() if isinstance(value, Citation)}
    cited = {citation for flag in FLAGS for citation in flag.sources}
    unused = {name for name in written if getattr(passages, name) not in cited}
    assert not unused


def test_passages_are_short_and_on_one_line():
    for flag in FLAGS:
        for citation in flag.sources:
            assert "\n" not in citation.passage, flag.code
            assert len(citation.passage) <= 300, flag.code
