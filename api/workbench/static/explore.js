/* Search as you type, the dossier of an entity, its neighbourhood view and the path finder. */
"use strict";
(function () {
  const { t, el, clear, str, name, entityButton, cites, get, problem, labelName, relName, partName } = WB;
  const SHOWN = new Set(["entity", "figures", "key_figures", "places", "neighbours", "sources"]);
  let asked = 0;
  let shown = null; // the profile in #dossier, drawn again when the language changes
  let traced = null; // the path finder's last answer, likewise

  async function search(text) {
    const mine = ++asked;
    const results = document.getElementById("results");
    if (!text.trim()) { clear(results); return; }
    let page;
    try {
      page = await get("/search?limit=30&q=" + encodeURIComponent(text.trim()));
    } catch (error) {
      if (mine === asked) clear(results).append(problem(error));
      return;
    }
    if (mine !== asked) return; // a later keystroke has asked again
    clear(results);
    const hits = Array.isArray(page.hits) ? page.hits : [];
    if (!hits.length) { results.append(el("p", { class: "muted" }, t("no_results"))); return; }
    const groups = new Map();
    for (const hit of hits) {
      const label = str(hit.entity && hit.entity.label) || "?";
      if (!groups.has(label)) groups.set(label, []);
      groups.get(label).push(hit);
    }
    for (const [label, members] of groups) {
      const group = el("div", { class: "group", "data-kind": label }, el("h4", {}, labelName(label) + " (" + members.length + ")"));
      for (const hit of members) {
        const button = el("button", { type: "button", class: "hit", "data-id": str(hit.entity.id) }, name(hit.entity),
          hit.matched && hit.matched !== hit.entity.name_zh ? el("span", { class: "muted" }, " ← " + str(hit.matched)) : null);
        button.addEventListener("click", () => WB.openDossier(str(hit.entity.id)));
        group.append(button);
      }
      results.append(group);
    }
  }

  function figureRow(figure) {
    const label = [str(figure.label_zh), str(figure.label_en)].filter(Boolean).join(" · ") || str(figure.measure);
    const amount = [str(figure.value), str(figure.currency), str(figure.unit)].filter(Boolean).join(" ");
    const when = [str(figure.as_of), figure.target_year ? "→" + str(figure.target_year) : ""].filter(Boolean).join(" ");
    return el("tr", { class: "figure" }, el("td", {}, label), el("td", {}, amount, figure.stated ? el("div", { class: "muted" }, "“" + str(figure.stated) + "”") : null),
      el("td", {}, when), el("td", {}, cites(figure.sources, true)));
  }

  /* One item of a neighbour group or a section: an entity, {entity, via, sources, figures}, or
     a neighbour {entity, ties: [{type, direction, sources}]} (each relationship once, with its sources). */
  function item(entry) {
    if (!entry || typeof entry !== "object") return el("li", {}, str(entry));
    const entity = entry.entity && typeof entry.entity === "object" ? entry.entity : entry;
    const extra = [];
    if (Array.isArray(entry.ties)) {
      for (const tie of entry.ties) {
        const role = tie.properties && tie.properties.role ? " (" + WB.roleName(tie.properties.role) + ")" : "";
        const arrow = tie.direction === "in" ? " ←" + relName(tie.type) + role + "– " : " –" + relName(tie.type) + role + "→ ";
        extra.push(el("span", { class: "muted tie", "data-type": str(tie.type) }, arrow), cites(tie.sources));
      }
    }
    if (Array.isArray(entry.via)) extra.push(el("span", { class: "muted" }, " " + entry.via.map(relName).join(" → ")));
    if (entry.properties && typeof entry.properties === "object") {
      for (const [k, v] of Object.entries(entry.properties)) extra.push(el("span", { class: "muted" }, " " + k + ": " + str(v)));
    }
    return el("li", {}, entity.id ? entityButton(entity) : name(entity), extra, entry !== entity ? cites(entry.sources) : null);
  }

  function listOf(value) {
    if (Array.isArray(value)) return { items: value, total: value.length };
    if (value && typeof value === "object" && Array.isArray(value.items)) return { items: value.items, total: value.total ?? value.items.length };
    return null;
  }

  /* Any further part of the profile (a city's districts, initiatives ...), read without assuming
     its keys; each titled by its name in the vocabulary, never by its raw key. */
  function section(key, value) {
    const list = listOf(value);
    if (list) {
      if (!list.items.length) return null;
      return el("div", { class: "section", "data-section": key }, el("h4", {}, partName(key) + " (" + list.total + ")"), el("ul", {}, list.items.map(item)));
    }
    if (value && typeof value === "object") {
      const parts = Object.entries(value).map(([k, v]) => section(k, v)).filter(Boolean);
      return parts.length ? el("div", { class: "part", "data-part": key }, el("h3", {}, partName(key)), parts) : null;
    }
    if (value === null || value === undefined || value === "") return null;
    return el("div", { class: "section", "data-section": key }, el("strong", {}, partName(key) + ": "), str(value));
  }

  function dossier(profile) {
    const entity = profile.entity || {};
    const box = el("div", { class: "dossier", "data-id": str(entity.id) });
    box.append(el("h2", {}, name(entity)), el("div", { class: "muted" }, labelName(entity.label) + " · " + str(entity.id)));
    if (Array.isArray(entity.aliases) && entity.aliases.length) box.append(el("div", {}, t("aliases") + ": " + entity.aliases.map(str).join("、")));
    if (entity.description) box.append(el("p", {}, str(entity.description)));
    const props = Object.entries(entity.properties || {});
    if (props.length) box.append(el("h3", {}, t("properties")), el("table", {}, props.map(([k, v]) => el("tr", {}, el("td", {}, k), el("td", {}, Array.isArray(v) ? v.map(str).join("、") : str(v))))));
    box.append(el("div", {}, cites(entity.sources)));
    /* Key figures: the entity's own and those of what it launched, organised or takes part in, each with its owner. */
    const keyed = listOf(profile.key_figures);
    const own = Array.isArray(profile.figures) ? profile.figures.map((figure) => ({ figure })) : [];
    const figures = keyed && keyed.items.length ? keyed.items : own;
    const owners = figures.some((entry) => entry.owner && entry.owner.id !== entity.id); // a column only if some figure is another's
    if (figures.length) {
      box.append(el("h3", {}, t("figures") + (keyed && keyed.total > figures.length ? " (" + keyed.total + ")" : "")),
        el("table", { class: "figures" }, figures.map((entry) => {
          const row = figureRow(entry.figure || entry);
          const other = entry.owner && entry.owner.id !== entity.id; // its own figures need no owner
          if (owners) row.prepend(el("td", { class: "owner", title: other ? name(entry.owner) : "" }, other ? str(entry.owner.name_zh) || name(entry.owner) : ""));
          return row;
        })));
    }
    const places = Array.isArray(profile.places) ? profile.places : [];
    if (places.length) {
      box.append(el("div", { class: "places" }, el("strong", {}, t("places") + ": "),
        places.map((tie, i) => el("span", {}, (i ? "；" : ""), name(tie.place || {}), Array.isArray(tie.via) && tie.via.length ? el("span", { class: "muted" }, " (" + tie.via.map(str).join(", ") + ")") : null))));
    }
    const groups = Array.isArray(profile.neighbours) ? profile.neighbours : [];
    if (groups.length) {
      box.append(el("h3", {}, t("neighbours")));
      for (const group of groups) {
        const list = listOf(group) || { items: [], total: 0 };
        const more = group.more ? el("div", { class: "muted" }, "… +" + str(group.more)) : null;
        box.append(el("div", { class: "neighbours", "data-type": str(group.label) }, el("h4", {}, labelName(group.label) + " (" + str(list.total) + ")"), el("ul", {}, list.items.map(item)), more));
      }
    }
    for (const [key, value] of Object.entries(profile)) {
      if (!SHOWN.has(key)) { const part = section(key, value); if (part) box.append(part); }
    }
    const sources = Array.isArray(profile.sources) ? profile.sources : [];
    if (sources.length) box.append(el("h3", {}, t("sources")), el("div", { class: "sources" }, cites(sources)));
    return box;
  }

  async function dossierInto(target, id) {
    clear(target);
    try {
      const profile = await get("/entities/" + encodeURIComponent(id) + "/profile");
      target.append(dossier(profile));
      return profile;
    } catch (error) {
      target.append(problem(error));
      return null;
    }
  }

  /* The dossier of `id`; the neighbourhood view starts again from it unless `keepView` (a
     double-click in the view, which keeps what the analyst has expanded). */
  WB.openDossier = async function (id, keepView) {
    WB.showTab("explore");
    const profile = await dossierInto(document.getElementById("dossier"), id);
    shown = profile;
    if (profile && !keepView) WB.neighbourhood.start(str(profile.entity.id));
  };
  WB.dossierInto = dossierInto;

  function hop(step) {
    const type = relName(step.type);
    const arrow = step.direction === "in" ? " ← " + type + " — " : " — " + type + " → ";
    return el("li", { class: "hop", "data-type": str(step.type) }, entityButton(step.source), el("span", { class: "arrow", title: str(step.type) }, arrow), entityButton(step.target),
      el("div", { class: "hop-evidence" }, cites(step.sources)));
  }

  function drawPaths(result) {
    const out = clear(document.getElementById("paths"));
    const paths = Array.isArray(result.paths) ? result.paths : [];
    out.append(el("h3", {}, name(result.start) + " ⇢ " + name(result.end)));
    if (!paths.length) { out.append(el("p", { class: "muted" }, t("no_path"))); return; }
    paths.forEach((path, i) => {
      const title = t("path") + " " + (i + 1) + " · " + str(path.length) + " " + t("hops") + (i === 0 ? " · " + t("shortest") : "");
      out.append(el("div", { class: "path" }, el("h4", {}, title), el("ol", {}, (path.hops || []).map(hop))));
    });
  }

  async function trace() {
    const a = document.getElementById("path-a").value.trim();
    const b = document.getElementById("path-b").value.trim();
    const k = Math.max(1, Math.min(20, Number(document.getElementById("path-k").value) || 1));
    const out = clear(document.getElementById("paths"));
    if (!a || !b) return;
    traced = null;
    try {
      traced = await get("/paths?a=" + encodeURIComponent(a) + "&b=" + encodeURIComponent(b) + "&k=" + k);
    } catch (error) { out.append(problem(error)); return; }
    drawPaths(traced);
  }

  document.addEventListener("DOMContentLoaded", () => {
    let timer = null;
    const input = document.getElementById("q");
    input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(() => search(input.value), 40); });
    document.getElementById("path-go").addEventListener("click", trace);
    for (const id of ["path-a", "path-b"]) document.getElementById(id).addEventListener("keydown", (e) => { if (e.key === "Enter") trace(); });
    WB.onLanguage(() => {
      if (input.value.trim()) search(input.value);
      if (shown) clear(document.getElementById("dossier")).append(dossier(shown));
      if (traced) drawPaths(traced);
    });
  });
})();
