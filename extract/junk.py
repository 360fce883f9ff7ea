"""Generic words that are not names: a rule, the model or the vocabulary may propose 地方政府,
合资公司, 新技术 or 应用场景清单 as an entity, but they name a kind of thing, not one thing.

A name is generic when it is one of names.yaml's `generic_names`, or when taking its name suffix
(科技, 有限公司, 清单 …) and then `generic_modifiers` (信息, 合资, 股份 …) off its end leaves
nothing or a generic name. A name that is a suffix and nothing else (国务院办公厅) is not generic.

>>> is_generic("信息科技"), is_generic("科技股份有限公司"), is_generic("应用场景清单")
(True, True, True)
>>> is_generic("海川智联科技有限公司"), is_generic("江城市数据局"), is_generic("场景对接会")
(False, False, False)
"""

from __future__ import annotations

from functools import cache

from extract.text import fold_name
from extract.vocab import vocab


@cache
def _suffixes() -> tuple[str, ...]:
    return tuple(sorted(vocab().zh_suffixes, key=len, reverse=True))


@cache
def is_generic(name: str) -> bool:
    """Whether `name` names a kind of thing rather than one thing (see the module's doc)."""
    v = vocab()
    rest = fold_name(name)
    if rest in v.generic_names:
        return True
    suffix = next((s for s in _suffixes() if rest.endswith(s) and len(rest) > len(s)), None)
    if suffix is None:
        return False
    rest = rest[: -len(suffix)]
    while rest:
        if rest in v.generic_names:
            return True
        modifier = next((m for m in v.generic_modifiers if rest.endswith(m)), None)
        if modifier is None:
            return False
        rest = rest[: -len(modifier)]
    return True
