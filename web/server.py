"""Serves the web app with waitress on loopback: `python -m web.server`.

Behind a reverse proxy every request comes from the proxy's address, so the sign-in throttle
would count every coordinator as one. WEB_TRUSTED_PROXY names the proxy: waitress then takes
the client's address from the last X-Forwarded-For entry (the one that proxy added) and the
scheme from X-Forwarded-Proto, for requests from that address only; from anywhere else those
headers are dropped before the app sees them, so nobody can choose their own address.
"""
from __future__ import annotations

from waitress import serve

from web import create_app


def proxy_options(trusted_proxy: str) -> dict:
    if not trusted_proxy:
        return {"clear_untrusted_proxy_headers": True}
    return {"trusted_proxy": trusted_proxy, "trusted_proxy_count": 1,
            "trusted_proxy_headers": {"x-forwarded-for", "x-forwarded-proto"},
            "clear_untrusted_proxy_headers": True}


if __name__ == "__main__":
    import sys

    from prescreen.settings import SettingsError, get_settings

    try:
        app = create_app()
    except SettingsError as e:
        print(f"prescreen web: {e}", file=sys.stderr)
        sys.exit(2)
    settings = get_settings()
    serve(app, host="127.0.0.1", port=settings.web_port, threads=8, ident="prescreen",
          **proxy_options(settings.web_trusted_proxy))
