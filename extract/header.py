"""Title, publisher and date of a plain-text article, from the lines news pages put around it.

Where pages state them:
- a byline field: `来源：X`, `发布时间：2024-07-31`, `发布于 …`, `Source: X`, `Published: …`,
  `date 2025-02-20`, or a line that is only a date (`2024年08月12日 星期一`);
- a dateline opening the first paragraph: `新华社北京3月1日电`, `某某网重庆4月6日电`,
  `某报5月2日讯`, `某地讯(某报)`, and in English `CITY, Country, Feb. 20, 2025 (AGENCY) --`;
- a reporter's line: `某某新闻记者 张三` (the outlet before 记者; 本报记者 names none), and in
  English `By Jane Doe, Some Daily`;
- the older syndicated form `Publisher·2025-05-13 09:54` under the title, and `据《某报》…`.

The title is the first heading-like line near the top: short, not ending a sentence, and not
site navigation (`首页 > 资讯`) or a widget (`评论 (0)`), a byline, a date, a photo caption
(`…摄`, `…供图`), a column tag (`□…`, `【…】`) or a dateline paragraph. A page whose text has
none gets none (the file name stands in), rather than a wrong one.

Only the first lines are read (`HEAD_LINES`), so a date or outlet quoted in the body is not taken
for the article's own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.vocab import vocab

HEAD_LINES = 12
_LINE_CHARS = 300
_MAX_TITLE = 60
_YMD = r"(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
_FULL_DATE = re.compile(_YMD)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_EN_DATE = re.compile(
    r"\b(?P<mon>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+(?P<d>\d{1,2}),"
    r"\s*(?P<y>(?:19|20)\d{2})\b"
)
# A field label of a byline; its value runs to the next label, a date or the end of the line.
_FIELDS = (
    "来源|來源|报送来源|報送來源|稿源|出处|出處|作者|编辑|編輯|责任编辑|責任編輯|责编|責編|发布时间|發佈時間|"
    "發布時間|发布日期|發布日期|发布于|發布於|时间|時間|日期|点击|點擊|浏览量|瀏覽量|浏览|瀏覽|阅读|閱讀|字号|字號"
)
_SOURCE_LABEL = r"(?:报送来源|報送來源|来源|來源|稿源|出处|出處|Source)\s*[:：]"
_NEXT_FIELD = rf"(?=(?:{_FIELDS})\s*[:：]|(?:19|20)\d{{2}}[-/.年]|$)"
_SOURCE_FIELD = re.compile(rf"{_SOURCE_LABEL}\s*(?P<v>.*?)\s*{_NEXT_FIELD}", re.I)
_FIELD_LINE = re.compile(
    rf"(?:{_FIELDS}|Source|Published|Updated|Posted)\s*[:：]|^\s*(?:发布于|發布於|Published|date)\b", re.I
)
_DATE_ONLY = re.compile(rf"^\s*{_YMD}\s*(?:\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?\s*(?:星期.|周.|週.)?\s*$")
# 新华社北京3月1日电, 某某网重庆4月6日电, 某报5月2日讯: an outlet, perhaps a place, a day, 电 or 讯.
_DATELINE = re.compile(
    r"^\s*(?P<who>[\u4e00-\u9fffA-Za-z]{2,14}?)(?:记者|記者)?\s*(?:\d{1,2}月\d{1,2}日)(?:电|電|讯|訊)"
)
_AREA_NEWS = re.compile(
    r"^\s*[\u4e00-\u9fff]{1,8}(?:讯|訊)\s*[(（](?P<who>[^()（）]{2,20})[)）]"
)  # 某地讯(某报)
_EN_DATELINE = re.compile(r"\((?P<who>[A-Z][A-Za-z0-9 .&'-]{1,40})\)\s*(?:--|—|–)")
_REPORTER = re.compile(r"^\s*(?P<who>[\u4e00-\u9fff]{2,12}?)(?:记者|記者)\s*\S{1,8}\s*$")
_STAFF = re.compile(r"^\s*(?:通讯员|通訊員|记者|記者|实习生|實習生|作者|编辑|編輯|摄影|攝影)\s*\S")
# "By Jane Doe, Some Daily" / "By Jane Doe | Some Daily": the outlet after the writer, if named.
_EN_BY = re.compile(r"^\s*By\s+[A-Z][^,|]{1,60}(?:[,|]\s*(?P<who>[A-Z][^,|]{2,60}?))?\s*$")
_OWN_PAPER = ("本报", "本報", "本刊", "本台", "本网", "本網", "通讯员", "通訊員")
_SYNDICATED = re.compile(r"^(?P<publisher>[^\n·]{2,40})·(?P<date>\d{4}-\d{2}-\d{2})(?:\s+\d{1,2}:\d{2})?\s*$")
_CITED = re.compile(r"^(?:据|據)《(?P<name>[^》\n]{2,30})》")
_NAVIGATION = re.compile(r"首页|首頁|^\s*home\b|[>»›]|当前位置|當前位置|您的位置", re.I)
# a page's widgets: 评论 (0), 点赞(12), Share (3)
_WIDGET = re.compile(r"^\S{1,8}\s*[(（]\d+[)）]$")
_CAPTION_END = ("摄", "攝", "供图", "供圖", "图", "圖", "photo")
_MARKERS = "□■◎●○◆◇▲△★☆【[〔"
_NOT_TITLES = {"编者按", "导读", "摘要", "正文", "原标题", "原標題", "編者按", "導讀"}


@dataclass(frozen=True)
class Header:
    title: str | None
    publisher: str | None
    published: str | None


def _iso(y: str, m: str, d: str) -> str | None:
    month, day = int(m), int(d)
    return f"{y}-{month:02d}-{day:02d}" if 1 <= month <= 12 and 1 <= day <= 31 else None


def line_date(line: str) -> str | None:
    """A full date a line states (2024-07-31, 2024年7月31日, Feb. 20, 2025), as YYYY-MM-DD.

    >>> line_date("发布时间：2023年5月6日 09:30"), line_date("SHANGHAI, March 3, 2021 (X) --")
    ('2023-05-06', '2021-03-03')
    >>> line_date("2024年13月2日") is None  # not a day of any year
    True
    """
    found = _FULL_DATE.search(line)
    if found:
        return _iso(found["y"], found["m"], found["d"])
    english = _EN_DATE.search(line)
    if english:
        return _iso(english["y"], str(_MONTHS.index(english["mon"][:3].lower()) + 1), english["d"])
    return None


def _byline(line: str) -> bool:
    return bool(
        _FIELD_LINE.search(line) or _DATE_ONLY.match(line) or _SYNDICATED.match(line) or _EN_BY.match(line)
    )


def _without_place(who: str) -> str:
    """新华社北京 -> 新华社: an outlet in a dateline is followed by the place it filed from."""
    v = vocab()
    for place in sorted({*v.cities, *v.provinces}, key=len, reverse=True):
        for written in (place + "市", place):
            if who.endswith(written) and len(who) - len(written) >= 2:
                return who[: -len(written)]
    return who


def _publisher(line: str, first: bool) -> str | None:
    """The outlet a line names: a source field, a dateline, a reporter's line, 据《…》."""
    field = _SOURCE_FIELD.search(line)
    if field and field["v"].strip():
        return field["v"].split()[-1].strip("《》")
    for pattern in (_AREA_NEWS, _DATELINE, _REPORTER):
        found = pattern.match(line)
        if found and not found["who"].startswith(_OWN_PAPER):
            return _without_place(found["who"]) if pattern is _DATELINE else found["who"].strip()
    if first or line.lstrip().lower().startswith("date"):
        english = _EN_DATELINE.search(line)
        if english:
            return english["who"].strip()
    by = _EN_BY.match(line)
    if by and by["who"]:
        return by["who"].strip()
    cited = _CITED.match(line)
    return cited["name"] if cited else None


def _heading(line: str) -> bool:
    """A line that may be a title: short, not a sentence, and none of the page's furniture."""
    if len(line) > _MAX_TITLE or line.lower() in _NOT_TITLES or line[0] in _MARKERS:
        return False
    if line[-1] in "。.!！?？;；,，:：" or line.lower().endswith(_CAPTION_END):
        return False
    if _NAVIGATION.search(line) or _WIDGET.match(line) or _byline(line) or _REPORTER.match(line):
        return False
    if _STAFF.match(line):
        return False
    if _DATELINE.match(line) or _AREA_NEWS.match(line):
        return False
    if "，" in line or ("," in line and not line.isascii()):  # a clause, not a heading
        return False
    return not line.isascii() or len(line.split()) <= 16


def read_header(text: str) -> Header:
    """Title, publisher and date from the first lines of a plain-text article (module doc)."""
    # a line's first _LINE_CHARS are all a byline can hold: the rules never scan a whole huge line
    lines = [line.strip()[:_LINE_CHARS] for line in text.splitlines() if line.strip()]
    lines = lines[:HEAD_LINES]
    title = publisher = published = None
    for index, line in enumerate(lines):
        syndicated = _SYNDICATED.match(line)
        if syndicated:
            publisher, published = syndicated["publisher"].strip(), syndicated["date"]
            if index > 0 and len(lines[index - 1]) <= 80:
                title = lines[index - 1]
            break
        if published is None and (_byline(line) or _EN_DATELINE.search(line)):
            published = line_date(line)
        if publisher is None:
            publisher = _publisher(line, index == 0)
    if title is None:
        title = next((line for line in lines if _heading(line)), None)
    return Header(title, publisher, published)
