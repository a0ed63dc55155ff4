"""Running the stages: one analysis per article, the engines (in process, cached, Dask), and
the pipeline that writes every table."""
