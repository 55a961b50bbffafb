"""The one exception family the workbench raises for problems a user can fix."""

from __future__ import annotations


class CaseError(ValueError):
    """A case folder, file or parameter the workbench cannot use.

    The message names the file (and column, where there is one) and what was
    expected, so the CLI can print it as one line.

    Examples
    --------
    >>> str(CaseError("cases/x/payments.csv: column 'account' is required but missing"))
    "cases/x/payments.csv: column 'account' is required but missing"
    """
