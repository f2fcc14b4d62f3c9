"""One JSON error shape for the whole API: ``{"error": str}`` with a 4xx status (STYLE §5.5)."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from marsad.api.schemas import ErrorOut, MovedOut
from marsad.errors import MarsadError, StoreBusy, StoreError

# Routes declare these, so that the OpenAPI description states the error shape (and FastAPI's
# own 422 schema, which the handlers below never return, is left out).
NOT_FOUND: dict[int | str, dict] = {404: {"model": ErrorOut, "description": "No such item"}}
INVALID: dict[int | str, dict] = {422: {"model": ErrorOut, "description": "Invalid parameters"}}
MOVED: dict[int | str, dict] = {
    301: {
        "model": MovedOut,
        "description": "The group was merged, split or renamed: `Location` and `moved_to` name where its "
        "articles went (follow the redirect, or ask for `moved_to`)",
    }
}


class NotFound(MarsadError):
    """A resource that does not exist: 404."""


class Moved(MarsadError):
    """An id that no longer exists and lives on under another: an event or story whose articles now
    make another group, or an article id given to a second record of a page stored under another: 301."""

    def __init__(self, kind: str, old_id: str, new_id: str, location: str) -> None:
        super().__init__(f"{kind} {old_id} is now {new_id}")
        self.kind, self.old_id, self.new_id, self.location = kind, old_id, new_id, location


class BadRequest(MarsadError):
    """A request the API cannot act on: 400."""


class Unprocessable(MarsadError):
    """Well-formed, but nothing in it can be used (every posted record is bad): 422."""


def error_response(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def validation_message(error: RequestValidationError) -> str:
    """The first problem of a validation error as one line: where, then what."""
    problems = []
    for item in error.errors()[:3]:
        where = ".".join(str(part) for part in item.get("loc", ()) if part != "body") or "body"
        problems.append(f"{where}: {item.get('msg', 'invalid')}")
    return "; ".join(problems) or "invalid request"


def install_error_handlers(app: FastAPI) -> None:
    """Map every exception a request can raise to ``{"error": ...}``."""

    @app.exception_handler(NotFound)
    async def not_found(_: Request, error: NotFound) -> JSONResponse:
        return error_response(404, str(error))

    @app.exception_handler(Moved)
    async def moved(_: Request, error: Moved) -> JSONResponse:
        body = {"error": str(error), "moved_to": error.new_id, "location": error.location}
        return JSONResponse(body, status_code=301, headers={"Location": error.location})

    @app.exception_handler(BadRequest)
    async def bad_request(_: Request, error: BadRequest) -> JSONResponse:
        return error_response(400, str(error))

    @app.exception_handler(Unprocessable)
    async def unprocessable(_: Request, error: Unprocessable) -> JSONResponse:
        return error_response(422, str(error))

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, error: RequestValidationError) -> JSONResponse:
        return error_response(422, validation_message(error))

    @app.exception_handler(HTTPException)
    async def http_error(_: Request, error: HTTPException) -> JSONResponse:
        return error_response(error.status_code, str(error.detail))

    @app.exception_handler(StoreBusy)
    async def store_busy(_: Request, error: StoreBusy) -> JSONResponse:
        # Another writer held the store past the configured wait: nothing was written, try later.
        answer = error_response(503, str(error))
        answer.headers["Retry-After"] = str(error.retry_after)
        return answer

    @app.exception_handler(StoreError)
    async def store_error(_: Request, error: StoreError) -> JSONResponse:
        return error_response(503, str(error))
