"""The analyst's workbench: the page at `/`, its assets, and the review queue's calls.

The page is one HTML document whose scripts and styles are served from here ('self', vis-network
among them, read from the installed pyvis package); its Content-Security-Policy allows nothing
else: no inline script or handler, requests only to this origin, no frames, and the page framed
only by this origin. Every call that writes (the merge) or writes a file
(saving into the candidates folder) needs the API key, and every POST must carry the header
`X-SceneKG-Workbench` (a cross-site form cannot send it, and a cross-site script cannot without a
preflight this server never grants) and must not come from another site by its Origin or
Sec-Fetch-Site headers.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, HTTPException, Query, Request, status
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, Field

from api.deps import StoreDep, require_api_key
from api.hosts import host_name
from api.routes import LOOKUP_ERRORS, ref_param
from api.workbench import (
    INDEX,
    MEDIA_TYPES,
    CandidateFolder,
    article_text,
    dump_candidates,
    merge,
    parse_candidates,
    reviewed_name,
    static_file,
)
from api.workbench.vocabulary import vocabulary
from graph.errors import InputError, InputErrors
from graph.settings import get_settings
from ingest.writer import LoadSummary
from model.limits import DEFAULT_CAP
from viz.views import neighbourhood_data

# The page's own calls, not part of the documented API (and never fuzzed as such: they write).
router = APIRouter(include_in_schema=False)
GUARD_HEADER = "X-SceneKG-Workbench"
POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'self'; base-uri 'none'; form-action 'none'"
)
_NAME = Field(min_length=1, max_length=200)


def same_origin(request: Request) -> None:
    """Refuse a POST that another site could have sent (see the module's docstring)."""
    if request.headers.get(GUARD_HEADER) != "1":
        raise HTTPException(status.HTTP_403_FORBIDDEN, f"missing {GUARD_HEADER}: 1 header")
    if request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "cross-site request refused")
    origin = request.headers.get("origin")
    if origin is not None:
        scheme, _, rest = origin.partition("://")
        if rest != request.headers.get("host", "") or host_name(rest) is None or scheme != request.url.scheme:
            raise HTTPException(status.HTTP_403_FORBIDDEN, "cross-origin request refused")


SameOrigin = Depends(same_origin)


def _folder(request: Request) -> CandidateFolder | None:
    root = request.app.state.api_settings.candidates_dir
    return CandidateFolder(root) if root is not None else None


def _problems(exc: InputError) -> JSONResponse:
    errors = exc.errors if isinstance(exc, InputErrors) else [exc]
    return JSONResponse(
        status_code=status.HTTP_422_UNPROCESSABLE_CONTENT,
        content={
            "detail": f"refused: {len(errors)} problem(s); nothing was written",
            "problems": [str(e) for e in errors],
        },
    )


@router.get("/", response_class=HTMLResponse, summary="The analyst's workbench page")
def page() -> HTMLResponse:
    return HTMLResponse(
        INDEX.read_text(encoding="utf-8"),
        headers={
            "Content-Security-Policy": POLICY,
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
            "Cache-Control": "no-cache",
        },
    )


@router.get("/workbench/static/{name}")
def asset(name: str) -> Response:
    path = static_file(name)
    if path is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "not found")
    return FileResponse(
        path, media_type=MEDIA_TYPES[path.suffix], headers={"X-Content-Type-Options": "nosniff"}
    )


@router.get("/workbench/vocabulary", summary="The names of labels, relationships and profile parts")
def names() -> dict[str, Any]:
    return vocabulary()


# One click adds at most this many entities to the embedded view, the nearest first.
EXPANSION_LIMIT = 40


@router.get(
    "/workbench/neighbourhood/{id}", responses=LOOKUP_ERRORS, summary="One entity's neighbours, drawn"
)
def neighbours(
    store: StoreDep,
    id: Annotated[str, ref_param("The entity", "city:hefei", "合肥")],
    limit: Annotated[int, Query(ge=1, le=200, description="Most entities, nearest first")] = EXPANSION_LIMIT,
) -> dict[str, Any]:
    """The nodes and edges (styles and tooltips as the views draw them) of `id` and its
    neighbours: the embedded view adds them to what it shows."""
    return neighbourhood_data(store, id, limit=limit, cap=DEFAULT_CAP).payload


class Opened(BaseModel):
    """A candidate file opened for review: its name, its document and its article's text (when
    known). The edit form's types are those of GET /workbench/vocabulary."""

    name: str
    document: dict[str, Any]
    article: str | None = None


class Upload(BaseModel):
    name: str = _NAME
    text: str
    article_name: str | None = Field(default=None, max_length=200)
    article: str | None = None


class Reviewed(BaseModel):
    name: str = _NAME
    document: dict[str, Any]


class MergeResult(BaseModel):
    """The load summary of `scenekg ingest`, the reviewed file's text and where it was saved."""

    summary: LoadSummary
    file_name: str
    reviewed: str
    saved_as: str | None = None


@router.get("/workbench/candidates", summary="Candidate files in the served folder")
def list_candidates(request: Request) -> dict[str, Any]:
    folder = _folder(request)
    return {"folder": folder is not None, "files": folder.names() if folder else []}


@router.get("/workbench/candidates/{name}", response_model=Opened, summary="Open a served candidate file")
def open_candidates(request: Request, name: str) -> Opened | JSONResponse:
    folder = _folder(request)
    try:
        if folder is None:
            raise FileNotFoundError(name)
        document, article = folder.open(name)
    except FileNotFoundError:
        raise HTTPException(
            status.HTTP_404_NOT_FOUND, "no such candidate file in the served folder"
        ) from None
    except InputError as exc:
        return _problems(exc)
    return Opened(name=name, document=document, article=article)


@router.post(
    "/workbench/parse",
    response_model=Opened,
    dependencies=[SameOrigin],
    summary="Read an uploaded candidate file (and its article)",
)
def parse_upload(upload: Annotated[Upload, Body()]) -> Opened | JSONResponse:
    try:
        document = parse_candidates(upload.name, upload.text)
    except InputError as exc:
        return _problems(exc)
    article = None
    if upload.article is not None:
        article = article_text(upload.article_name or "article.txt", upload.article)
    return Opened(name=upload.name, document=document, article=article)


@router.post("/workbench/render", dependencies=[SameOrigin], summary="The reviewed file as YAML")
def render_reviewed(reviewed: Annotated[Reviewed, Body()]) -> dict[str, str]:
    return {"file_name": reviewed_name(reviewed.name), "text": dump_candidates(reviewed.document)}


@router.post(
    "/workbench/merge",
    response_model=MergeResult,
    dependencies=[SameOrigin, Depends(require_api_key)],
    summary="Merge a reviewed candidate file: exactly `scenekg ingest` of it",
)
def merge_reviewed(
    request: Request, store: StoreDep, reviewed: Annotated[Reviewed, Body()]
) -> MergeResult | JSONResponse:
    try:
        merged = merge(store, reviewed.name, reviewed.document, get_settings().batch_size)
    except InputError as exc:
        return _problems(exc)
    folder = _folder(request)
    saved = (
        folder.save(reviewed.name, merged.reviewed) if folder and reviewed.name in folder.names() else None
    )
    return MergeResult(
        summary=merged.summary, file_name=merged.file_name, reviewed=merged.reviewed, saved_as=saved
    )
