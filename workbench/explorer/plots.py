"""Static matplotlib summaries for the notebooks: ring sizes and scores, login hours.

Figures are built with ``matplotlib.figure.Figure`` (no pyplot state), so the
library never opens windows; a notebook cell displays a returned figure as a
PNG that stays readable in the executed notebook without a kernel.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import polars as pl
from matplotlib.figure import Figure

from workbench import rings

if TYPE_CHECKING:
    from workbench.investigation import Investigation

HOURS = 24


def login_hours(investigation: Investigation, ring_ids: list[str]) -> pl.DataFrame:
    """Share of each ring's logins per UTC hour: ring_id, hour, logins, share.

    Examples
    --------
    >>> from workbench.investigation import investigate
    >>> inv = investigate("sample_data/demo_case")
    >>> hours = login_hours(inv, inv.ring_scores["ring_id"].head(2).to_list())
    >>> hours.columns, bool(hours["hour"].is_between(0, 23).all())
    (['ring_id', 'hour', 'logins', 'share'], True)
    """
    members = investigation.members.filter(pl.col("ring_id").is_in(ring_ids))
    return (
        rings.login_hours(
            members, investigation.case.tables.rows_of("logins", members["contractor_id"])
        )
        .group_by("ring_id", "hour")
        .agg(pl.col("logins").sum())
        .with_columns(share=pl.col("logins") / pl.col("logins").sum().over("ring_id"))
        .sort("ring_id", "hour")
    )


def ring_overview(investigation: Investigation) -> Figure:
    """Two histograms: ring sizes, and ring scores with the alert threshold marked.

    Examples
    --------
    >>> from workbench.investigation import investigate
    >>> len(ring_overview(investigate("sample_data/demo_case")).axes)
    2
    """
    rings = investigation.ring_scores
    figure = Figure(figsize=(10, 3.4), layout="constrained")
    sizes, scores = figure.subplots(1, 2)
    size_values = rings["ring_size"].to_numpy()
    top = int(size_values.max()) if size_values.size else 2
    sizes.hist(size_values, bins=np.arange(1.5, top + 1.5, 1.0), color="#4c72b0")
    sizes.set(title="Ring sizes", xlabel="members", ylabel="rings")
    scores.hist(rings["ring_score"].to_numpy(), bins=np.linspace(0, 100, 21), color="#dd8452")
    threshold = investigation.settings.alert_threshold
    scores.axvline(threshold, color="#c44e52", linestyle="--", label=f"alert ≥ {threshold:g}")
    scores.set(title="Ring scores", xlabel="score (0–100)", ylabel="rings")
    scores.legend()
    return figure


def login_heatmap(investigation: Investigation, top: int = 5) -> Figure:
    """Heatmap of the top rings' logins by UTC hour (share of each ring's logins).

    Ring members claiming U.S. time zones whose logins cluster in UTC 0–9
    work the hours of UTC+9.

    Examples
    --------
    >>> from workbench.investigation import investigate
    >>> figure = login_heatmap(investigate("sample_data/demo_case"), top=3)
    >>> len(figure.axes[0].get_yticklabels())
    3
    """
    ring_ids = investigation.ring_scores["ring_id"].head(top).to_list()
    if not ring_ids:
        figure = Figure(figsize=(10, 1.2), layout="constrained")
        axes = figure.subplots()
        axes.set_axis_off()
        axes.text(0.5, 0.5, "No rings in this case: no login hours to compare.", ha="center")
        return figure
    grid = np.zeros((len(ring_ids), HOURS))
    hours = login_hours(investigation, ring_ids)
    position = {ring_id: row for row, ring_id in enumerate(ring_ids)}
    rows = hours["ring_id"].replace_strict(position, return_dtype=pl.Int64).cast(pl.Int64)
    grid[rows.to_numpy(), hours["hour"].to_numpy()] = hours["share"].to_numpy()
    figure = Figure(figsize=(10, 0.5 * max(len(ring_ids), 2) + 1.2), layout="constrained")
    axes = figure.subplots()
    image = axes.imshow(grid, aspect="auto", cmap="viridis", vmin=0)
    axes.set_xticks(range(0, HOURS, 2))
    axes.set_yticks(range(len(ring_ids)), labels=ring_ids)
    axes.set(title="Logins by hour (UTC), top rings", xlabel="hour of day (UTC)")
    figure.colorbar(image, ax=axes, label="share of ring's logins")
    return figure
