"""The project's web app: the intranet chat page for referring physicians and the
coordinators' follow-up queue. Flask, server-rendered, every asset served locally: the
intranet has no internet, so no CDN."""
from __future__ import annotations

import os

from flask import Flask
from flask_wtf.csrf import CSRFProtect

from prescreen.settings import get_settings

csrf = CSRFProtect()


def create_app(**overrides) -> Flask:
    settings = get_settings()
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=settings.web_secret_key,
        RASA_URL=f"http://127.0.0.1:{settings.rasa_port}",
        RASA_AUTH_TOKEN=settings.rasa_auth_token,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        MAX_CONTENT_LENGTH=int(os.environ.get("WEB_MAX_BODY_BYTES", 64 * 1024)),
        **overrides,
    )
    csrf.init_app(app)

    from web import queue
    from web.chat import bp as chat_bp

    app.register_blueprint(chat_bp)
    queue.init_app(app)  # the coordinators' queue under /queue, and its sign-in
    return app
