"""Serves the web app with waitress on loopback: `python -m web.server`."""
from __future__ import annotations

import os

from waitress import serve

from web import create_app

if __name__ == "__main__":
    port = int(os.environ.get("WEB_PORT", "8000"))
    serve(create_app(), host="127.0.0.1", port=port, threads=8, ident="prescreen")
