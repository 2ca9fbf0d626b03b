"""Serves the built web app: hashed assets cached forever, index.html never, SPA fallback."""

from __future__ import annotations

from pathlib import Path

from fastapi import Depends, FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse, Response

from modelyard.authz.guard import public
from modelyard.kit.errors import NotFound

STATIC_DIR = Path(__file__).parent / "static"
ALL_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]
IMMUTABLE = "public, max-age=31536000, immutable"
NO_CACHE = "no-cache"
NOT_BUILT = """<!doctype html><html><head><title>Modelyard</title></head><body>
<h1>Modelyard API is running</h1>
<p>The web app has not been built. Run <code>make run</code> (or <code>make web-build</code>),
or use the API documented at <a href="/api/docs">/api/docs</a>.</p></body></html>"""


def mount_web_app(app: FastAPI, static_dir: Path = STATIC_DIR) -> None:
    root = static_dir.resolve()

    @app.api_route(
        "/{path:path}", methods=ALL_METHODS, include_in_schema=False, dependencies=[Depends(public)]
    )
    async def web_app(path: str, request: Request) -> Response:
        if path == "api" or path.startswith("api/") or request.method not in {"GET", "HEAD"}:
            raise NotFound("No API route matches this path.", hint="See /api/docs for the routes.")
        asset = _safe_file(root, path)
        if asset is not None:
            cache = IMMUTABLE if path.startswith("assets/") else NO_CACHE
            return FileResponse(asset, headers={"Cache-Control": cache})
        index = root / "index.html"
        if not index.is_file():
            return HTMLResponse(NOT_BUILT, headers={"Cache-Control": NO_CACHE})
        return FileResponse(index, headers={"Cache-Control": NO_CACHE})


def _safe_file(root: Path, path: str) -> Path | None:
    """The file under root that `path` names, or None: nothing outside root is ever served."""
    if not path or "\x00" in path or "\\" in path:
        return None
    candidate = (root / path).resolve()
    if not candidate.is_relative_to(root) or not candidate.is_file():
        return None
    return candidate
