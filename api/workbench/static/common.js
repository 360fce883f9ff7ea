/* The workbench's shared helpers: interface labels in Chinese and English, DOM building that
   only ever sets text (never HTML), and calls to this origin's API. */
"use strict";
const WB = (function () {
  const LABELS = {
    zh: {
      title: "场景创新知识图谱 · 工作台", tab_explore: "检索与档案", tab_paths: "关系路径", tab_review: "审核队列",
      api_key: "API 密钥", search_ph: "名称、别名或拼音", dossier_hint: "输入名称，选择一个实体查看档案。",
      neighbourhood: "邻域", nb_hint: "单击节点：展开它的邻居；双击：打开它的档案", fit: "适应窗口", reset: "重新开始",
      nb_count: "{n} 个实体 · {e} 条关系", path_from: "起点", path_to: "终点",
      alternatives: "备选路径数", trace: "查找路径", candidate_file: "候选文件", article_file: "原文（可选）",
      prev: "上一条 (k)", accept: "接受 (a)", reject: "拒绝 (r)", edit: "编辑 (e)", next: "下一条 (j)",
      merge: "合并入图谱", download: "下载审核后的文件", article: "原文", no_results: "没有结果",
      figures: "关键数据", places: "所在地", neighbours: "关系", sources: "出处", properties: "属性", aliases: "别名",
      no_path: "两者之间没有路径", path: "路径", hops: "跳", shortest: "最短", hops_now: "跳数",
      not_found: "未找到", did_you_mean: "您是否要找：", ambiguous: "名称对应多个实体：",
      progress: "已审核 {done}/{total}：接受 {acc}，拒绝 {rej}", accepted: "已接受", rejected: "已拒绝",
      pending: "待审核", entity: "实体", figure: "数据", relationship: "关系", status: "状态",
      confidence: "置信度", mention: "提及", choose: "选用此实体", show_dossier: "查看档案",
      as_new: "作为新实体", resolve_first: "请先为这个有歧义的实体选择一个已有实体，或作为新实体。",
      name_zh: "中文名称", name_en: "英文名称", type: "类型", value: "数值", unit: "单位", role: "角色",
      merged: "已合并", refused: "拒绝合并", nodes_line: "节点：新建 {c}，更新 {u}，未变 {n}；关系：新建 {rc}，更新 {ru}，未变 {rn}",
      saved_as: "审核后的文件已保存为", left_out: "未接受的 {n} 条不会合并", no_article: "没有原文：只显示句子",
      resolved_to: "已选定", of: "属于", error: "出错", candidate: "候选", stated: "原文表述", trigger: "触发词",
      paraphrase: "转述（非原文）", st_existing: "图谱中已有", st_new: "新实体", st_ambiguous: "有歧义",
    },
    en: {
      title: "Scenario-innovation knowledge graph · workbench", tab_explore: "Search & dossier", tab_paths: "Path finder",
      tab_review: "Review queue", api_key: "API key", search_ph: "Name, alias or pinyin",
      dossier_hint: "Type a name and pick an entity to read its dossier.", neighbourhood: "Neighbourhood",
      nb_hint: "Click a node: add its neighbours; double-click: open its dossier", fit: "Fit", reset: "Start again",
      nb_count: "{n} entities · {e} relationships", path_from: "From", path_to: "To",
      alternatives: "Alternatives", trace: "Trace", candidate_file: "Candidate file", article_file: "Article (optional)",
      prev: "Previous (k)", accept: "Accept (a)", reject: "Reject (r)", edit: "Edit (e)", next: "Next (j)",
      merge: "Merge into the graph", download: "Download the reviewed file", article: "Article", no_results: "No results",
      figures: "Key figures", places: "Places", neighbours: "Relationships", sources: "Sources", properties: "Properties", aliases: "Aliases",
      no_path: "No path between them", path: "Path", hops: "hops", shortest: "shortest", hops_now: "hops",
      not_found: "Not found", did_you_mean: "Did you mean: ", ambiguous: "That name is shared by: ",
      progress: "Reviewed {done}/{total}: {acc} accepted, {rej} rejected", accepted: "accepted", rejected: "rejected",
      pending: "pending", entity: "Entity", figure: "Figure", relationship: "Relationship", status: "Status",
      confidence: "Confidence", mention: "Mention", choose: "Use this entity", show_dossier: "Dossier",
      as_new: "A new entity", resolve_first: "Choose an existing entity for this ambiguous one, or make it new, first.",
      name_zh: "Chinese name", name_en: "English name", type: "Type", value: "Value", unit: "Unit", role: "Role",
      merged: "Merged", refused: "Refused", nodes_line: "nodes: {c} created, {u} updated, {n} unchanged; relationships: {rc} created, {ru} updated, {rn} unchanged",
      saved_as: "The reviewed file was saved as", left_out: "{n} not accepted will be left out", no_article: "No article: the sentence only",
      resolved_to: "chosen", of: "of", error: "Error", candidate: "Candidate", stated: "As stated", trigger: "Trigger",
      paraphrase: "paraphrase, not the article's words", st_existing: "in the graph", st_new: "new", st_ambiguous: "ambiguous",
    },
  };
  let lang = "zh";
  const listeners = [];
  /* The names of labels, relationship types and profile parts (the server's, from the ontology). */
  let vocab = { labels: {}, relationships: {}, sections: {}, entity_types: {}, relationship_types: [] };

  function named(entry, fallback) { return (entry && (entry[lang] || entry.en)) || fallback; }
  /* "District" -> 区县 (in English: District). */
  function labelName(label) { return named(vocab.labels[label], str(label)); }
  /* Both languages, Chinese first: 区县 · District. */
  function labelBoth(label) {
    const entry = vocab.labels[label];
    return entry && entry.zh && entry.en ? entry.zh + " · " + entry.en : str(label);
  }
  function relName(type) { return named(vocab.relationships[type], str(type)); }
  function roleName(role) { return named((vocab.roles || {})[role], str(role)); }
  /* A profile part or a file section by its key: `districts` -> 区县; `initiatives_launched` -> 举措（发起）. */
  function partName(key) {
    const own = vocab.sections[key] || vocab.labels[key];
    if (own) return named(own, key);
    for (const [section, entry] of Object.entries(vocab.sections)) {
      const rest = key.startsWith(section + "_") ? key.slice(section.length + 1).toUpperCase() : "";
      if (rest && vocab.relationships[rest]) return named(entry, section) + (lang === "zh" ? "（" + relName(rest) + "）" : " (" + relName(rest) + ")");
    }
    return str(key).split("_").join(" ");
  }

  function t(key, values) {
    let text = (LABELS[lang] && LABELS[lang][key]) || LABELS.en[key] || key;
    for (const [k, v] of Object.entries(values || {})) text = text.split("{" + k + "}").join(String(v));
    return text;
  }

  function applyLabels() {
    document.documentElement.lang = lang === "zh" ? "zh-Hans" : "en";
    for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
    for (const node of document.querySelectorAll("[data-i18n-ph]")) node.placeholder = t(node.dataset.i18nPh);
    document.getElementById("lang").textContent = lang === "zh" ? "English" : "中文";
    for (const fn of listeners) fn();
  }

  /* An element with attributes and children; strings become text nodes, so nothing is parsed. */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") node.className = v;
      else if (k === "text") node.textContent = String(v);
      else if (k.startsWith("data-")) node.setAttribute(k, String(v));
      else node[k] = v;
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }
  function str(value) { return typeof value === "string" ? value : value === null || value === undefined ? "" : String(value); }

  function name(entity) {
    if (!entity || typeof entity !== "object") return str(entity);
    const zh = str(entity.name_zh), en = str(entity.name_en);
    return zh && en && zh !== en ? zh + " · " + en : zh || en || str(entity.id);
  }

  /* A button naming an entity; clicking it opens its dossier. */
  function entityButton(entity) {
    const button = el("button", { type: "button", class: "ent", "data-id": str(entity && entity.id), title: str(entity && entity.id) }, name(entity));
    button.addEventListener("click", () => WB.openDossier(str(entity.id)));
    return button;
  }

  /* A citation: where the fact was read, and beside it the passage it was read in (a curated
     fact's paraphrase, a merged article fact's sentence) when the API gives one. */
  function cite(source, compact) {
    if (!source || typeof source !== "object") return el("span", { class: "evidence" }, el("span", { class: "cite" }, str(source)));
    const where = [str(source.title), str(source.publisher), str(source.published)].filter(Boolean).join(" · ");
    const chip = compact // in a table: the article's title on hover only
      ? el("span", { class: "cite", title: where }, str(source.citation))
      : el("span", { class: "cite", title: str(source.citation) }, str(source.citation), where ? " " + where : "");
    const span = Array.isArray(source.span) && source.span.length === 2 ? " [" + source.span.map(str).join("–") + "]" : "";
    const kind = str(source.passage_kind); // "sentence" (quoted as written) or "paraphrase" (our words)
    const text = str(source.passage);
    const passage = text ? el("span", { class: "passage", "data-kind": kind, title: (kind === "paraphrase" ? t("paraphrase") + " · " : "") + str(source.citation) + span },
      kind === "paraphrase" ? text : "“" + text + "”") : null;
    const english = text && str(source.passage_en) ? el("span", { class: "passage passage-en" }, str(source.passage_en)) : null;
    return el("span", { class: "evidence" }, chip, passage, english);
  }
  function cites(list, compact) { return el("span", { class: "cites" }, (Array.isArray(list) ? list : []).map((c) => cite(c, compact))); }

  class ApiError extends Error {
    constructor(status, body) { super(typeof body.detail === "string" ? body.detail : "HTTP " + status); this.status = status; this.body = body; }
  }

  async function answer(response) {
    let body = {};
    try { body = await response.json(); } catch (e) { body = {}; }
    if (!response.ok) throw new ApiError(response.status, body || {});
    return body;
  }

  async function get(path) { return answer(await fetch(path, { headers: { Accept: "application/json" }, credentials: "same-origin" })); }

  async function post(path, body, withKey) {
    const headers = { "Content-Type": "application/json", Accept: "application/json", "X-SceneKG-Workbench": "1" };
    const key = document.getElementById("apikey").value;
    if (withKey && key) headers["X-API-Key"] = key;
    return answer(await fetch(path, { method: "POST", headers, body: JSON.stringify(body), credentials: "same-origin" }));
  }

  /* An API error as text: the detail, and the suggestions or candidates it carries. */
  function problem(error) {
    const box = el("div", { class: "error" }, error instanceof ApiError ? error.message : t("error") + ": " + str(error && error.message));
    const body = (error && error.body) || {};
    if (Array.isArray(body.suggestions) && body.suggestions.length) box.append(el("div", {}, t("did_you_mean"), body.suggestions.map(str).join("、")));
    if (Array.isArray(body.candidates) && body.candidates.length) {
      box.append(el("div", {}, t("ambiguous"), body.candidates.map((c) => entityButton(typeof c === "object" ? c : { id: c }))));
    }
    if (Array.isArray(body.problems)) box.append(el("ul", {}, body.problems.map((p) => el("li", {}, str(p)))));
    if (Array.isArray(body.detail)) box.append(el("ul", {}, body.detail.map((d) => el("li", {}, str(d && d.msg)))));
    return box;
  }

  function showTab(tab) {
    for (const pane of document.querySelectorAll(".pane")) pane.hidden = pane.id !== "tab-" + tab;
    for (const button of document.querySelectorAll(".tab")) button.classList.toggle("active", button.dataset.tab === tab);
  }

  const vocabulary = fetch("/workbench/vocabulary", { headers: { Accept: "application/json" } })
    .then(answer).then((v) => { vocab = v; for (const fn of listeners) fn(); return v; });

  document.addEventListener("DOMContentLoaded", () => {
    for (const button of document.querySelectorAll(".tab")) button.addEventListener("click", () => showTab(button.dataset.tab));
    document.getElementById("lang").addEventListener("click", () => { lang = lang === "zh" ? "en" : "zh"; applyLabels(); });
    showTab("explore");
    applyLabels();
  });

  return { t, el, clear, str, name, entityButton, cite, cites, get, post, problem, showTab,
    labelName, labelBoth, relName, roleName, partName, vocabulary: () => vocabulary, lang: () => lang,
    onLanguage: (fn) => listeners.push(fn), openDossier: () => undefined };
})();
