"""The project's web app: the intranet chat page for referring physicians and the
coordinators' follow-up queue. Flask, server-rendered, every asset served locally: the
intranet has no internet, so no CDN."""
from __future__ import annotations

from flask import Flask, request
from flask_wtf.csrf import CSRFProtect

from prescreen.settings import get_settings

csrf = CSRFProtect()

# Every asset is served by the app and no page has inline script or style (the dashboard's
# chart is drawn with SVG attributes, web/queue/chart.py), so the policy can be strict: an
# injected <script> or style would not run, and no other site can frame the pages.
CONTENT_SECURITY_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
                           "connect-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; "
                           "frame-ancestors 'none'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers without CSP 2
    "X-Content-Type-Options": "nosniff",
    # same-origin, not no-referrer: Flask-WTF checks the Referer of forms posted over HTTPS.
    "Referrer-Policy": "same-origin",
}


def _security_headers(response):
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    # Patient facts are in the chat's JSON and on every queue page: no browser or proxy cache
    # may keep them (a shared ward computer's back button). Only the static assets are cached.
    if not request.path.startswith("/static/"):
        response.headers["Cache-Control"] = "no-store"
    return response


def create_app(**overrides) -> Flask:
    settings = get_settings()
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=settings.web_secret_key,
        RASA_URL=f"http://127.0.0.1:{settings.rasa_port}",
        RASA_AUTH_TOKEN=settings.rasa_auth_token,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        # Outside development the app is only reached through the TLS proxy: the cookie is
        # never sent over plain HTTP.
        SESSION_COOKIE_SECURE=settings.env != "development",
        MAX_CONTENT_LENGTH=settings.web_max_body_bytes,
        **overrides,
    )
    csrf.init_app(app)
    app.after_request(_security_headers)
    from prescreen.texts import say

    app.jinja_env.globals["say"] = say  # templates take their words from the catalogue too

    from web import queue
    from web.chat import bp as chat_bp

    app.register_blueprint(chat_bp)
    queue.init_app(app)  # the coordinators' queue under /queue, and its sign-in
    from web import fhir

    fhir.init_app(app)  # the screening log as FHIR R4 under /fhir, for hospital systems (after the sign-in)
    return app
