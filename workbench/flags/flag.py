"""What a red flag is: its meaning, its sources, what it reads and how it is found.

A flag's family is the module of its `detect` function, its description is
that function's docstring, and its thresholds and lists are constants of that
module, so each concept has one home and the generated docs read them all.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

from workbench.flags.context import CaseFact, FlagContext
from workbench.flags.sources import Citation


def family_of(module: str) -> str:
    """The flag family a module holds: the last part of its dotted name.

    Examples
    --------
    >>> family_of("workbench.flags.access")
    'access'
    """
    return module.rpartition(".")[2]


@dataclass(frozen=True)
class Needs:
    """Columns of one case table a flag reads; a value in any one of them will do.

    Examples
    --------
    >>> Needs("payments", any_of=("account_country", "account")).any_of
    ('account_country', 'account')
    """

    table: str
    any_of: tuple[str, ...]

    @property
    def options(self) -> tuple[Needs, ...]:
        """The needs of which one will do: this one alone (`OneOf` has several)."""
        return (self,)


@dataclass(frozen=True)
class OneOf:
    """One fact that several case tables can record; a value in any one of them will do.

    Examples
    --------
    >>> need = OneOf((Needs("contractors", any_of=("video_interview",)),
    ...     Needs("interviews", any_of=("camera_on",))))
    >>> [option.table for option in need.options]
    ['contractors', 'interviews']
    """

    options: tuple[Needs, ...]


@dataclass(frozen=True, kw_only=True)
class Flag:
    """One red flag: what it means, where it comes from, what it reads, how it is found.

    Attributes
    ----------
    code : the flag's identifier in flags.csv, run.json and weight overrides.
    title : a few words for tables.
    sources : the passages of the documents the sign rests on (`workbench.flags.sources`).
    weight : default weight (0–1] in the noisy-OR flag risk.
    detect : finds the flag in a `FlagContext`. Its module is the flag's family,
        the first paragraph of its docstring is the description, and the
        constants named in `thresholds` and `lists` are looked up in that module.
    needs : case-table columns the flag reads; each entry needs a value in at
        least one of its columns (of one of its tables, for `OneOf`), or the
        flag is not evaluated.
    kinds : observation kinds the flag reads; when given, a case needs at least
        one sighting of one of them, or the flag is not evaluated.
    thresholds : names of the numeric constants in `detect`'s module that decide
        when the flag is raised (the red-flag page prints their values).
    sourced : the thresholds whose value a cited source gives; the others are
        the workbench's choice, and the red-flag page says so.
    lists : names of the constants in `detect`'s module that hold what the flag
        looks for (tool names, countries, outcomes); the page prints them too.
    restates_tie : the flag says again what a link already says (a shared
        account, device, photo…): it counts towards the risk of an identity
        outside every ring, but not a second time towards a ring's score or
        its members' risk, which the ring's score already carries.
    restates_company_payee : the flag says again, for an identity its ring ties
        by a payee name that is a company's (an agency's, an employer of
        record's), what that tie already says: the agency pays its people into
        its own account, under its own name, maybe abroad. For such a member it
        counts as `restates_tie` does; for any other (a facilitator paid under
        a person's name), as a flag of its own.
    conduct : the flag reads only the identity's own conduct (its hours, its
        tools, its interview), never a shared value or what is widely shared:
        it is evaluated before linking, as evidence on the values its holders
        share (`workbench.concentration`).
    case_wide : facts of the whole case the flag reads about an identity's
        records (`workbench.flags.context.CaseFact`: the texts that are near
        copies of others', the addresses next to others' in a numbered
        template…), through
        `FlagContext.case_wide`: an engine that splits the case computes them
        over the whole case and hands each part its rows.

    Examples
    --------
    >>> from workbench.flags import access
    >>> from workbench.flags.sources import ADVISORY_2022, summary
    >>> flag = Flag(code="VPN_HEAVY", title="Mostly through VPN",
    ...     sources=(summary(ADVISORY_2022, "VPNs hide where they work"),), weight=0.2,
    ...     detect=access.vpn_heavy, needs=(Needs("logins", any_of=("vpn",)),),
    ...     thresholds=("VPN_SHARE", "VPN_MIN_LOGINS"))
    >>> flag.family, flag.threshold_values
    ('access', {'VPN_SHARE': 0.5, 'VPN_MIN_LOGINS': 5})
    """

    code: str
    title: str
    sources: tuple[Citation, ...]
    weight: float
    detect: Callable[[FlagContext], pl.DataFrame]
    needs: tuple[Needs | OneOf, ...] = ()
    kinds: tuple[str, ...] = ()
    thresholds: tuple[str, ...] = ()
    sourced: tuple[str, ...] = ()
    lists: tuple[str, ...] = ()
    restates_tie: bool = False
    restates_company_payee: bool = False
    conduct: bool = False
    case_wide: tuple[CaseFact, ...] = ()

    def __post_init__(self) -> None:
        # A conduct flag runs before linking, by identity: facts of the whole case
        # contradict it, and an engine would compute them on a part of the case only.
        if self.conduct and self.case_wide:
            raise ValueError(
                f"{self.code}: a conduct flag reads only the identity's own records,"
                " not facts of the whole case (case_wide)"
            )

    @property
    def family(self) -> str:
        """The name of the module `detect` lives in (``access``, ``network`` …)."""
        return family_of(self.detect.__module__)

    @property
    def description(self) -> str:
        """The first paragraph of `detect`'s docstring, on one line."""
        summary = (self.detect.__doc__ or "").strip().split("\n\n")[0]
        return " ".join(summary.split())

    @property
    def heuristic(self) -> bool:
        """No public document describes the sign: the flag rests on the workbench's reasoning."""
        return not any(citation.public for citation in self.sources)

    @property
    def threshold_values(self) -> dict[str, object]:
        """Each name in `thresholds` with the current value of its constant."""
        return self._values(self.thresholds)

    @property
    def list_values(self) -> dict[str, object]:
        """Each name in `lists` with the current value of its constant."""
        return self._values(self.lists)

    def _values(self, names: tuple[str, ...]) -> dict[str, object]:
        module = importlib.import_module(self.detect.__module__)
        return {name: getattr(module, name) for name in names}
