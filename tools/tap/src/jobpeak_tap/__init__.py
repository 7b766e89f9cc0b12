"""The analysts' tap: read the public topics, keep them in DuckDB/Parquet, report the funnel."""
