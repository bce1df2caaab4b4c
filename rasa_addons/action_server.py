"""The action server, behind a shared secret: `python -m rasa_addons.action_server --actions actions`.

rasa_sdk's server (rasa_sdk/endpoint.py) runs any action for anyone who can reach its port:
a made-up tracker posted to /webhook logged a screening and replaced a referral's contact.
This is the same server (rasa_sdk's own `create_app`, same arguments as `rasa run actions`)
with one request check in front of every route but /health:

- `Authorization: Bearer <ACTION_SERVER_TOKEN>`, compared in constant time. Rasa sends it
  from endpoints.yml (`action_endpoint: headers:`); nobody else has it. A header, not
  `?token=`, so the secret never lands in an access log.
- a JSON body (`Content-Type: application/json`, what Rasa sends): a text/plain POST is what
  a page on another origin can send without a CORS preflight, so anything else gets 415.

No CORS headers are sent either: no browser has any business calling this server.
"""
from __future__ import annotations

import hmac
import logging
import sys

from sanic import Sanic, response
from sanic.request import Request

from prescreen.settings import SettingsError, get_settings

logger = logging.getLogger(__name__)

OPEN_PATHS = {"/health"}  # a health check needs nothing else


def bearer_token(request: Request) -> str:
    scheme, _, token = (request.headers.get("Authorization") or "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def is_json(request: Request) -> bool:
    return (request.headers.get("Content-Type") or "").split(";")[0].strip().lower() == "application/json"


def guard(app: Sanic, token: str) -> None:
    """Refuses every call without the token (401) or, for a POST, without a JSON body (415)."""
    expected = token.encode()

    @app.on_request
    async def _door(request: Request):
        if request.path in OPEN_PATHS:
            return None
        if not hmac.compare_digest(bearer_token(request).encode(), expected):
            return response.json({"error": "This server answers the assistant's Rasa server only."}, status=401)
        if request.method == "POST" and not is_json(request):
            return response.json({"error": "Send the action call as JSON (Content-Type: application/json)."},
                                 status=415)
        return None


def create_app(action_package_name: str, token: str | None = None, auto_reload: bool = False) -> Sanic:
    from rasa_sdk.endpoint import create_app as sdk_create_app

    # cors_origins="" gives no Access-Control-Allow-Origin to any origin.
    app = sdk_create_app(action_package_name, cors_origins="", auto_reload=auto_reload)
    guard(app, token if token is not None else get_settings().action_server_token)
    return app


def warm_up() -> None:
    """Builds the reading layer's pipelines (English, and Chinese with jieba's dictionary) before
    the server answers /health: built on first use instead, the first Chinese message took about
    8 s and held every other action call up meanwhile, past WeChat's 5-second reply window."""
    from prescreen.reading.extract import extract_facts

    for text in ("62M AML, PLT 32k, ECOG 1, HIV neg", "62岁男性，急髓，血小板3.2万，没有血栓"):
        extract_facts(text)


def run(args) -> None:
    """rasa_sdk.endpoint.run with our app."""
    from rasa_sdk import utils
    from rasa_sdk.endpoint import create_ssl_context
    from rasa_sdk.plugin import plugin_manager

    warm_up()
    app = create_app(args.actions, auto_reload=args.auto_reload)
    plugin_manager().hook.attach_sanic_app_extensions(app=app)
    ssl_context = create_ssl_context(args.ssl_certificate, args.ssl_keyfile, args.ssl_password)
    host = get_settings().sanic_host
    logger.info("Action endpoint is up and running on %s://%s:%s", "https" if ssl_context else "http", host, args.port)
    app.run(host, args.port, ssl=ssl_context, workers=utils.number_of_sanic_workers())


def main(argv: list[str] | None = None) -> None:
    from rasa_sdk import utils
    from rasa_sdk.constants import APPLICATION_ROOT_LOGGER_NAME
    from rasa_sdk.endpoint import create_argument_parser

    args = create_argument_parser().parse_args(argv)
    if args.cors:
        print("action server: --cors is not supported here; only the Rasa server calls this server",
              file=sys.stderr)
        sys.exit(2)
    try:
        get_settings()  # production refuses a missing or development ACTION_SERVER_TOKEN
    except SettingsError as e:
        print(f"prescreen: {e}", file=sys.stderr)
        sys.exit(2)
    utils.configure_colored_logging(args.loglevel)
    utils.configure_file_logging(logging.getLogger(APPLICATION_ROOT_LOGGER_NAME), args.log_file, args.loglevel,
                                 args.logging_config_file)
    utils.update_sanic_log_level()
    run(args)


if __name__ == "__main__":
    main()
