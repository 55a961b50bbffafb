"""How long polars' allocator keeps freed memory, set before polars is first imported.

Polars allocates with jemalloc, which reads its settings once, from
``_RJEM_MALLOC_CONF``, when polars is imported (polars adds its own defaults
in front: freed pages kept 0.5 s, then lazily freed for 1 s). A run frees and
takes gigabytes stage after stage; pages handed back that soon are faulted in
again, and at 1M contractors the kernel's page faults took a quarter of the
CPU. Importing this module (``import workbench`` does, first) keeps them
longer (`DECAY`), unless the user has set the variable. Where polars was
imported before the workbench, the setting comes too late and nothing changes.

Examples
--------
>>> DECAY
'dirty_decay_ms:3000,muzzy_decay_ms:3000'
"""

from __future__ import annotations

import os

#: Freed pages kept 3 s, then lazily freed (MADV_FREE) for 3 s more: at 1M
#: contractors a quarter less kernel time and a tenth less wall time, for about
#: 0.3 GB more at the peak (docs/benchmarks.md, "Polars' allocator").
DECAY = "dirty_decay_ms:3000,muzzy_decay_ms:3000"

os.environ.setdefault("_RJEM_MALLOC_CONF", DECAY)
