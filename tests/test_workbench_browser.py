"""The analyst's workbench at `/` in a real headless Chromium (Debian's, driven by playwright)
against uvicorn on a free loopback port and the real embedded server: search and dossier, the
path finder, and the review of a candidate file of our own (accept, reject, edit, resolve an
ambiguous one) merged into the graph and found again in the dossier with its citation. Every
page checks that no request leaves the served origin, no console error and no dialog appears.
Screenshots go to tests/artifacts/ (git-ignored)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
import uvicorn
import yaml
from playwright.sync_api import Browser, Page, expect

from api import server as api_server
from api.app import create_app
from api.deps import ApiSettings
from graph import embedded
from graph.settings import Settings
from graph.store import GraphStore
from ingest.pipeline import ingest
from tests.conftest import CURATED, wipe
from tests.test_views_browser import browser, screenshot  # noqa: F401  (browser is a fixture)

pytestmark = pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="needs /usr/bin/chromium")

KEY = "workbench-test-key-0123456789"
HOSTILE = "<img src=x onerror=alert(1)>"
SOURCE = "source:wb-test-article"
CHOICES = ["district:zhangjiang", "district:jinqiao"]  # what the ambiguous mention may be
# Our own sentences, about an alliance that does not exist anywhere else.
SENTENCES = [
    "合肥市与唐山市共同发起成立了星河场景创新联盟。",
    "星河场景创新联盟在合肥市发布了120个应用场景。",
    "北京智慧云科技有限公司加入星河场景创新联盟。",
    "浦东园区为星河场景创新联盟提供了试验场地。",
    "报道还提到一家名为<img src=x onerror=alert(1)>的公司。",
]
ARTICLE = "\n\n".join(SENTENCES) + "\n"
HOSTILE_DATASET = f"""\
sources:
  - id: source:wb-hostile
    title: "{HOSTILE}"
cities:
  - id: city:wb-hostile
    name_zh: "{HOSTILE}恶意市"
    name_en: "<script>alert(2)</script>"
    sources: ["source:wb-hostile#p1"]
"""


def _span(sentence: int, mention: str) -> tuple[list[int], str]:
    """The article offsets of `mention` in sentence number `sentence`, and that sentence's citation."""
    start = ARTICLE.index(SENTENCES[sentence])
    at = start + SENTENCES[sentence].index(mention)
    return [at, at + len(mention)], f"{SOURCE}#c{start}-{start + len(SENTENCES[sentence])}"


def _meta(sentence: int, mention: str, **extra: object) -> str:
    """A `candidate:` block as flow YAML (JSON is YAML)."""
    span, _ = _span(sentence, mention)
    fields = {"confidence": 0.7, "mention": mention, "span": span, "sentence": SENTENCES[sentence], **extra}
    return json.dumps(fields, ensure_ascii=False)


def _cite(sentence: int) -> str:
    return _span(sentence, SENTENCES[sentence][:2])[1]


def candidate_file() -> str:
    """A candidate file in `scenekg extract`'s format for ARTICLE, written by hand: the figure's
    value is misread (12) for the reviewer to correct, the district is ambiguous."""
    return f"""\
candidates_of: {SOURCE}
sources:
- id: {SOURCE}
  title: 星河联盟测试报道
  kind: article
  file: wb-test-article.txt
cities:
- id: city:hefei
  name_zh: 合肥市
  name_en: Hefei
  sources: ["{_cite(0)}"]
  candidate: {_meta(0, "合肥市", status="existing", resolves_to="city:hefei")}
- id: city:tangshan
  name_zh: 唐山市
  name_en: Tangshan
  sources: ["{_cite(0)}"]
  candidate: {_meta(0, "唐山市", status="existing", resolves_to="city:tangshan")}
alliances:
- id: alliance:xinghe-changjing-chuangxin-lianmeng
  name_zh: 星河场景创新联盟
  name_en: Xinghe Changjing Chuangxin Lianmeng
  sources: ["{_cite(0)}", "{_cite(1)}"]
  figures:
  - measure: application_scenarios
    label_zh: 应用场景
    label_en: Application scenarios
    value: 12
    unit: scenario
    qualifier: exact
    stated: 120个
    sources: ["{_cite(1)}"]
    candidate: {_meta(1, "120个")}
  candidate: {_meta(0, "星河场景创新联盟", status="new", resolves_to=None)}
enterprises:
- id: enterprise:beijing-zhihui-yun
  name_zh: 北京智慧云科技有限公司
  name_en: Beijing Zhihui Yun
  sources: ["{_cite(2)}"]
  candidate: {_meta(2, "北京智慧云科技有限公司", status="new", resolves_to=None)}
- id: enterprise:wb-hostile
  name_zh: "{HOSTILE}"
  name_en: "{HOSTILE}"
  sources: ["{_cite(4)}"]
  candidate: {_meta(4, HOSTILE, status="new", resolves_to=None)}
districts:
- id: district:pudong-yuanqu
  name_zh: 浦东园区
  name_en: Pudong Yuanqu
  sources: ["{_cite(3)}"]
  candidate: {_meta(3, "浦东园区", status="ambiguous", resolves_to=CHOICES)}
relationships:
- {{type: MEMBER_OF, from: city:hefei, to: alliance:xinghe-changjing-chuangxin-lianmeng, role: initiator,
   sources: ["{_cite(0)}"], candidate: {_meta(0, SENTENCES[0])}}}
- {{type: MEMBER_OF, from: city:tangshan, to: alliance:xinghe-changjing-chuangxin-lianmeng, role: initiator,
   sources: ["{_cite(0)}"], candidate: {_meta(0, SENTENCES[0])}}}
- {{type: MEMBER_OF, from: enterprise:beijing-zhihui-yun, to: alliance:xinghe-changjing-chuangxin-lianmeng,
   role: member, sources: ["{_cite(2)}"], candidate: {_meta(2, SENTENCES[2])}}}
- {{type: LOCATED_IN, from: alliance:xinghe-changjing-chuangxin-lianmeng, to: district:pudong-yuanqu,
   sources: ["{_cite(3)}"], candidate: {_meta(3, SENTENCES[3])}}}
"""


@dataclass
class Served:
    origin: str
    folder: Path
    store: GraphStore


@pytest.fixture(scope="module")
def served(
    settings: Settings, server_store: GraphStore, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Served]:
    """The curated dataset and a hostile city in the graph, the candidate file and its article in
    the served folder, the app under uvicorn with `scenekg serve`'s options."""
    wipe(server_store)
    folder = tmp_path_factory.mktemp("candidates")
    (folder / "hostile.yaml").write_text(HOSTILE_DATASET, encoding="utf-8")
    ingest(server_store, [CURATED, folder / "hostile.yaml"], batch_size=500)
    (folder / "hostile.yaml").unlink()
    (folder / "wb-test-article.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "wb-test-article.candidates.yaml").write_text(candidate_file(), encoding="utf-8")
    port = embedded.free_port()
    options = api_server.uvicorn_options("127.0.0.1", port, workers=1)
    for key in ("factory", "workers"):
        options.pop(key)
    config = ApiSettings(SCENEKG_API_KEY=KEY, SCENEKG_CANDIDATES_DIR=folder)
    server = uvicorn.Server(uvicorn.Config(create_app(settings, config), **options))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(600):
        if server.started or not thread.is_alive():
            break
        time.sleep(0.05)
    assert server.started
    yield Served(f"http://127.0.0.1:{port}", folder, server_store)
    server.should_exit = True
    thread.join(timeout=30)
    wipe(server_store)


@dataclass
class Watched:
    page: Page
    errors: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@pytest.fixture
def workbench(browser: Browser, served: Served) -> Iterator[Watched]:  # noqa: F811
    page = browser.new_page(viewport={"width": 1500, "height": 1000})
    watched = Watched(page)
    page.on("console", lambda m: watched.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: watched.errors.append(str(e)))
    page.on(
        "request", lambda r: None if r.url.startswith(served.origin + "/") else watched.foreign.append(r.url)
    )
    page.on("dialog", lambda d: (watched.dialogs.append(d.message), d.dismiss()))
    page.goto(served.origin + "/")
    expect(page.locator("#q")).to_be_visible()
    yield watched
    page.close()
    assert watched.foreign == [], "requests left the page"
    assert watched.errors == [], "console errors"
    assert watched.dialogs == [], "a script opened a dialog"


def test_typing_a_name_lists_hits_by_kind_and_opens_the_dossier(workbench: Watched) -> None:
    page = workbench.page
    page.fill("#q", "合肥")
    expect(page.locator('#results .group[data-kind="City"] .hit[data-id="city:hefei"]')).to_be_visible()
    assert page.locator("#results .group").count() >= 2  # cities, districts, alliances ... apart
    screenshot(page, "workbench-1-search")
    page.click('#results .hit[data-id="city:hefei"]')
    dossier = page.locator('#dossier .dossier[data-id="city:hefei"]')
    expect(dossier.locator("h2")).to_have_text("合肥市 · Hefei")
    assert dossier.locator("table.figures tr.figure").count() >= 1
    assert dossier.locator(".neighbours").count() >= 1
    assert dossier.locator(".section").count() >= 1  # the city's districts, initiatives ...
    expect(dossier.locator(".sources .cite").first).to_contain_text("source:")
    # Section titles are the vocabulary's names, never raw keys.
    expect(dossier.locator('.part[data-part="city"] > h3')).to_have_text("城市概况")
    expect(dossier.locator('.section[data-section="initiatives"] h4')).to_contain_text("举措")
    expect(dossier.locator('.neighbours[data-type="MatchingEvent"] h4')).to_contain_text("对接活动")
    expect(page.locator('#results .group[data-kind="City"] h4')).to_contain_text("城市")
    screenshot(page, "workbench-2-dossier")
    page.click("#lang")
    expect(page.locator('[data-tab="paths"]')).to_have_text("Path finder")
    expect(dossier.locator('.section[data-section="initiatives"] h4')).to_contain_text("Initiatives")
    expect(dossier.locator('.neighbours[data-type="MatchingEvent"] h4')).to_contain_text("Matching event")
    screenshot(page, "workbench-2b-dossier-english")
    page.click("#lang")
    expect(page.locator('[data-tab="paths"]')).to_have_text("关系路径")


def _node_point(page: Page, ident: str) -> tuple[float, float]:
    """Where node `ident` of the embedded view is drawn on the page (scrolled into sight)."""
    page.locator("#nbnet").scroll_into_view_if_needed()
    box = page.locator("#nbnet").bounding_box()
    assert box is not None
    at = page.evaluate(
        "(id) => { const n = WB.neighbourhood.view().network; return n.canvasToDOM(n.getPosition(id)); }",
        ident,
    )
    return box["x"] + at["x"], box["y"] + at["y"]


def test_the_neighbourhood_view_grows_by_click_and_opens_a_dossier_on_double_click(
    workbench: Watched, served: Served
) -> None:
    page = workbench.page
    page.fill("#q", "合肥")
    page.click('#results .hit[data-id="city:hefei"]')
    view = page.locator("#nbhd")
    expect(view).to_have_attribute("data-settled", "true", timeout=60_000)
    first = httpx.get(f"{served.origin}/workbench/neighbourhood/city:hefei", timeout=30).json()
    shown = {node["id"] for node in first["nodes"]}
    expect(view).to_have_attribute("data-nodes", str(len(shown)))
    # A neighbour whose own neighbours are not all in the view yet: clicking it adds them.
    grows = next(
        (ident, len({n["id"] for n in more["nodes"]} - shown))
        for ident in sorted(shown - {"city:hefei"})
        if (more := httpx.get(f"{served.origin}/workbench/neighbourhood/{ident}", timeout=30).json())
        and {n["id"] for n in more["nodes"]} - shown
    )
    screenshot(page, "workbench-2c-neighbourhood")
    page.mouse.click(*_node_point(page, grows[0]))
    expect(view).to_have_attribute("data-nodes", str(len(shown) + grows[1]), timeout=30_000)
    assert grows[0] in (view.get_attribute("data-expanded") or "").split()
    expect(view).to_have_attribute("data-settled", "true", timeout=60_000)
    count = page.evaluate("WB.neighbourhood.view().edges.length")
    assert count >= len(first["edges"])
    page.hover("#nbnet", position={"x": 5, "y": 5})
    x, y = _node_point(page, grows[0])
    page.mouse.move(x, y)
    expect(page.locator("div.vis-tooltip .tip-head")).to_be_visible()
    screenshot(page, "workbench-2d-neighbourhood-expanded")
    page.mouse.dblclick(x, y)
    expect(page.locator(f'#dossier .dossier[data-id="{grows[0]}"]')).to_be_visible()
    expect(view).to_have_attribute("data-nodes", str(len(shown) + grows[1]))  # the view stays as grown
    page.click("#nb-reset")
    expect(view).to_have_attribute("data-nodes", str(len(shown)), timeout=30_000)
    labels = "WB.neighbourhood.view().edges.get().map((e) => e.label)"
    assert "位于" in page.evaluate(labels)  # relationship types by name, not by key
    page.click("#lang")
    assert "located in" in page.evaluate(labels) and "LOCATED_IN" not in page.evaluate(labels)
    page.click("#lang")


def test_the_path_finder_shows_the_shortest_and_alternative_chains_with_citations(
    workbench: Watched, served: Served
) -> None:
    page = workbench.page
    answer = httpx.get(f"{served.origin}/paths", params={"a": "唐山", "b": "北京", "k": 3}, timeout=30).json()
    assert len(answer["paths"]) >= 2
    page.click('[data-tab="paths"]')
    page.fill("#path-a", "唐山")
    page.fill("#path-b", "北京")
    page.fill("#path-k", "3")
    page.click("#path-go")
    paths = page.locator("#paths .path")
    expect(paths).to_have_count(len(answer["paths"]))
    first = paths.first.locator(".hop")
    assert first.count() == 1
    expect(first.first).to_have_attribute("data-type", "COLLABORATES_WITH")
    expect(first.first.locator(".arrow")).to_contain_text("合作")  # the type's name, not its key
    expect(first.first.locator(".cite")).to_contain_text("source:")
    for i, path in enumerate(answer["paths"]):
        hops = paths.nth(i).locator(".hop")
        expect(hops).to_have_count(len(path["hops"]))
        for j, step in enumerate(path["hops"]):
            evidence = hops.nth(j).locator(".hop-evidence .evidence")
            expect(evidence).to_have_count(len(step["sources"]))  # every hop cited
            for n, source in enumerate(step["sources"]):
                expect(evidence.nth(n).locator(".cite")).to_contain_text(source["citation"])
                passages = evidence.nth(n).locator(".passage:not(.passage-en)")
                if source.get("passage"):  # the API gives the passage: it is shown under the hop
                    expect(passages).to_contain_text(source["passage"])
                else:
                    expect(passages).to_have_count(0)
    screenshot(page, "workbench-3-paths")


def test_hostile_names_are_shown_as_text(workbench: Watched) -> None:
    page = workbench.page
    page.fill("#q", "恶意市")
    hit = page.locator('#results .hit[data-id="city:wb-hostile"]')
    expect(hit).to_contain_text(HOSTILE)
    hit.click()
    expect(page.locator("#dossier h2")).to_contain_text(HOSTILE + "恶意市")
    expect(page.locator("#dossier .cite").first).to_contain_text(HOSTILE)
    assert page.locator("#dossier img, #results img, #dossier script").count() == 0
    view = page.locator("#nbhd")
    expect(view).to_have_attribute("data-settled", "true", timeout=60_000)
    page.mouse.move(*_node_point(page, "city:wb-hostile"))
    expect(page.locator("div.vis-tooltip .tip-head")).to_contain_text(HOSTILE)
    # A passage is text too, whatever it holds.
    page.evaluate(
        """(text) => document.getElementById("dossier").append(
             WB.cite({citation: "source:wb-hostile#p1", passage: text, span: [0, 4]}))""",
        HOSTILE,
    )
    expect(page.locator("#dossier .passage").last).to_have_text(f"“{HOSTILE}”")
    page.evaluate(
        """(text) => document.getElementById("dossier").append(WB.cite({citation: "source:wb-hostile#p2",
             passage: text, passage_en: text, passage_kind: "paraphrase"}))""",
        HOSTILE,
    )
    # our own words are not quoted
    expect(page.locator('#dossier .passage[data-kind="paraphrase"]')).to_have_text(HOSTILE)
    expect(page.locator("#dossier .passage-en").last).to_have_text(HOSTILE)
    assert page.locator("#dossier img, #nbhd img, .vis-tooltip img").count() == 0
    screenshot(page, "workbench-4-hostile")


def _decide(page: Page, key: str, position: int) -> None:
    """Press `key` on the card at `position` (1-based) and wait for the next card."""
    expect(page.locator("#card h3")).to_contain_text(f" {position}/")
    page.locator("body").press(key)


def _edit(page: Page, index: int, value: str) -> None:
    box = page.locator("#editor input").nth(index)
    box.fill(value)
    box.press("Enter")


def test_a_reviewed_candidate_file_merges_and_its_facts_appear_in_the_dossier(
    workbench: Watched, served: Served
) -> None:
    page = workbench.page
    page.click('[data-tab="review"]')
    page.select_option("#folder-files", "wb-test-article.candidates.yaml")
    expect(page.locator("#progress")).to_contain_text("0/11")
    expect(page.locator("#article mark")).to_have_text("合肥市")
    expect(page.locator("#article .sentence")).to_contain_text(SENTENCES[0])
    expect(page.locator("#card .type")).to_have_text("城市 · City")
    expect(page.locator("#card .candidate-status")).to_have_text("图谱中已有 → city:hefei")
    assert page.locator("#editor select").is_disabled()  # an entity of the graph keeps its type
    screenshot(page, "workbench-5-review-start")
    _decide(page, "a", 1)  # 合肥市, existing
    _decide(page, "a", 2)  # 唐山市, existing
    expect(page.locator("#card")).to_contain_text("星河场景创新联盟")
    page.locator("body").press("e")
    expect(page.locator("#editor input").first).to_be_focused()
    _edit(page, 1, "Xinghe Scenario Innovation Alliance")
    _decide(page, "a", 3)
    expect(page.locator("#article mark")).to_have_text("120个")
    _edit(page, 0, "120")  # the value was misread as 12
    expect(page.locator("#card")).to_contain_text("120 scenario")
    _decide(page, "a", 4)
    options = page.locator("#editor select option")
    assert options.evaluate_all("os => os.map(o => o.value)") == [
        "provinces", "cities", "districts", "alliances", "enterprises", "agencies", "technologies",
        "scenarios", "initiatives", "policies", "matching_events", "opportunities", "capabilities",
    ]  # fmt: skip
    expect(page.locator("#editor select option:checked")).to_have_text("企业 · Enterprise")
    page.select_option("#editor select", "agencies")  # a type edit renames the id's prefix
    expect(page.locator("#card")).to_contain_text("agency:beijing-zhihui-yun")
    page.select_option("#editor select", "enterprises")
    expect(page.locator("#card")).to_contain_text("enterprise:beijing-zhihui-yun")
    _decide(page, "r", 5)  # 北京智慧云科技有限公司: rejected
    expect(page.locator("#card")).to_contain_text(HOSTILE)
    expect(page.locator("#article mark")).to_have_text(HOSTILE)
    screenshot(page, "workbench-6-review-hostile")
    _decide(page, "r", 6)
    expect(page.locator("#choices .choose")).to_have_count(2)
    expect(page.locator("#card .type")).to_have_text("区县 · District")
    expect(page.locator("#card .candidate-status")).to_have_text("有歧义")
    page.locator("body").press("a")  # refused: an ambiguous entry must be resolved first
    expect(page.locator("#merge-out .error")).to_be_visible()
    page.click('#choices .look[data-id="district:zhangjiang"]')
    expect(page.locator("#side-dossier h2")).to_contain_text("张江 · Zhangjiang")
    expect(page.locator("#choices li").first).to_contain_text("张江 · Zhangjiang")
    screenshot(page, "workbench-7-review-ambiguous")
    page.click('#choices .choose[data-id="district:zhangjiang"]')
    for position in range(8, 12):  # the four relationships; the rejected enterprise's falls away
        _decide(page, "a", position)
    expect(page.locator("#progress")).to_contain_text("11/11")
    page.fill("#apikey", KEY)
    page.click("#rv-merge")
    merged = page.locator("#merge-out .merged")
    expect(merged).to_contain_text("wb-test-article.reviewed.candidates.yaml")
    # The alliance, its figure and the article's Source are new; three places gain a citation;
    # two memberships, the alliance's place and its figure are new relationships.
    expect(merged).to_contain_text("节点：新建 3，更新 3，未变 0；关系：新建 4，更新 0，未变 0")
    screenshot(page, "workbench-8-merged")
    with page.expect_download() as download:
        page.click("#rv-download")
    saved = served.folder / "wb-test-article.reviewed.candidates.yaml"
    assert Path(download.value.path()).read_text(encoding="utf-8") == saved.read_text(encoding="utf-8")
    reviewed = yaml.safe_load(saved.read_text(encoding="utf-8"))
    assert "enterprises" not in reviewed
    assert [r["from"] for r in reviewed["relationships"]] == [
        "city:hefei",
        "city:tangshan",
        reviewed["alliances"][0]["id"],
    ]
    assert reviewed["districts"][0]["candidate"]["resolves_to"] == "district:zhangjiang"
    assert reviewed["alliances"][0]["figures"][0]["value"] == 120
    again = ingest(served.store, [saved], batch_size=500)  # `scenekg ingest` of the saved file: nothing new
    assert again.total("nodes").created == 0 and again.total("relationships").created == 0

    page.click('[data-tab="explore"]')
    page.fill("#q", "星河")
    page.click('#results .hit[data-id="alliance:xinghe-changjing-chuangxin-lianmeng"]')
    dossier = page.locator("#dossier .dossier")
    expect(dossier.locator("h2")).to_have_text("星河场景创新联盟 · Xinghe Scenario Innovation Alliance")
    figure = dossier.locator("tr.figure").first
    expect(figure).to_contain_text("120")
    _, citation = _span(1, "120个")
    expect(figure.locator(".cite")).to_contain_text(citation)
    profile = httpx.get(
        f"{served.origin}/entities/{reviewed['alliances'][0]['id']}/profile", timeout=30
    ).json()
    cited = next(c for f in profile["figures"] for c in f["sources"] if c["citation"] == citation)
    if "passage" in cited:  # merged article facts carry their sentence (the `evidence` change)
        assert cited["passage"] == SENTENCES[1]
        expect(figure.locator(".passage:not(.passage-en)")).to_have_text(f"“{SENTENCES[1]}”")
    expect(dossier.locator('.ent[data-id="city:hefei"]').first).to_be_visible()
    expect(dossier.locator('.neighbours[data-type="City"] .tie').first).to_contain_text("加入 (发起方)")
    assert dossier.locator("table.figures td.owner").count() == 0  # its own figure: no owner column
    expect(dossier.locator('.ent[data-id="district:zhangjiang"]').first).to_be_visible()
    expect(dossier.locator(".cite", has_text=_cite(3)).first).to_be_visible()
    screenshot(page, "workbench-9-new-facts")
    page.fill("#q", "智慧云科技")
    expect(page.locator("#results")).not_to_contain_text("北京智慧云科技有限公司")


def test_an_uploaded_candidate_file_and_article_open_for_review(workbench: Watched, served: Served) -> None:
    page = workbench.page
    page.click('[data-tab="review"]')
    page.set_input_files("#article-file", str(served.folder / "wb-test-article.txt"))
    page.set_input_files("#cand-file", str(served.folder / "wb-test-article.candidates.yaml"))
    expect(page.locator("#progress")).to_contain_text("0/11")
    page.locator("body").press("j")
    expect(page.locator("#article mark")).to_have_text("唐山市")
    expect(page.locator("#article")).to_contain_text(SENTENCES[4])  # the whole article beside it
    screenshot(page, "workbench-5b-review-uploaded")


def test_writes_need_the_key_the_header_and_the_same_origin(served: Served) -> None:
    document = {"name": "x.candidates.yaml", "document": {"candidates_of": SOURCE}}
    url = f"{served.origin}/workbench/merge"
    guard = {"X-SceneKG-Workbench": "1", "X-API-Key": KEY}
    refused = [
        httpx.post(url, json=document, headers={"X-API-Key": KEY}),  # no custom header
        httpx.post(url, json=document, headers={**guard, "Origin": "http://evil.example"}),
        httpx.post(url, json=document, headers={**guard, "Sec-Fetch-Site": "cross-site"}),
    ]
    assert [r.status_code for r in refused] == [403, 403, 403]
    assert httpx.post(url, json=document, headers={"X-SceneKG-Workbench": "1"}).status_code == 401
    unresolved = yaml.safe_load(
        (served.folder / "wb-test-article.candidates.yaml").read_text(encoding="utf-8")
    )
    answer = httpx.post(
        url,
        json={"name": "wb-test-article.candidates.yaml", "document": unresolved},
        headers={**guard, "Origin": served.origin},
        timeout=60,
    )
    assert answer.status_code == 422
    problems = answer.json()["problems"]
    assert any("wb-test-article.reviewed.candidates.yaml" in p and "ambiguous" in p for p in problems)
    page = httpx.get(served.origin + "/")
    policy = page.headers["content-security-policy"]
    assert "script-src 'self';" in policy and "connect-src 'self';" in policy and "unsafe" not in policy
    assert "frame-src" not in policy  # no frames: default-src 'none' refuses them
    # vis-network comes from the installed pyvis package through this origin; nothing else is served.
    vis = httpx.get(served.origin + "/workbench/static/vis-network.min.js")
    assert vis.status_code == 200 and vis.headers["content-type"].startswith("text/javascript")
    assert httpx.get(served.origin + "/workbench/static/vocabulary.py").status_code == 404


def test_a_note_from_another_article_of_the_file_shows_its_own_sentence(
    workbench: Watched, served: Served
) -> None:
    """A file of several articles (`scenekg extract DIR`) opens beside its first article; a note
    whose span is in another article shows that article's sentence, not a wrong mark."""
    document = yaml.safe_load(candidate_file())
    other = "source:wb-other"
    document["candidates_of"] = [SOURCE, other]
    document["sources"].append({"id": other, "title": "另一篇", "kind": "article", "file": "wb-other.txt"})
    hefei, tangshan = document["cities"]
    hefei["candidate"]["source"] = SOURCE
    sentence = "另一篇报道写到，唐山市也在试点。"
    at = sentence.index("唐山市")
    tangshan["sources"] = [f"{other}#c0-{len(sentence)}"]
    tangshan["candidate"].update(source=other, sentence=sentence, span=[at, at + 3])
    path = served.folder / "wb-two-articles.candidates.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    try:
        page = workbench.page
        page.reload()
        page.click('[data-tab="review"]')
        page.select_option("#folder-files", path.name)
        expect(page.locator("#article mark")).to_have_text("合肥市")
        page.locator("body").press("j")
        expect(page.locator("#article mark")).to_have_text("唐山市")
        expect(page.locator("#article .sentence")).to_have_text(sentence)
        expect(page.locator("#article")).not_to_contain_text(SENTENCES[4])
    finally:
        path.unlink()
