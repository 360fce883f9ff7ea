/* The review queue: a candidate file walked one candidate at a time beside its article, each
   accepted, rejected or edited (an ambiguous one resolved to an existing entity or made new),
   then merged (the server runs `scenekg ingest` on the reviewed file) or downloaded. */
"use strict";
(function () {
  const { t, el, clear, str, name, get, post, problem, labelBoth, relName } = WB;
  const RELS = "relationships";
  let file = null; // {name, document, article}
  let vocab = { entity_types: {}, relationship_types: [] }; // the real types, from the server
  let items = [];
  let pos = 0;

  const meta = (entry) => (entry && typeof entry.candidate === "object" && entry.candidate) || {};

  /* Every reviewable thing of the document: entity entries, their figures, relationships. */
  function collect(document) {
    const found = [];
    for (const [section, entries] of Object.entries(document)) {
      if (section === "candidates_of" || section === "sources" || section === RELS || !Array.isArray(entries)) continue;
      for (const entry of entries) {
        if (!entry || typeof entry !== "object") continue;
        const owner = { kind: "entity", section, entry, decision: "pending", originalId: str(entry.id) };
        found.push(owner);
        for (const figure of Array.isArray(entry.figures) ? entry.figures : []) {
          if (figure && typeof figure === "object") found.push({ kind: "figure", owner, entry: figure, decision: "pending" });
        }
      }
    }
    for (const entry of Array.isArray(document[RELS]) ? document[RELS] : []) {
      if (entry && typeof entry === "object") found.push({ kind: "relationship", entry, decision: "pending" });
    }
    return found;
  }

  function entities() { return items.filter((i) => i.kind === "entity"); }
  function byId(id) { return entities().find((i) => i.originalId === id || str(i.entry.id) === id); }

  /* The id an entity entry ends up with, and whether that id is in the graph already. */
  function finalId(item) { return str(item.entry.id); }
  function inGraph(item) { return meta(item.entry).status === "existing"; }

  /* The reviewed document: accepted entries (with their accepted figures) and accepted
     relationships whose ends are kept or already in the graph. */
  function reviewed() {
    const document = { candidates_of: file.document.candidates_of };
    const renamed = new Map();
    const gone = new Set();
    for (const item of entities()) {
      if (finalId(item) !== item.originalId) renamed.set(item.originalId, finalId(item));
      if (item.decision !== "accepted" && !inGraph(item)) gone.add(item.originalId);
    }
    for (const [section, entries] of Object.entries(file.document)) {
      if (section === "candidates_of" || section === RELS) continue;
      if (section === "sources") { document.sources = entries; continue; }
      document[section] = [];
    }
    for (const item of entities()) {
      if (item.decision !== "accepted") continue;
      const copy = Object.assign({}, item.entry);
      if (Array.isArray(item.entry.figures)) {
        copy.figures = items.filter((f) => f.kind === "figure" && f.owner === item && f.decision === "accepted").map((f) => f.entry);
      }
      (document[item.section] = document[item.section] || []).push(copy);
    }
    document[RELS] = items
      .filter((i) => i.kind === "relationship" && i.decision === "accepted")
      .filter((i) => !gone.has(str(i.entry.from)) && !gone.has(str(i.entry.to)))
      .map((i) => Object.assign({}, i.entry, { from: renamed.get(str(i.entry.from)) || i.entry.from, to: renamed.get(str(i.entry.to)) || i.entry.to }));
    for (const key of Object.keys(document)) if (Array.isArray(document[key]) && !document[key].length && key !== "sources") delete document[key];
    return document;
  }

  function progress() {
    const done = items.filter((i) => i.decision !== "pending").length;
    const acc = items.filter((i) => i.decision === "accepted").length;
    document.getElementById("progress").textContent = file
      ? t("progress", { done, total: items.length, acc, rej: done - acc }) + (pos < items.length ? " · #" + (pos + 1) : "")
      : "";
  }

  /* The sentence start, from the citation `#cS-E` (of the note's own Source, in a file of
     several articles) that contains the span. */
  function sentenceStart(entry, span, source) {
    for (const citation of Array.isArray(entry.sources) ? entry.sources : []) {
      if (source && !str(citation).startsWith(source + "#")) continue;
      const m = /#c(\d+)-(\d+)$/.exec(str(citation));
      if (m && Number(m[1]) <= span[0] && span[1] <= Number(m[2])) return Number(m[1]);
    }
    return null;
  }

  /* The article (or, without it, the sentence) with the sentence and the span marked. */
  function showText(entry, owner) {
    const box = clear(document.getElementById("article"));
    const info = meta(entry);
    const span = Array.isArray(info.span) && info.span.length === 2 ? info.span.map(Number) : null;
    const sentence = str(info.sentence);
    const source = info.source ? str(info.source) : null;
    const start = span ? sentenceStart(entry, span, source) ?? sentenceStart(owner || {}, span, source) : null;
    // A file of several articles (`scenekg extract DIR`) comes with the first Source's article:
    // a note from another one shows its sentence only.
    const sources = Array.isArray(file.document.sources) ? file.document.sources : [];
    const shown = !source || (sources[0] && str(sources[0].id) === source);
    if (file.article && span && shown) {
      const text = file.article;
      const s0 = start !== null ? start : span[0];
      const s1 = start !== null ? Math.max(span[1], start + sentence.length) : span[1];
      const mark = el("mark", {}, text.slice(span[0], span[1]));
      box.append(text.slice(0, s0), el("span", { class: "sentence" }, text.slice(s0, span[0]), mark, text.slice(span[1], s1)), text.slice(s1));
      mark.scrollIntoView({ block: "center" });
      return;
    }
    box.append(el("div", { class: "muted" }, t("no_article")));
    let a = -1, b = -1;
    if (span && start !== null) { a = span[0] - start; b = span[1] - start; }
    else if (info.mention) { a = sentence.indexOf(str(info.mention)); b = a + str(info.mention).length; }
    if (a >= 0 && b <= sentence.length) box.append(el("span", { class: "sentence" }, sentence.slice(0, a), el("mark", {}, sentence.slice(a, b)), sentence.slice(b)));
    else box.append(el("span", { class: "sentence" }, sentence));
  }

  /* A relationship end by the entry's name, and the graph entity it was resolved to if any. */
  function endName(id) {
    const item = byId(str(id));
    if (!item) return str(id);
    return finalId(item) !== item.originalId ? name(item.entry) + " → " + finalId(item) : name(item.entry);
  }

  function row(label, value) { return el("tr", {}, el("th", {}, label), el("td", {}, value)); }

  function card(item) {
    const entry = item.entry, info = meta(entry);
    const rows = [row(t("status"), el("span", { class: "status-" + item.decision }, t(item.decision)))];
    if (item.kind === "entity") {
      const type = vocab.entity_types[item.section];
      rows.push(row(t("type"), el("span", { class: "type", "data-section": item.section }, type ? labelBoth(type.label) : item.section)), row("id", str(entry.id)), row(t("name_zh"), str(entry.name_zh)), row(t("name_en"), str(entry.name_en)),
        row(t("candidate"), el("span", { class: "candidate-status", "data-status": str(info.status) }, t("st_" + str(info.status)) + (info.status === "existing" ? " → " + str(info.resolves_to) : ""))));
    } else if (item.kind === "figure") {
      rows.push(row(t("of"), name(item.owner.entry)), row(t("figure"), [str(entry.label_zh), str(entry.label_en)].filter(Boolean).join(" · ") || str(entry.measure)),
        row(t("value"), [str(entry.value), str(entry.currency), str(entry.unit)].filter(Boolean).join(" ")), row(t("stated"), str(entry.stated)));
    } else {
      rows.push(row(t("relationship"), el("span", {}, endName(entry.from), el("span", { class: "arrow", "data-type": str(entry.type) }, " — " + relName(entry.type) + " → "), endName(entry.to))));
      if (entry.role) rows.push(row(t("role"), WB.roleName(entry.role)));
      if (info.trigger) rows.push(row(t("trigger"), str(info.trigger)));
    }
    if (info.mention) rows.push(row(t("mention"), str(info.mention)));
    if (info.confidence !== undefined) rows.push(row(t("confidence"), str(info.confidence)));
    return el("div", { class: "card", "data-kind": item.kind, "data-decision": item.decision }, el("h3", {}, t(item.kind) + " " + (pos + 1) + "/" + items.length), el("table", {}, rows));
  }

  /* An input, or a select of `options` given as [value, shown] pairs. */
  function field(label, value, apply, options) {
    const input = options
      ? el("select", {}, options.map(([o, shown]) => el("option", { value: o, selected: o === value }, shown)))
      : el("input", { value: str(value) });
    input.addEventListener("change", () => { apply(input.value); show(); });
    return el("label", {}, t(label), input);
  }

  function retype(item, section) {
    const prefix = vocab.entity_types[section] && vocab.entity_types[section].prefix;
    const id = str(item.entry.id);
    item.section = section;
    if (prefix && !inGraph(item)) item.entry.id = prefix + ":" + id.slice(id.indexOf(":") + 1);
  }

  function editor(item) {
    const box = clear(document.getElementById("editor"));
    const entry = item.entry;
    if (item.kind === "entity") {
      box.append(field("name_zh", entry.name_zh, (v) => { entry.name_zh = v; }), field("name_en", entry.name_en, (v) => { entry.name_en = v; }),
        field("type", item.section, (v) => retype(item, v), Object.entries(vocab.entity_types).map(([s, e]) => [s, labelBoth(e.label)])));
      if (inGraph(item)) box.lastChild.querySelector("select").disabled = true; // an entity of the graph keeps its type
    } else if (item.kind === "figure") {
      box.append(field("value", entry.value, (v) => { entry.value = v.trim() !== "" && !isNaN(Number(v)) ? Number(v) : v; }), field("unit", entry.unit, (v) => { entry.unit = v; }));
    } else {
      box.append(field("type", entry.type, (v) => { entry.type = v; }, vocab.relationship_types.map((r) => [r, relName(r) + " · " + r])));
    }
  }

  async function choices(item) {
    const box = clear(document.getElementById("choices"));
    const info = meta(item.entry);
    if (item.kind !== "entity" || info.status !== "ambiguous") return;
    const options = Array.isArray(info.resolves_to) ? info.resolves_to.map(str) : [];
    const list = el("ul", { class: "choices" });
    box.append(el("h4", {}, t("ambiguous")), list);
    for (const id of options) {
      const choose = el("button", { type: "button", class: "choose", "data-id": id }, t("choose"));
      choose.addEventListener("click", () => resolve(item, id));
      const look = el("button", { type: "button", class: "look", "data-id": id }, t("show_dossier"));
      look.addEventListener("click", () => WB.dossierInto(document.getElementById("side-dossier"), id));
      const label = el("span", {}, id);
      list.append(el("li", {}, label, " ", choose, " ", look));
      get("/entities/" + encodeURIComponent(id)).then((e) => { label.textContent = name(e) + " (" + id + ")"; }, () => undefined);
    }
    const fresh = el("button", { type: "button", class: "as-new" }, t("as_new"));
    fresh.addEventListener("click", () => resolve(item, null));
    box.append(fresh);
  }

  function resolve(item, id) {
    const info = item.entry.candidate = Object.assign({}, meta(item.entry));
    if (id === null) { info.status = "new"; info.resolves_to = null; }
    else { info.status = "existing"; info.resolves_to = id; item.entry.id = id; }
    decide("accepted");
  }

  function show() {
    progress();
    const box = clear(document.getElementById("card"));
    if (!items.length) return;
    const item = items[pos];
    box.append(card(item));
    showText(item.entry, item.owner && item.owner.entry);
    editor(item);
    choices(item);
  }

  function decide(decision) {
    const item = items[pos];
    if (!item) return;
    if (decision === "accepted" && item.kind === "entity" && meta(item.entry).status === "ambiguous") {
      clear(document.getElementById("merge-out")).append(el("div", { class: "error" }, t("resolve_first")));
      return;
    }
    item.decision = decision;
    if (pos < items.length - 1) pos += 1;
    show();
  }

  function move(step) { pos = Math.max(0, Math.min(items.length - 1, pos + step)); show(); }

  async function open(opened) {
    vocab = await WB.vocabulary();
    file = opened;
    items = collect(file.document);
    pos = 0;
    document.getElementById("review-body").hidden = false;
    clear(document.getElementById("merge-out"));
    clear(document.getElementById("review-error"));
    show();
  }

  async function upload() {
    const candidates = document.getElementById("cand-file").files[0];
    if (!candidates) return;
    const article = document.getElementById("article-file").files[0];
    const body = { name: candidates.name, text: await candidates.text() };
    if (article) { body.article_name = article.name; body.article = await article.text(); }
    try { await open(await post("/workbench/parse", body, false)); }
    catch (error) { clear(document.getElementById("review-error")).append(problem(error)); }
  }

  async function merge() {
    const out = clear(document.getElementById("merge-out"));
    const left = items.filter((i) => i.decision !== "accepted").length;
    try {
      const result = await post("/workbench/merge", { name: file.name, document: reviewed() }, true);
      const total = (part) => Object.values(result.summary[part] || {}).reduce((s, x) => ({ c: s.c + x.created, u: s.u + x.updated, n: s.n + x.unchanged }), { c: 0, u: 0, n: 0 });
      const n = total("nodes"), r = total("relationships");
      out.append(el("div", { class: "merged" }, el("strong", {}, t("merged") + ": " + str(result.file_name)),
        el("div", {}, t("nodes_line", { c: n.c, u: n.u, n: n.n, rc: r.c, ru: r.u, rn: r.n })),
        left ? el("div", { class: "muted" }, t("left_out", { n: left })) : null,
        result.saved_as ? el("div", {}, t("saved_as") + " " + str(result.saved_as)) : null));
    } catch (error) {
      out.append(el("strong", { class: "error" }, t("refused")), problem(error));
    }
  }

  async function download() {
    try {
      const result = await post("/workbench/render", { name: file.name, document: reviewed() }, false);
      const link = el("a", { href: URL.createObjectURL(new Blob([result.text], { type: "application/yaml" })), download: str(result.file_name) });
      document.body.append(link);
      link.click();
      link.remove();
    } catch (error) { clear(document.getElementById("merge-out")).append(problem(error)); }
  }

  async function folder() {
    let listing;
    try { listing = await get("/workbench/candidates"); } catch (error) { return; }
    if (!listing.folder || !Array.isArray(listing.files)) return;
    const select = document.getElementById("folder-files");
    select.hidden = false;
    select.append(el("option", { value: "" }, "—"), ...listing.files.map((f) => el("option", { value: str(f) }, str(f))));
    select.addEventListener("change", async () => {
      if (!select.value) return;
      try { await open(await get("/workbench/candidates/" + encodeURIComponent(select.value))); }
      catch (error) { clear(document.getElementById("review-error")).append(problem(error)); }
    });
  }

  const KEYS = { a: () => decide("accepted"), r: () => decide("rejected"), j: () => move(1), k: () => move(-1),
    e: () => { const first = document.querySelector("#editor input, #editor select"); if (first) first.focus(); } };

  document.addEventListener("DOMContentLoaded", () => {
    document.getElementById("cand-file").addEventListener("change", upload);
    document.getElementById("article-file").addEventListener("change", () => { if (document.getElementById("cand-file").files[0]) upload(); });
    document.getElementById("rv-accept").addEventListener("click", KEYS.a);
    document.getElementById("rv-reject").addEventListener("click", KEYS.r);
    document.getElementById("rv-next").addEventListener("click", KEYS.j);
    document.getElementById("rv-prev").addEventListener("click", KEYS.k);
    document.getElementById("rv-edit").addEventListener("click", KEYS.e);
    document.getElementById("rv-merge").addEventListener("click", merge);
    document.getElementById("rv-download").addEventListener("click", download);
    document.addEventListener("keydown", (event) => {
      const target = event.target;
      if (!file || document.getElementById("tab-review").hidden || event.ctrlKey || event.metaKey || event.altKey) return;
      if (target && (target.tagName === "INPUT" || target.tagName === "SELECT" || target.tagName === "TEXTAREA")) return;
      const action = KEYS[event.key];
      if (action) { event.preventDefault(); action(); }
    });
    WB.onLanguage(() => { if (file) show(); });
    folder();
  });
})();
