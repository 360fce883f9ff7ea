"""Generic words that are not names: a rule, the model or the vocabulary may propose 地方政府,
合资公司, 新技术 or 应用场景清单 as an entity, but they name a kind of thing, not one thing.

A name is generic when it is one of names.yaml's `generic_names`, or when taking name suffixes
(科技, 有限公司, 清单 …) and `generic_modifiers` (信息, 合资, 应用 …) off its end leaves nothing
or a generic name.

>>> is_generic("信息科技"), is_generic("科技股份有限公司"), is_generic("应用场景清单")
(True, True, True)
>>> is_generic("海川智联科技有限公司"), is_generic("江城市数据局")
(False, False)
"""

from __future__ import annotations

from functools import cache

from extract.text import fold_name
from extract.vocab import vocab


@cache
def _heads() -> tuple[str, ...]:
    v = vocab()
    return tuple(sorted({*v.zh_suffixes, *v.generic_modifiers}, key=len, reverse=True))


@cache
def is_generic(name: str) -> bool:
    """Whether `name` names a kind of thing rather than one thing (see the module's doc)."""
    generic = vocab().generic_names
    rest = fold_name(name)
    while rest:
        if rest in generic:
            return True
        head = next((h for h in _heads() if rest.endswith(h)), None)
        if head is None:
            return False
        rest = rest[: -len(head)]
    return True
