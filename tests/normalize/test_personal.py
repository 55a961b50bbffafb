import polars as pl

from workbench.normalize import personal


def test_a_date_parted_by_dots_is_read_day_first() -> None:
    # 4 March 1985 as Europe writes it, as ISO writes it, and 3 April as the US writes it.
    dates = pl.Series(["04.03.1985", "1985-03-04", "04/03/1985"])
    assert personal.date_of_birth(dates).to_list() == ["19850304", "19850304", "19850403"]
