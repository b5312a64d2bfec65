"""The FastAPI application: /v1 (the coach's own API), /v2 (LanguageTool's), /healthz and offline docs."""

from __future__ import annotations

import json
import logging
import shutil
import tempfile
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from functools import partial
from pathlib import PurePath
from typing import Annotated, Any, BinaryIO, cast

from fastapi import FastAPI, File, Form, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, StreamingResponse
from fastapi_offline import FastAPIOffline
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__, default_coach
from ..engine import Coach, InputError, check_audience
from ..ingest.model import MAX_FILE_BYTES, SUPPORTED_SUFFIXES, Columns, Message, failed, too_large_reason
from ..ingest.readers import WHOLE_FILE_SUFFIXES, read_stream, unsupported_reason
from ..report import AUDIENCES
from ..review import analyse_stream
from . import languagetool as lt
from .analysis import analyse_text, coach_with, rule_list
from .gate import Gate, header_token, token_error
from .limits import ApiError, BodyLimit, Checker, RateLimiter
from .settings import Settings

log = logging.getLogger("coach.server")


class AnalyseRequest(BaseModel):
    """The body of POST /v1/analyse."""

    text: str = Field(description="the draft to coach")
    audience: str = Field("non-technical", description=f"who will read it: {', '.join(AUDIENCES)}")
    disable: list[str] = Field(default_factory=list, description="rule ids or categories to silence")


def error(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    """Return the JSON error every endpoint answers with: {"error": message, "status": status}."""
    return JSONResponse({"error": message, "status": status}, status_code=status, headers=headers)


def create_app(settings: Settings | None = None, coach: Coach | None = None) -> FastAPI:
    """Return the coach's HTTP API with the given limits (the default coach is loaded at start-up)."""
    settings = settings or Settings()
    state: dict[str, Any] = {"coach": coach}
    limiter = RateLimiter(settings.rate_limit, settings.rate_window)
    checker = Checker(settings.workers, settings.check_timeout, settings.max_pending)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if state["coach"] is None:
            state["coach"] = default_coach()  # load the model before the first request, not during it
        yield
        checker.close()

    app = FastAPIOffline(
        title="Tone Coach",
        version=__version__,
        description="Coach client emails: jargon, blame, condescension, profanity, missing benefit, "
        "expectations and empathy. `/v2/check` speaks LanguageTool's HTTP API.",
        lifespan=lifespan,
        swagger_ui_parameters={"validatorUrl": None},  # Swagger UI would otherwise ask validator.swagger.io
    )

    def limit_for(path: str) -> int:
        return settings.max_upload_bytes if path == "/v1/review" else settings.max_body_bytes

    app.add_middleware(BodyLimit, limit_for=limit_for)
    app.add_middleware(Gate, limiter=limiter, token=settings.token)  # added last, so it runs first

    @app.exception_handler(ApiError)
    async def on_limit(_request: Request, exc: ApiError) -> JSONResponse:
        return error(exc.status, exc.message, exc.headers)

    @app.exception_handler(InputError)
    async def on_input(_request: Request, exc: InputError) -> JSONResponse:
        return error(400, str(exc))

    @app.exception_handler(lt.CheckRequestError)
    async def on_check_request(_request: Request, exc: lt.CheckRequestError) -> JSONResponse:
        return error(400, str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def on_http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = str(exc.detail)
        if message == "There was an error parsing the body":  # FastAPI's words for undecodable bytes
            message = "the request body could not be read: JSON must be UTF-8, forms well-formed"
        return error(exc.status_code, message, dict(exc.headers or {}))

    @app.exception_handler(Exception)
    async def on_crash(_request: Request, exc: Exception) -> JSONResponse:
        log.exception("request failed", exc_info=exc)
        return error(500, f"internal error ({type(exc).__name__}); the server goes on serving")

    @app.exception_handler(RequestValidationError)
    async def on_validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        return validation_error(request, exc)

    def current() -> Coach:
        if state["coach"] is None:  # an app used without its lifespan (e.g. mounted elsewhere)
            state["coach"] = default_coach()
        return state["coach"]

    async def run_check(fn: Callable[..., Any], *args: Any) -> Any:
        """Run an analysis in a worker; a bug in it becomes a JSON 500 for this request only."""
        try:
            return await checker.run(fn, *args)
        except (InputError, ApiError):
            raise
        except Exception as exc:  # answered here, so the connection and the server carry on
            log.exception("check failed", exc_info=exc)
            raise ApiError(500, f"internal error ({type(exc).__name__}); the server goes on serving") from exc

    def check_length(text: str) -> None:
        if len(text) > settings.max_text_chars:
            raise ApiError(
                413,
                f"text too long: {len(text):,} characters; this server's limit is {settings.max_text_chars:,}. "
                "Split it into separate messages.",
            )

    @app.get("/healthz", tags=["server"])
    def healthz() -> dict[str, Any]:
        """Say the server is up, with its version and limits."""
        return {
            "status": "ok",
            "version": __version__,
            "model_loaded": state["coach"] is not None,
            "limits": {
                "max_text_chars": settings.max_text_chars,
                "max_body_bytes": settings.max_body_bytes,
                "max_upload_bytes": settings.max_upload_bytes,
                "rate_limit": settings.rate_limit,
                "rate_window_seconds": settings.rate_window,
                "check_timeout_seconds": settings.check_timeout,
            },
            "token_required": bool(settings.token),
        }

    @app.post("/v1/analyse", tags=["coach"])
    async def analyse(body: AnalyseRequest) -> dict[str, Any]:
        """Analyse one draft and return its Report (the JSON pinned in the README)."""
        check_length(body.text)
        check_audience(body.audience)
        coach = coach_with(current(), body.disable)
        report, _ = await run_check(analyse_text, coach, body.text, body.audience)
        return report.to_dict()

    @app.post("/v1/review", tags=["coach"])
    def review(
        files: Annotated[list[UploadFile], File(description="drafts, .eml, .mbox, .msg, .csv, .xlsx or .zip")],
        audience: Annotated[str, Form()] = "non-technical",
        disable: Annotated[str, Form(description="comma-separated rule ids or categories")] = "",
        text_column: Annotated[str | None, Form()] = None,
        author_column: Annotated[str | None, Form()] = None,
        date_column: Annotated[str | None, Form()] = None,
        subject_column: Annotated[str | None, Form()] = None,
    ) -> StreamingResponse:
        """Review uploaded files and stream one JSON record per message (errors as records), as `coach review`."""
        check_audience(audience)
        coach = coach_with(current(), lt.split_list(disable))
        columns = Columns(text_column, author_column, date_column, subject_column)
        copies = [(upload.filename or "upload", _copy(upload.file)) for upload in files]
        return StreamingResponse(_records(coach, copies, columns, audience), media_type="application/x-ndjson")

    @app.get("/v1/rules", tags=["coach"])
    def rules() -> list[dict[str, Any]]:
        """List every rule: id, category, message, suggestion, severity, audiences and why."""
        return rule_list(current())

    @app.get("/v2/languages", tags=["languagetool"])
    def v2_languages() -> list[dict[str, str]]:
        """List the languages /v2/check accepts, as LanguageTool does."""
        return lt.languages()

    @app.post("/v2/check", tags=["languagetool"])
    async def v2_check(
        request: Request,
        language: Annotated[str | None, Form(description="en-US, en-GB, ... or auto")] = None,
        text: Annotated[str | None, Form()] = None,
        data: Annotated[str | None, Form(description='{"annotation": [{"text": ...}, {"markup": ...}]}')] = None,
        enabledRules: Annotated[str | None, Form()] = None,  # noqa: N803 - LanguageTool's field names
        disabledRules: Annotated[str | None, Form()] = None,  # noqa: N803
        enabledCategories: Annotated[str | None, Form()] = None,  # noqa: N803
        disabledCategories: Annotated[str | None, Form()] = None,  # noqa: N803
        enabledOnly: Annotated[str | None, Form()] = None,  # noqa: N803
        apiKey: Annotated[str | None, Form(description="the server's API token, when it has one")] = None,  # noqa: N803
        audience: Annotated[str, Form(description="the coach's own extra: who will read it")] = "non-technical",
    ) -> dict[str, Any]:
        """Check a text the way LanguageTool's POST /v2/check does; offsets are UTF-16 code units."""
        if settings.token and header_token(dict(request.headers)) is None:  # the Gate let it through for this
            refused = token_error(settings.token, apiKey)
            if refused:
                raise refused
        doc = lt.parse_request_text(text, data)
        lang = lt.resolve_language(language)
        check_length(doc.plain)
        check_audience(audience)
        report, sentences = await run_check(partial(analyse_text, revise_text=False), current(), doc.plain, audience)
        findings = lt.wanted_findings(
            report.findings,
            enabled_rules=lt.split_list(enabledRules),
            disabled_rules=lt.split_list(disabledRules),
            enabled_categories=lt.category_ids(enabledCategories),
            disabled_categories=lt.category_ids(disabledCategories),
            enabled_only=(enabledOnly or "").lower() == "true",
        )
        return lt.check_response(report, findings, doc, sentences, lang, (language or "").lower() == "auto")

    return app


def _copy(source: BinaryIO) -> BinaryIO:
    """Return a private spooled copy of an upload, so the stream outlives the request's own files."""
    copy = tempfile.SpooledTemporaryFile(max_size=1024 * 1024)  # closed by _records when the stream ends
    source.seek(0)
    shutil.copyfileobj(source, copy)
    copy.seek(0)
    return cast(BinaryIO, copy)


def _messages(copies: list[tuple[str, BinaryIO]], columns: Columns) -> Iterator[Message]:
    for name, stream in copies:
        suffix = PurePath(name).suffix.lower()
        if suffix not in SUPPORTED_SUFFIXES:
            yield failed(name, unsupported_reason(suffix))
            continue
        size = stream.seek(0, 2)
        stream.seek(0)
        if suffix in WHOLE_FILE_SUFFIXES and size > MAX_FILE_BYTES:
            yield failed(name, too_large_reason(MAX_FILE_BYTES))
            continue
        yield from read_stream(name, suffix, stream, columns)


def _records(coach: Coach, copies: list[tuple[str, BinaryIO]], columns: Columns, audience: str) -> Iterator[str]:
    try:
        for record in analyse_stream(coach, _messages(copies, columns), audience):
            yield json.dumps(record, ensure_ascii=False) + "\n"
    except Exception as exc:  # the stream has begun (status 200 sent): say so in a last record
        log.exception("review failed", exc_info=exc)
        yield json.dumps({"source": "<server>", "error": f"the review stopped: {type(exc).__name__}: {exc}"}) + "\n"
    finally:
        for _, stream in copies:
            stream.close()


def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    """Return a clear 400/415/422 JSON error for a request the endpoint cannot read."""
    errors = exc.errors()
    if any(e.get("type") == "json_invalid" for e in errors):
        return error(
            400, "the request body is not valid JSON; send {\"text\": ..., \"audience\": ..., \"disable\": []}"
        )
    content_type = request.headers.get("content-type", "")
    if request.url.path == "/v1/analyse" and "json" not in content_type:
        return error(415, "send the draft as JSON (Content-Type: application/json): {\"text\": ..., \"audience\": ...}")
    if request.url.path == "/v1/review" and "multipart/form-data" not in content_type:
        return error(415, "upload the files as multipart/form-data in the field 'files'")
    parts = []
    for e in errors:
        where = ".".join(str(p) for p in e.get("loc", ()) if p not in ("body", "query"))
        parts.append(f"{where or 'body'}: {e.get('msg', 'invalid')}")
    return error(422, "invalid request: " + "; ".join(parts))
