"""Generated article text for the extraction speed benchmark: sentences of our own, composed
from the extraction vocabulary (places, technologies, counted nouns, name suffixes) and a
fixed list of made-up firm syllables, so the extractor meets names, figures and triggers at
the density of a news article. No sentence of any real article is used.

The text is deterministic for a seed, and the firms come from a small pool, so the same new
firm is named in many generated articles (what `scenekg extract DIR --out FILE` merges).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator

from extract.vocab import DATA_DIR, vocab
from model.yamlfile import read_yaml

# Syllables that make firm names no real firm is known by; the suffix types them.
_SYLLABLES = "甲乙丙丁岭川泽澜禾岚翊珩琰崧骁晟璟曜瑭"
_FIRM_SUFFIXES = ("科技有限公司", "智能科技", "数据股份有限公司", "机器人公司")
_AGENCY_SUFFIXES = ("数据局", "经信局", "科技局", "发改委")
_YEARS = (2023, 2024, 2025, 2026)


class _Words:
    """The vocabulary the templates draw from."""

    def __init__(self, rng: random.Random) -> None:
        places, _ = read_yaml(DATA_DIR / "places.yaml")
        self.rng = rng
        self.provinces = list(places["provinces"])
        self.cities = list(places["cities"])
        technologies, _ = read_yaml(DATA_DIR / "technologies.yaml")
        self.technologies = [row[0] for row in technologies if row and isinstance(row[0], str)]
        self.nouns = [n for n in vocab().nouns["zh"] if len(n) >= 2]
        pool = random.Random(7)
        self.firms = sorted(
            {"".join(pool.sample(_SYLLABLES, 2)) + pool.choice(_FIRM_SUFFIXES) for _ in range(60)}
        )

    def pick(self, items: list[str]) -> str:
        return self.rng.choice(items)

    def number(self) -> str:
        return str(self.rng.randint(2, 480))


def _sentences(w: _Words) -> Iterator[str]:
    """Sentences in our own wording, one template after another at random."""
    templates: list[Callable[[], str]] = [
        lambda: (
            f"{w.pick(w.cities)}市{w.rng.choice(_AGENCY_SUFFIXES)}发布{w.number()}个{w.pick(w.nouns)}，"
            f"涉及{w.pick(w.technologies)}、{w.pick(w.technologies)}等方向。"
        ),
        lambda: f"{w.pick(w.firms)}与{w.pick(w.firms)}在{w.pick(w.cities)}签约，合作金额约{w.number()}亿元。",
        lambda: (
            f"{w.pick(w.provinces)}省{w.pick(w.cities)}市联合{w.pick(w.firms)}发起成立"
            f"{w.pick(w.cities)}{w.pick(w.technologies)}产业联盟。"
        ),
        lambda: (
            f"到{w.rng.choice(_YEARS)}年，{w.pick(w.cities)}计划建成{w.number()}个"
            f"{w.pick(w.technologies)}应用场景。"
        ),
        lambda: (
            f"{w.pick(w.firms)}加入{w.pick(w.cities)}{w.pick(w.technologies)}创新联盟，"
            f"已有超{w.number()}家企业参与。"
        ),
        lambda: (
            f"{w.pick(w.cities)}举办{w.pick(w.technologies)}场景对接会，"
            f"{w.pick(w.firms)}、{w.pick(w.firms)}等{w.number()}家单位出席。"
        ),
        lambda: (
            f"截至{w.rng.choice(_YEARS)}年底，{w.pick(w.cities)}累计开放{w.number()}项{w.pick(w.nouns)}。"
        ),
    ]
    while True:
        yield w.rng.choice(templates)()


def article(chars: int, seed: int) -> str:
    """About `chars` characters of generated article text, paragraphs of a few sentences."""
    words = _Words(random.Random(seed))
    paragraphs: list[str] = []
    size = 0
    source = _sentences(words)
    while size < chars:
        paragraph = "".join(next(source) for _ in range(words.rng.randint(3, 6)))
        paragraphs.append(paragraph)
        size += len(paragraph) + 2
    return f"{words.pick(words.cities)}场景创新动态（生成文本）\n\n" + "\n\n".join(paragraphs)[:chars]
