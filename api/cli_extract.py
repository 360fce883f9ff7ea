"""`scenekg extract`: turn news articles into a candidate file to review, then `scenekg ingest`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from api.cli_queries import connected
from graph.errors import InputError, Location
from ingest.candidates import SUFFIX
from model.dataset import RELATIONSHIPS_SECTION

err = Console(stderr=True, soft_wrap=True, emoji=False)


def _summary(name: str, document: dict[str, Any]) -> str:
    statuses: dict[str, int] = {}
    figures = 0
    for section, rows in document.items():
        if section in ("candidates_of", "sources", RELATIONSHIPS_SECTION) or not isinstance(rows, list):
            continue
        for row in rows:
            status = row.get("candidate", {}).get("status", "new")
            statuses[status] = statuses.get(status, 0) + 1
            figures += len(row.get("figures", []))
    entities = ", ".join(f"{n} {s}" for s, n in sorted(statuses.items())) or "none"
    rels = len(document.get(RELATIONSHIPS_SECTION, []))
    return f"{name}: entities {entities}; {figures} figures; {rels} relationships"


def _extract(
    articles: Annotated[
        list[Path],
        typer.Argument(
            help="Article files (plain text, Markdown or HTML; UTF-8 or GB18030/GBK) or folders: "
            "a folder is walked for .txt, .md, .html, .htm and .xhtml files.",
        ),
    ],
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="The candidate file to write: one for all the articles, an entity several of "
            f"them name merged into one candidate. An existing folder gets one <name>{SUFFIX} per "
            "article instead. Default: print to standard output.",
        ),
    ] = None,
) -> None:
    """Extract entities, figures and relationships from articles into a candidate file to review."""
    # Imported here: the segmenter and the models load only for the command that uses them.
    from extract import dump, extract_file, store_describer, store_gazetteer
    from extract.batch import article_paths, merge, source_ids

    paths = article_paths(articles)
    if not paths:
        raise InputError(Location(" ".join(map(str, articles))), "no article files (.txt, .md, .html) found")
    with connected() as store:
        gazetteer, describe = store_gazetteer(store), store_describer(store)
        documents = [
            (path, extract_file(path, gazetteer, describe, ident))
            for path, ident in zip(paths, source_ids(paths), strict=True)
        ]
    if out is not None and out.is_dir():
        for path, document in documents:
            target = out / f"{path.stem}{SUFFIX}"
            target.write_text(dump(document), encoding="utf-8")
            err.print(f"wrote {target}", highlight=False)
            err.print(_summary(path.name, document), highlight=False)
        return
    merged = merge([document for _, document in documents])
    if out is None:
        sys.stdout.write(dump(merged))
    else:
        out.write_text(dump(merged), encoding="utf-8")
        err.print(f"wrote {out}", highlight=False)
    named = paths[0].name if len(paths) == 1 else f"{len(paths)} articles"
    err.print(_summary(named, merged), highlight=False)


def register(app: typer.Typer) -> None:
    app.command("extract")(_extract)
