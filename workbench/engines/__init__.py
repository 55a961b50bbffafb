"""Engines for the bulk stages of an investigation: polars on one machine, or Spark.

See `workbench.engines.bulk` for the seam and docs/scale.md for the Spark engine.
"""

#: The engines `investigate(engine=…)` and ``workbench run --engine`` know.
ENGINES = ("polars", "spark")
