"""Refusing a request for lack of permission: logged, and answered as Home Assistant
does (``401: Unauthorized``, which the IP ban also counts)."""

from __future__ import annotations

import logging

from aiohttp import web

from hub.auth.models import User
from hub.http.keys import USER_KEY
from hub.http.view import unauthorized

_LOGGER = logging.getLogger(__name__)


def refuse(request: web.Request, what: str) -> web.HTTPUnauthorized:
    """Log that the request's user may not do ``what``; the error to raise."""
    user = request.get(USER_KEY)
    _LOGGER.warning(
        "Refused %s %s to user %s (%s): not permitted to %s",
        request.method,
        request.path,
        user.name if user is not None else "?",
        user.id if user is not None else "-",
        what,
    )
    return unauthorized()


def require_admin(request: web.Request, what: str) -> User:
    """The request's user when an administrator; otherwise raise a logged 401."""
    user = request[USER_KEY]
    if not user.is_admin:
        raise refuse(request, what)
    return user
