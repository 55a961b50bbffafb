"""Cover letters and proposals sent with applications.

A letter is five sentences, one from each slot of ``catalog.LETTER_SLOTS``,
filled with the writer's own name, years, skills, former employer and
client, so two people's letters share phrases but not text. A team sends one
letter with the name swapped in; a few legitimate people send a public
template with only their name filled in, its company placeholder left as is.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from workbench.synth import rates
from workbench.synth.catalog import LETTER_SLOTS
from workbench.synth.draw import pick, texts
from workbench.synth.people import People
from workbench.synth.pools import EMPLOYERS, SKILLS

TITLES = (
    "software engineer",
    "full-stack developer",
    "backend engineer",
    "mobile developer",
    "DevOps engineer",
    "data engineer",
)
#: What a public template leaves for the writer to fill in.
TEMPLATE_CLIENT = "[Company Name]"


def _fill(slots: np.ndarray, values: dict[str, np.ndarray]) -> list[str]:
    """One letter per row of ``slots`` (a sentence index per slot), filled with ``values``."""
    sentences = [
        texts(LETTER_SLOTS[s], slots[:, s]) if len(slots) else pl.Series([], dtype=pl.String)
        for s in range(len(LETTER_SLOTS))
    ]
    letter = pl.concat_str([pl.lit(sentence) for sentence in sentences], separator=" ")
    for key in values:
        letter = letter.str.replace_all("{" + key + "}", pl.col(key), literal=True)
    frame = pl.DataFrame({k: pl.Series(v.astype(str), dtype=pl.String) for k, v in values.items()})
    return frame.select(letter.alias("letter"))["letter"].to_list()


def cover_letters(rng: np.random.Generator, q: People, h: People) -> np.ndarray:
    """Each identity's cover letter, empty for those who sent none.

    Parameters
    ----------
    rng : the generator of the wider evidence.
    q : the population; ``h`` its habits (``letter``, ``template``, ``team_letter``).

    Returns
    -------
    An object array of letters, one per contractor.

    Examples
    --------
    >>> q = {"full_name": np.array(["Ann Lee", "Bo Kim"], dtype=object),
    ...      "client": np.array(["Initech", "Hooli"], dtype=object),
    ...      "kind": np.array(["ring", "ring"]), "group": np.array([0, 0])}
    >>> h = {"letter": np.array([True, True]), "template": np.array([False, False]),
    ...      "team_letter": np.array([True, True])}
    >>> a, b = cover_letters(np.random.default_rng(1), q, h)
    >>> a.replace("Ann Lee", "Bo Kim") == b, a.endswith("Ann Lee")
    (True, True)
    """
    n = len(q["full_name"])
    slots = rng.integers(0, 6, size=(n, len(LETTER_SLOTS)))
    values = {
        "name": q["full_name"],
        "client": q["client"],
        "title": pick(rng, TITLES, n),
        "years": rng.integers(2, 16, size=n),
        "skill1": pick(rng, SKILLS, n),
        "skill2": pick(rng, SKILLS, n),
        "employer": pick(rng, EMPLOYERS, n),
        "projects": rng.integers(2, 40, size=n),
    }
    templates = rng.integers(0, 6, size=(rates.PUBLIC_TEMPLATES, len(LETTER_SLOTS)))
    public = _fill(
        templates,
        {
            "name": np.full(rates.PUBLIC_TEMPLATES, "{name}", dtype=object),
            "client": np.full(rates.PUBLIC_TEMPLATES, TEMPLATE_CLIENT, dtype=object),
            "title": pick(rng, TITLES, rates.PUBLIC_TEMPLATES),
            "years": rng.integers(2, 16, size=rates.PUBLIC_TEMPLATES),
            "skill1": pick(rng, SKILLS, rates.PUBLIC_TEMPLATES),
            "skill2": pick(rng, SKILLS, rates.PUBLIC_TEMPLATES),
            "employer": pick(rng, EMPLOYERS, rates.PUBLIC_TEMPLATES),
            "projects": rng.integers(2, 40, size=rates.PUBLIC_TEMPLATES),
        },
    )
    which = rng.integers(0, rates.PUBLIC_TEMPLATES, size=n)
    out = np.full(n, "", dtype=object)
    own = np.flatnonzero(h["letter"] & ~h["template"])
    out[own] = _fill(slots[own], {k: v[own] for k, v in values.items()})
    copied = np.flatnonzero(h["letter"] & h["template"])
    out[copied] = [public[which[i]].replace("{name}", q["full_name"][i]) for i in copied]
    return _team_letters(q, h, slots, values, out)


def _team_letters(
    q: People, h: People, slots: np.ndarray, values: dict[str, np.ndarray], out: np.ndarray
) -> np.ndarray:
    """Give each ring's letter-sharing members the letter of its first such member, renamed."""
    sharing = np.flatnonzero(h["letter"] & h["team_letter"] & (q["kind"] == "ring"))
    groups = q["group"][sharing]
    for ring in np.unique(groups):
        members = sharing[groups == ring]
        author = members[0]
        letter = _fill(slots[[author]], {k: v[[author]] for k, v in values.items()})[0]
        for m in members:
            out[m] = letter.replace(q["full_name"][author], q["full_name"][m])
    return out
