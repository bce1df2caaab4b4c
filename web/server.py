"""Serves the web app with waitress on loopback: `python -m web.server`."""
from __future__ import annotations

import os

from waitress import serve

from web import create_app

if __name__ == "__main__":
    import sys

    from prescreen.settings import SettingsError

    try:
        app = create_app()
    except SettingsError as e:
        print(f"prescreen web: {e}", file=sys.stderr)
        sys.exit(2)
    port = int(os.environ.get("WEB_PORT", "8000"))
    serve(app, host="127.0.0.1", port=port, threads=8, ident="prescreen")
