"""gzip for large JSON answers (``/api/states`` of a big home, ``/api/services``).

Only complete JSON bodies of at least ``GZIP_MIN_SIZE`` bytes are compressed, and only
for clients that accept gzip; small answers are cheaper to send as they are. Bodies
large enough to take noticeable CPU are compressed in the hub's executor so the event
loop keeps serving.
"""

from __future__ import annotations

import zlib
from collections.abc import Awaitable, Callable
from typing import Final

from aiohttp import hdrs, web
from aiohttp.typedefs import Handler, Middleware

from hub.http.view import JSON_CONTENT_TYPE

GZIP_MIN_SIZE: Final = 1024
# Above this, compression runs in the executor (about a millisecond of CPU).
GZIP_EXECUTOR_SIZE: Final = 64 * 1024
GZIP_LEVEL: Final = 6

Offload = Callable[[Callable[[bytes], bytes], bytes], Awaitable[bytes]]


def gzip_bytes(body: bytes) -> bytes:
    """``body`` as a gzip stream."""
    compressor = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    return compressor.compress(body) + compressor.flush()


def accepts_gzip(request: web.BaseRequest) -> bool:
    """Whether ``Accept-Encoding`` lists gzip (or ``*``) without ``q=0``."""
    for item in request.headers.get(hdrs.ACCEPT_ENCODING, "").split(","):
        coding, _, params = item.partition(";")
        if coding.strip().lower() not in ("gzip", "*"):
            continue
        quality = params.strip().lower()
        if quality.startswith("q="):
            try:
                if float(quality[2:]) == 0:
                    continue
            except ValueError:
                continue
        return True
    return False


def _compressible(response: web.StreamResponse) -> web.Response | None:
    """The answer when it is a complete JSON body worth compressing."""
    if type(response) is not web.Response or response.prepared:
        return None
    assert isinstance(response, web.Response)  # for the type checker: exact type above
    if response.content_type != JSON_CONTENT_TYPE or hdrs.CONTENT_ENCODING in response.headers:
        return None
    body = response.body
    if not isinstance(body, bytes) or len(body) < GZIP_MIN_SIZE:
        return None
    return response


def gzip_middleware(offload: Offload) -> Middleware:
    """Compress large JSON answers; ``offload`` runs big compressions off the loop."""

    @web.middleware
    async def compress(request: web.Request, handler: Handler) -> web.StreamResponse:
        response = await handler(request)
        answer = _compressible(response)
        if answer is None:
            return response
        answer.headers.add(hdrs.VARY, hdrs.ACCEPT_ENCODING)
        if not accepts_gzip(request):
            return answer
        body = answer.body
        assert isinstance(body, bytes)
        if len(body) >= GZIP_EXECUTOR_SIZE:
            compressed = await offload(gzip_bytes, body)
        else:
            compressed = gzip_bytes(body)
        answer.body = compressed
        answer.headers[hdrs.CONTENT_ENCODING] = "gzip"
        return answer

    return compress
