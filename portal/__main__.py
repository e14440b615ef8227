"""`python -m portal [--host H] [--port P]`: serve the portal with uvicorn (defaults from the settings)."""

from __future__ import annotations

import argparse

import uvicorn

from kehoach.settings import get_settings


def main(argv: list[str] | None = None) -> None:
    """Run uvicorn on `portal.app:app` with the configured host, port and worker count."""
    settings = get_settings()
    parser = argparse.ArgumentParser(prog="python -m portal", description="Cổng nộp văn bản (kehoach).")
    parser.add_argument("--host", default=settings.portal_host)
    parser.add_argument("--port", type=int, default=settings.portal_port)
    args = parser.parse_args(argv)
    settings.ensure_dirs()
    uvicorn.run(
        "portal.app:app",
        host=args.host,
        port=args.port,
        workers=settings.portal_workers,
        proxy_headers=True,
        forwarded_allow_ips=settings.portal_forwarded_allow_ips,
        server_header=False,
        log_level="info",
        timeout_graceful_shutdown=10,
    )


if __name__ == "__main__":
    main()
