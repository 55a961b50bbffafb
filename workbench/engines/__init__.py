"""Where the bulk stages run: polars on one machine (the default), or Apache Spark."""
