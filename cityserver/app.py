"""FastAPI application: the HTTP endpoints of docs/sync-protocol.md."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import FastAPI, Header, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import OperationalError
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from cityserver import PROTOCOL_MIN, PROTOCOL_VERSION, __version__, dashboard, figures
from cityserver.apply import apply_batch, receive_batch
from cityserver.auth import ServerKey, bearer, device_for_token, principal_for_token
from cityserver.batchfile import read_batch_file, write_ack
from cityserver.config import Settings
from cityserver.db import make_engine, migrate, session_factory
from cityserver.devices import enrol
from cityserver.entities import ENTITIES, ENTITY_SET
from cityserver.models import DeviceWatermark, Street
from cityserver.protocol import ProtocolError
from cityserver.pull import DEFAULT_LIMIT as PULL_DEFAULT_LIMIT
from cityserver.pull import MAX_LIMIT as PULL_MAX_LIMIT
from cityserver.pull import page_json, read_page, record_pull
from cityserver.reads import MAX_LIMIT, changed_rows, row_json, street_summaries
from cityserver.street_status import device_statuses

log = logging.getLogger("cityserver")

SIGNATURE_HEADER = "X-Yishi-Signature"
#: A pushing client's hint that more batches follow at once (docs/sync-protocol.md §5.2).
MORE_HEADER = "X-Yishi-More"
Auth = Annotated[str | None, Header(alias="Authorization")]
Signature = Annotated[str | None, Header(alias=SIGNATURE_HEADER)]

_BINARY = {"schema": {"type": "string", "format": "binary"}}
ENROL_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["code", "device_id", "name", "public_key"],
                    "properties": {
                        "code": {"type": "string"},
                        "device_id": {"type": "string", "format": "uuid"},
                        "name": {"type": "string"},
                        "public_key": {"type": "string"},
                    },
                }
            }
        },
    }
}
BATCH_BODY = {"requestBody": {"required": True, "content": {"application/json": _BINARY}}}
FILE_BODY = {"requestBody": {"required": True, "content": {"application/zip": _BINARY}}}


def _error(status: int, code: str, message: str, **extra: Any) -> JSONResponse:
    return JSONResponse({"error": code, "message": message, **extra}, status_code=status)


async def _read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise ProtocolError(413, "body_too_large", f"Body exceeds the limit of {limit} bytes")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ProtocolError(413, "body_too_large", f"Body exceeds the limit of {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _parse_since(value: str | None) -> datetime | None:
    if value is None or value == "":
        return None
    try:
        when = datetime.fromisoformat(value)
        return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)
    except (ValueError, OverflowError) as exc:
        raise ProtocolError(400, "invalid_request", "'since' must be an ISO-8601 time") from exc


def create_app(settings: Settings) -> FastAPI:
    engine = make_engine(settings.db_url)
    migrate(engine)
    sessions = session_factory(engine)
    server_key = ServerKey.load_or_create(settings.server_key_path)
    app = FastAPI(
        title="Yishi city server",
        version=__version__,
        description="Sync protocol v1 (push) and v2 (pull) — see docs/sync-protocol.md",
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessions = sessions
    app.state.server_key = server_key
    refresher = figures.Refresher(sessions)
    app.state.refresher = refresher
    dashboard.install(app, sessions, refresher)

    @app.exception_handler(ProtocolError)
    async def _protocol_error(_request: Request, exc: ProtocolError) -> JSONResponse:
        return JSONResponse(exc.body(), status_code=exc.status)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(part) for part in first.get("loc", ()))
        return _error(400, "invalid_request", f"{where}: {first.get('msg', 'invalid')}")

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        codes = {404: "not_found", 405: "method_not_allowed"}
        return _error(exc.status_code, codes.get(exc.status_code, "http_error"), str(exc.detail))

    @app.exception_handler(OperationalError)
    async def _db_error(_request: Request, exc: OperationalError) -> JSONResponse:
        log.warning("database unavailable: %s", exc)
        response = _error(503, "database_unavailable", "The database is busy; retry later")
        response.headers["Retry-After"] = "5"
        return response

    @app.get("/api/v1/meta")
    def meta() -> dict[str, Any]:
        return {
            "protocol": {"min": PROTOCOL_MIN, "max": PROTOCOL_VERSION},
            "schema_revs": sorted(settings.schema_revs),
            "server_time": datetime.now(UTC).isoformat(),
            "server_version": __version__,
            "server_public_key": server_key.public_b64,
            "entities": list(ENTITIES),
            "limits": {
                "max_body_bytes": settings.max_body_bytes,
                "max_inflated_bytes": settings.max_inflated_bytes,
                "max_ops_per_batch": settings.max_ops_per_batch,
            },
        }

    def _enrol(body: bytes, signature: str | None) -> dict[str, Any]:
        with sessions() as session, session.begin():
            enrolled = enrol(session, body, signature)
        return {
            **enrolled.as_json(),
            "protocol": PROTOCOL_VERSION,
            "server_public_key": server_key.public_b64,
        }

    @app.post("/api/v1/devices/enroll", status_code=201, openapi_extra=ENROL_BODY)
    async def enroll(request: Request, x_yishi_signature: Signature = None) -> JSONResponse:
        body = await _read_body(request, 64 * 1024)
        answer = await run_in_threadpool(_enrol, body, x_yishi_signature)
        return JSONResponse(answer, status_code=201)

    @app.get("/api/v1/devices/me")
    def me(authorization: Auth = None) -> dict[str, Any]:
        with sessions() as session:
            device = device_for_token(session, bearer(authorization))
            mark = session.get(DeviceWatermark, device.id)
            return {
                "device_id": device.id,
                "street_code": device.street_code,
                "name": device.name,
                "watermark": mark.watermark if mark else 0,
                "enrolled_at": device.enrolled_at.isoformat(),
            }

    @app.post("/api/v1/batches", openapi_extra=BATCH_BODY)
    async def push_batch(
        request: Request, authorization: Auth = None, x_yishi_signature: Signature = None
    ) -> JSONResponse:
        token = bearer(authorization)
        if token is None:
            raise ProtocolError(401, "unauthorized", "Missing bearer token")
        body = await _read_body(request, settings.max_body_bytes)
        answer = await run_in_threadpool(
            receive_batch, sessions, settings, token, body, x_yishi_signature
        )
        # The dashboard's figures of the street, recomputed after the answer is sent; not
        # while more batches of the push follow (each pass cost about what applying a batch
        # did, and held the write lock the next batch waited for): the last one does it.
        # Pages show a street that is still stale as such and refresh it themselves.
        if request.headers.get(MORE_HEADER) == "1":
            return JSONResponse(answer)
        return JSONResponse(answer, background=BackgroundTask(refresher.kick))

    def _import_file(data: bytes) -> tuple[dict[str, Any], bytes, str]:
        device, env = read_batch_file(data, sessions, settings)
        answer = apply_batch(sessions, settings, device.id, env, "file")
        return answer, write_ack(server_key, env, answer), env.batch_id

    @app.post("/api/v1/batch-files", openapi_extra=FILE_BODY)
    async def upload_batch_file(request: Request) -> Response:
        data = await _read_body(request, settings.max_body_bytes)
        answer, ack, batch_id = await run_in_threadpool(_import_file, data)
        return Response(
            ack,
            media_type="application/zip",
            headers={
                "Content-Disposition": f'attachment; filename="{batch_id}.yishiack"',
                "X-Yishi-Status": answer["status"],
                "X-Yishi-Watermark": str(answer["watermark"]),
            },
            background=BackgroundTask(refresher.kick),
        )

    def _pull(token: str | None, after: int, limit: int) -> tuple[bytes, int]:
        with sessions() as session:
            device = device_for_token(session, token)
            device_id, street = device.id, device.street_code
        page = read_page(engine, device_id, street, after, limit)
        record_pull(engine, device_id, after, len(page.changes))
        return page_json(page, device_id), page.next

    @app.get("/api/v1/changes")
    async def pull_changes(
        request: Request,
        authorization: Auth = None,
        after: Annotated[int, Query(ge=0, le=2**62)] = 0,
        limit: Annotated[int, Query(ge=1, le=PULL_MAX_LIMIT)] = PULL_DEFAULT_LIMIT,
    ) -> Response:
        """Protocol 2: the street's changes by other devices after ``after`` (docs §12)."""
        body, _next = await run_in_threadpool(_pull, bearer(authorization), after, limit)
        headers = {}
        if "gzip" in request.headers.get("accept-encoding", "") and len(body) > 1024:
            body = await run_in_threadpool(_gzip_fast, body)
            headers["Content-Encoding"] = "gzip"
        return Response(body, media_type="application/json", headers=headers)

    @app.get("/api/v1/streets/{code}/devices")
    def street_devices(code: str, authorization: Auth = None) -> dict[str, Any]:
        """Protocol 2: each device of the street, its last push and pull (docs §12.4)."""
        with sessions() as session:
            who = principal_for_token(session, bearer(authorization))
            if not who.may_read(code):
                raise ProtocolError(403, "street_forbidden", "This caller may not read this street")
            if session.get(Street, code) is None:
                raise ProtocolError(404, "unknown_street", f"Unknown street '{code[:32]}'")
            return device_statuses(session, code, who.device.id if who.device is not None else None)

    @app.get("/api/v1/streets")
    def streets(authorization: Auth = None) -> dict[str, Any]:
        with sessions() as session:
            who = principal_for_token(session, bearer(authorization))
            only = who.device.street_code if who.device is not None else None
            found = street_summaries(session, only)
            return {"streets": [s for s in found if who.may_read(s["code"])]}

    @app.get("/api/v1/streets/{code}/entities/{entity}")
    def street_entity_rows(
        code: str,
        entity: str,
        authorization: Auth = None,
        since: Annotated[str | None, Query()] = None,
        after_id: Annotated[str | None, Query()] = None,
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 1000,
    ) -> dict[str, Any]:
        when = _parse_since(since)
        with sessions() as session:
            who = principal_for_token(session, bearer(authorization))
            if not who.may_read(code):
                raise ProtocolError(403, "street_forbidden", "This caller may not read this street")
            if entity not in ENTITY_SET:
                raise ProtocolError(404, "unknown_entity", f"Unknown entity '{entity[:64]}'")
            if session.get(Street, code) is None:
                raise ProtocolError(404, "unknown_street", f"Unknown street '{code[:32]}'")
            rows = changed_rows(session, code, entity, when, after_id if when else None, limit)
            last = rows[-1] if len(rows) == limit else None
            return {
                "street_code": code,
                "entity": entity,
                "rows": [row_json(row) for row in rows],
                "next": None
                if last is None
                else {"since": last.updated_at.isoformat(), "after_id": last.entity_id},
            }

    return app


def _gzip_fast(body: bytes) -> bytes:
    import gzip

    return gzip.compress(body, compresslevel=1, mtime=0)


def app_from_env() -> FastAPI:
    """Uvicorn factory (``cityserver.app:app_from_env``): settings from the environment."""
    return create_app(Settings.from_env())
