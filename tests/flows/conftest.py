"""Flow tests share the root fixtures (Prefect harness, SMTP sink) and `tests.cli_runner`."""
