"""The output folder is written whole or not at all, by one run at a time."""

from __future__ import annotations

import fcntl
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from workbench.errors import CaseError
from workbench.investigation import investigate
from workbench.output import OUTPUT_NAMES, write_output
from workbench.staging import staged
from workbench.synth import synthesize


@pytest.fixture(scope="module")
def small_case(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("cases") / "small"
    synthesize(folder, contractors=300, rings=3, seed=5)
    return folder


def test_a_run_writes_only_files_a_rerun_may_replace_and_says_it_is_complete(small_case, tmp_path):
    out = tmp_path / "out"
    write_output(investigate(small_case), out)
    assert {p.name for p in out.iterdir()} <= OUTPUT_NAMES
    assert json.loads((out / "run.json").read_text())["complete"] is True
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.lock", "out"]


def test_a_second_writer_is_refused_while_the_first_holds_the_lock(tmp_path):
    out = tmp_path / "out"
    with open(tmp_path / ".out.lock", "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with (
            pytest.raises(CaseError, match="another run is writing"),
            staged(out, replaceable={"a"}),
        ):
            pass
    assert not out.exists()


def test_a_folder_holding_foreign_files_is_never_replaced(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "rings.csv").write_text("old")
    (out / "thesis.docx").write_text("precious")
    with pytest.raises(CaseError, match="thesis.docx"), staged(out, replaceable=OUTPUT_NAMES):
        pass
    assert (out / "thesis.docx").read_text() == "precious"


def test_a_failed_write_leaves_the_previous_output_untouched(tmp_path):
    out = tmp_path / "out"
    with staged(out, replaceable={"a.txt"}) as stage:
        (stage / "a.txt").write_text("first")
    with pytest.raises(OSError), staged(out, replaceable={"a.txt"}) as stage:
        (stage / "a.txt").write_text("half")
        raise OSError("disk full")
    assert (out / "a.txt").read_text() == "first"
    assert [p.name for p in tmp_path.iterdir() if ".new-" in p.name] == []


def test_a_crash_between_the_two_renames_is_undone_by_the_next_run(tmp_path):
    out = tmp_path / "out"
    previous = tmp_path / ".out.previous"
    previous.mkdir()
    (previous / "a.txt").write_text("first")
    (tmp_path / ".out.new-abc").mkdir()
    with pytest.raises(CaseError), staged(out, replaceable=set()):
        pass  # the restored folder holds a.txt, which this writer may not replace
    assert (out / "a.txt").read_text() == "first"
    assert not previous.exists() and not (tmp_path / ".out.new-abc").exists()


def _complete(out: Path) -> bool:
    record = json.loads((out / "run.json").read_text())
    pages = list((out / "rings").glob("R-*.html"))
    return record.get("complete") is True and (out / "report.html").exists() and len(pages) > 0


@pytest.mark.slow
def test_kill_9_at_random_moments_leaves_a_complete_output(small_case, tmp_path):
    out = tmp_path / "out"
    command = [sys.executable, "-m", "workbench.cli", "run", str(small_case), "--out", str(out)]
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    whole_run = time.perf_counter() - started
    first = (out / "rings.csv").read_bytes()
    moments = random.Random(20).sample(range(1000), 20)
    for moment in moments:
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(whole_run * moment / 1000)
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        assert _complete(out), f"incomplete output after a kill at {moment / 10:.1f}% of a run"
        assert (out / "rings.csv").read_bytes() == first
