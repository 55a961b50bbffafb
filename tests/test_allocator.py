"""Importing the workbench sets polars' allocator to keep freed memory longer, unless the
user chose otherwise."""

from __future__ import annotations

import os
import subprocess
import sys

from workbench.allocator import DECAY

#: What a fresh interpreter reports of the setting polars' allocator started with.
REPORT = "import os, workbench, polars; print(os.environ['_RJEM_MALLOC_CONF'])"


def allocator_setting(environment: dict[str, str]) -> str:
    """The ``_RJEM_MALLOC_CONF`` polars read in a fresh interpreter started with ``environment``."""
    done = subprocess.run(
        [sys.executable, "-c", REPORT], env=environment, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def test_importing_the_workbench_keeps_freed_memory_longer():
    environment = {k: v for k, v in os.environ.items() if k != "_RJEM_MALLOC_CONF"}
    # Polars puts its own defaults first; jemalloc takes the last value of each option.
    assert allocator_setting(environment).endswith("," + DECAY)


def test_a_setting_the_user_made_is_kept():
    chosen = "dirty_decay_ms:0,muzzy_decay_ms:0"
    setting = allocator_setting(os.environ | {"_RJEM_MALLOC_CONF": chosen})
    assert setting.endswith("," + chosen) and DECAY not in setting
