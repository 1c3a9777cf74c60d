"""A Datasette plugin for `browse`: only requests naming the server as 127.0.0.1 or localhost.

Datasette binds 127.0.0.1 but answers any `Host`: a web page on another site can
rebind its own name to 127.0.0.1 (DNS rebinding) and read the data through the
visitor's browser. Such a request names that other site in its `Host` header,
so it gets a 400. `browse` registers this module with Datasette's plugin
manager and sets `PORT` to the port it serves on.
"""
from __future__ import annotations

from datasette import hookimpl

ALLOWED_HOSTS = ("127.0.0.1", "localhost")
PORT = [8001]  # set by `browse` before the server starts


def host_allowed(header: bytes | None, port: int) -> bool:
    """A `Host` header naming this server: 127.0.0.1 or localhost, on `port` when a port is given."""
    if not header:
        return False
    name, _, given = header.decode("latin-1").strip().lower().rpartition(":")
    if not name or not given.isdigit():  # no port in the header
        name, given = header.decode("latin-1").strip().lower(), str(port)
    return name in ALLOWED_HOSTS and int(given) == port


_REFUSED = b"Host not allowed: open this server as http://127.0.0.1 or http://localhost\n"


def guard_host(app, port: int):
    """An ASGI wrapper answering 400 to any request whose Host is not this server (DNS rebinding)."""
    async def guarded(scope, receive, send):
        if scope["type"] in ("http", "websocket") and not host_allowed(dict(scope["headers"]).get(b"host"), port):
            if scope["type"] == "websocket":
                await send({"type": "websocket.close", "code": 1008})
                return
            await send({"type": "http.response.start", "status": 400,
                        "headers": [(b"content-type", b"text/plain; charset=utf-8")]})
            await send({"type": "http.response.body", "body": _REFUSED})
            return
        await app(scope, receive, send)
    return guarded


@hookimpl
def asgi_wrapper(datasette):
    """The plugin hook: every request goes through `guard_host` first."""
    return lambda app: guard_host(app, PORT[0])
