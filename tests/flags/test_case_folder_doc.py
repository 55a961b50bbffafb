"""The case-folder page says which columns red flags read; each must be named in a flag."""

import re
from pathlib import Path

import workbench.flags

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "case_folder.md"
FLAG_SOURCE = "\n".join(
    path.read_text(encoding="utf-8") for path in Path(workbench.flags.__file__).parent.glob("*.py")
)


def columns_read_by_red_flags() -> list[tuple[str, str]]:
    """(table, column) of every row of a table with a "read by" column that names red flags."""
    found, table, header = [], "", []
    for line in PAGE.read_text(encoding="utf-8").splitlines():
        if line.startswith("### "):
            table = line.removeprefix("### ").split()[0]
        if not line.startswith("|"):
            header = []  # a table ends at the first line outside it
        elif not line.startswith("|---"):
            cells = [cell.strip() for cell in line.strip("|").split("|")]
            if "read by" in cells:
                header = cells
            elif header and "red flags" in cells[header.index("read by")]:
                row = dict(zip(header, cells, strict=True))
                found.append((row.get("table", table), row["column"]))
    return found


def test_the_page_names_columns_read_by_red_flags():
    assert ("interviews", "camera_on") in columns_read_by_red_flags()


def test_every_column_the_page_says_red_flags_read_is_named_in_a_flag():
    unread = [
        f"{table}.{column}"
        for table, column in columns_read_by_red_flags()
        if not re.search(rf"[\"']{re.escape(column)}[\"']", FLAG_SOURCE)
    ]
    assert not unread, f"docs/case_folder.md says red flags read {unread}, no flag names them"
