"""`scenekg extract`: turn news articles into a candidate file to review, then `scenekg ingest`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from api.cli_queries import connected
from extract import dump, extract_file, store_describer, store_gazetteer
from ingest.candidates import SUFFIX
from model.dataset import RELATIONSHIPS_SECTION

err = Console(stderr=True, soft_wrap=True, emoji=False)


def _summary(path: Path, document: dict[str, Any]) -> str:
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
    return f"{path.name}: entities {entities}; {figures} figures; {rels} relationships"


def _extract(
    articles: Annotated[
        list[Path], typer.Argument(help="Article files: plain text or HTML, UTF-8 or GB18030/GBK.")
    ],
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Candidate file to write (one article), or a folder for several "
            f"(one <name>{SUFFIX} each). Default: print to standard output.",
        ),
    ] = None,
) -> None:
    """Extract entities, figures and relationships from articles into a candidate file to review."""
    with connected() as store:
        gazetteer, describe = store_gazetteer(store), store_describer(store)
        documents = [(path, extract_file(path, gazetteer, describe)) for path in articles]
    to_folder = out is not None and (out.is_dir() or len(articles) > 1)
    if to_folder and out is not None:
        out.mkdir(parents=True, exist_ok=True)
    for index, (path, document) in enumerate(documents):
        text = dump(document)
        if out is None:
            sys.stdout.write(("---\n" if index else "") + text)
        else:
            target = out / f"{path.stem}{SUFFIX}" if to_folder else out
            target.write_text(text, encoding="utf-8")
            err.print(f"wrote {target}", highlight=False)
        err.print(_summary(path, document), highlight=False)


def register(app: typer.Typer) -> None:
    app.command("extract")(_extract)
