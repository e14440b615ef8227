"""The `kehoach` command line. Command modules import heavy parts inside their functions, so that
`kehoach inspect` starts without Prefect or the database."""
