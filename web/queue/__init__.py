"""The coordinators' follow-up queue, under /queue: a thin adapter over prescreen.followup.queue and
prescreen.followup.accounts. Every page and API call needs a signed-in coordinator (signin.py)."""
from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("queue", __name__, url_prefix="/queue")

# Imported for their routes, after `bp` exists.
from web.queue import export, pages, signin  # noqa: E402,F401
from web.queue import access  # noqa: E402,F401  (after signin: its checks run after sign-in's)


def init_app(app: Flask) -> None:
    signin.login_manager.init_app(app)
    app.jinja_env.filters.update(pages.FILTERS)
    app.register_blueprint(bp)
