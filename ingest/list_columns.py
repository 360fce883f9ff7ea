"""The header vocabulary of opportunity lists (机会清单) and capability lists (能力清单), once.

Cities publish lists with Chinese headers (序号, 场景名称, 需求单位, 预算(万元) ...); our own
templates used English ones (id, name_zh, budget_cny ...). Both name the same columns, so each
column here has one canonical key and every header accepted for it. data/templates/README.md
tabulates this mapping (a test checks that it lists every header). Headers are compared folded
(NFKC, case-folded, no spaces, no required-marker `*`), so 预算（万元） and "预算 (万元)" meet.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from graph.schema import Domain, RelType
from model.dataset import Capability, Opportunity


@dataclass(frozen=True)
class Column:
    """One column: its canonical key, the headers that name it, and, for a budget, the unit the
    header states (a value in a 预算(万元) column is in 万元)."""

    key: str
    headers: tuple[str, ...]
    unit: str | None = None


def _common(name_headers: tuple[str, ...], description_headers: tuple[str, ...]) -> tuple[Column, ...]:
    return (
        Column("id", ("id", "编号", "项目编号", "清单编号")),
        Column("seq", ("序号",)),
        Column("name_zh", ("name_zh", *name_headers, "名称")),
        Column("name_en", ("name_en", "英文名称")),
        Column("aliases", ("aliases", "别名")),
        Column("description", ("description", *description_headers, "描述", "简介")),
        Column("city", ("city", "所在城市", "城市", "所在地区", "所属地区", "地区")),
        Column("released_by", ("released_by", "所属清单", "发布清单")),
        Column("domain", ("domain", "所属领域", "领域", "应用领域")),
        Column("status", ("status", "状态")),
    )


@dataclass(frozen=True)
class ListKind:
    """A kind of list: the entry model, its technology column and relationship, its columns."""

    model: type[Opportunity] | type[Capability]
    tech_column: str
    tech_rel: RelType
    required: tuple[str, ...]
    columns: tuple[Column, ...]

    def column(self, header: str) -> Column | None:
        """The column a header names, or None."""
        key = fold_header(header)
        return next((c for c in self.columns if key in {fold_header(h) for h in c.headers}), None)

    def headers_for(self, key: str) -> tuple[str, ...]:
        return next(c.headers for c in self.columns if c.key == key)


OPPORTUNITIES = ListKind(
    Opportunity,
    "needs",
    RelType.NEEDS,
    required=("id", "name_zh", "city", "needs"),
    columns=(
        *_common(("场景名称", "机会名称", "项目名称"), ("场景描述", "需求描述")),
        Column("needs", ("needs", "技术需求", "所需技术", "需求技术")),
        Column("demand_unit", ("demand_unit", "需求单位", "需求方")),
        Column("budget", ("budget_cny", "预算(元)", "预算金额(元)"), unit="元"),
        Column("budget", ("预算(万元)", "预算金额(万元)", "投资额(万元)"), unit="万元"),
        Column("budget", ("预算(亿元)", "预算金额(亿元)"), unit="亿元"),
        Column("budget", ("预算", "预算金额")),
        Column("deadline", ("deadline", "截止日期", "截止时间", "征集截止日期")),
    ),
)
CAPABILITIES = ListKind(
    Capability,
    "offers",
    RelType.OFFERS,
    required=("id", "name_zh", "enterprise", "offers"),
    columns=(
        *_common(("能力名称", "产品名称", "解决方案名称"), ("能力描述", "产品描述", "方案简介")),
        Column("offers", ("offers", "技术能力", "核心技术", "可提供技术")),
        Column("enterprise", ("enterprise", "企业名称", "供给单位", "申报单位")),
        Column("enterprise_en", ("enterprise_en", "企业英文名称")),
    ),
)
KINDS = (OPPORTUNITIES, CAPABILITIES)

# Columns some published lists carry that are read past and never stored: contact details are
# personal data, and remarks are free notes, not facts about the entry.
IGNORED_HEADERS = ("联系人", "联系电话", "联系方式", "电子邮箱", "邮箱", "备注")

# Cell values a list may give in Chinese, to the model's values. English values pass as they are.
DOMAIN_VALUES: dict[str, str] = {
    "产业": Domain.INDUSTRY,
    "工业": Domain.INDUSTRY,
    "消费": Domain.CONSUMPTION,
    "社会": Domain.SOCIETY,
    "社会民生": Domain.SOCIETY,
    "城市": Domain.CITY,
    "城市治理": Domain.CITY,
    "数字基础设施": Domain.DIGITAL_INFRASTRUCTURE,
}
STATUS_VALUES: dict[str, str] = {
    "开放": "open",
    "征集中": "open",
    "已对接": "matched",
    "已匹配": "matched",
    "已关闭": "closed",
    "已截止": "closed",
    "示例": "example",
    "可提供": "available",
    "已撤回": "withdrawn",
}


def fold_header(header: str) -> str:
    """The form headers are compared in.

    >>> fold_header(" 预算（万元）* ")
    '预算(万元)'
    """
    text = "".join(unicodedata.normalize("NFKC", header).casefold().split())
    return text.strip("*:")


def kinds_named(headers: list[str]) -> list[ListKind]:
    """The kinds whose technology column (needs, 技术需求 / offers, 技术能力) is among `headers`;
    a header row names exactly one."""
    return [k for k in KINDS if any(_key(k, h) == k.tech_column for h in headers)]


def _key(kind: ListKind, header: str) -> str | None:
    column = kind.column(header)
    return column.key if column else None


def is_ignored(header: str) -> bool:
    return fold_header(header) in {fold_header(h) for h in IGNORED_HEADERS}
