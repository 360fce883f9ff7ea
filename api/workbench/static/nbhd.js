/* The neighbourhood view embedded under the dossier, Bloom-like: it starts with an entity and
   its neighbours; a click on a node adds that node's neighbours to the view, a double-click
   opens its dossier (the view stays as grown). vis-network is the build the server reads from
   the installed pyvis package, loaded from this origin on first use; the nodes, edges, styles
   and tooltips are the views' own (GET /workbench/neighbourhood/{id}); tooltips are DOM
   elements built from text, so nothing from the data is parsed as HTML. */
"use strict";
(function () {
  const { t, el, clear, str, get, problem, labelName, relName } = WB;
  let loading = null;
  let network = null, nodes = null, edges = null;
  let centre = null;
  const expanded = new Set();
  const sources = {};
  const drawn = { nodes: new Map(), edges: new Map() }; // the server's items, named again on a language switch
  let generation = 0; // each start() begins a new one; an answer for an older one is dropped

  function loadVis() {
    if (!loading) {
      loading = new Promise((done, fail) => {
        const script = el("script", { src: "/workbench/static/vis-network.min.js" });
        script.addEventListener("load", done);
        script.addEventListener("error", () => fail(new Error("vis-network did not load")));
        document.head.append(el("link", { rel: "stylesheet", href: "/workbench/static/vis-network.css" }), script);
      });
    }
    return loading;
  }

  function citation(cite) {
    const source = sources[str(cite).split("#")[0]];
    if (!source || !source.title) return str(cite);
    const where = [str(source.publisher), str(source.published)].filter(Boolean).join(", ");
    return str(cite) + " — " + str(source.title) + (where ? " (" + where + ")" : "");
  }

  function tooltip(info) {
    const box = el("div", { class: "tip" }, el("div", { class: "tip-head" }, str(info.head)), info.sub ? el("div", { class: "tip-sub" }, str(info.sub)) : null);
    for (const line of info.lines || []) box.append(el("div", {}, str(line)));
    for (const figure of info.figures || []) box.append(el("div", { class: "tip-figure" }, str(figure.text), (figure.cites || []).length ? " [" + figure.cites.map(str).join(", ") + "]" : ""));
    for (const cite of info.cites || []) box.append(el("div", { class: "tip-source" }, citation(cite)));
    return box;
  }

  /* The views' edge items keyed by their ends and type, so a second expansion updates an edge
     already drawn instead of doubling it. */
  function edgeItems(data) {
    return (data.edges || []).map((edge) => {
      const type = str(edge.info && edge.info.head);
      const key = str(edge.from) + "|" + type + "|" + str(edge.to);
      drawn.edges.set(key, edge);
      const info = Object.assign({}, edge.info, { head: relName(type) + " · " + type });
      const item = Object.assign({}, edge, { id: key, title: tooltip(info) });
      const role = edge.label && /^ \((\w+)\)/.exec(edge.label.slice(type.length));
      if (typeof edge.label === "string") item.label = relName(type) + (role ? " (" + WB.roleName(role[1]) + ")" : edge.label.slice(type.length)); // 加入 (发起方)
      return item;
    });
  }

  /* The views' node items, the tooltip's label named (城市 · city:hefei). */
  function nodeItem(node) {
    if (!drawn.nodes.has(node.id)) drawn.nodes.set(node.id, node);
    const info = Object.assign({}, node.info);
    if (node.group && str(info.sub).startsWith(node.group + " · ")) info.sub = labelName(node.group) + str(info.sub).slice(node.group.length);
    return Object.assign({}, node, { title: tooltip(info) });
  }

  function status() {
    const box = document.getElementById("nbhd");
    box.dataset.nodes = String(nodes ? nodes.length : 0);
    box.dataset.expanded = Array.from(expanded).join(" ");
    document.getElementById("nb-count").textContent = t("nb_count", { n: nodes ? nodes.length : 0, e: edges ? edges.length : 0 });
  }

  function settleThenStop() {
    const box = document.getElementById("nbhd");
    box.dataset.settled = "false";
    network.setOptions({ physics: { enabled: true } });
    network.once("stabilized", () => { network.setOptions({ physics: { enabled: false } }); box.dataset.settled = "true"; });
    network.stabilize(200);
  }

  /* Add `id`'s neighbours: new nodes start beside it, edges are keyed by their ends and type. */
  async function expand(id) {
    if (expanded.has(id)) return;
    expanded.add(id);
    const mine = generation;
    const error = clear(document.getElementById("nb-error"));
    let data;
    try { data = await get("/workbench/neighbourhood/" + encodeURIComponent(id)); }
    catch (failure) { expanded.delete(id); error.append(problem(failure)); return; }
    if (mine !== generation) return; // the view was started again meanwhile
    Object.assign(sources, data.sources || {});
    const at = nodes.get(id) ? network.getPosition(id) : { x: 0, y: 0 };
    const fresh = (data.nodes || []).filter((node) => !nodes.get(node.id)).map((node, i) => {
      const angle = (2 * Math.PI * i) / Math.max(1, data.nodes.length);
      return Object.assign(nodeItem(node), { x: at.x + 120 * Math.cos(angle), y: at.y + 120 * Math.sin(angle) });
    });
    nodes.add(fresh);
    nodes.update({ id, borderWidth: 3 });
    edges.update(edgeItems(data));
    status();
    if (fresh.length) settleThenStop();
  }

  /* Start the view again from `id` and its neighbours. */
  async function start(id) {
    const box = document.getElementById("nbhd");
    box.hidden = false;
    centre = id;
    const mine = ++generation;
    expanded.clear();
    drawn.nodes.clear();
    drawn.edges.clear();
    for (const key of Object.keys(sources)) delete sources[key];
    try { await loadVis(); }
    catch (failure) { clear(document.getElementById("nb-error")).append(problem(failure)); return; }
    if (mine !== generation) return;
    if (network) network.destroy();
    nodes = new vis.DataSet();
    edges = new vis.DataSet();
    const options = { interaction: { hover: true, tooltipDelay: 120, multiselect: false }, physics: { solver: "forceAtlas2Based", stabilization: { iterations: 200 } },
      nodes: { shape: "dot", font: { size: 13, strokeWidth: 3, strokeColor: "#ffffff" } }, edges: { arrows: { to: { enabled: true, scaleFactor: 0.5 } }, font: { size: 10, strokeWidth: 3 }, smooth: { type: "continuous" } } };
    network = new vis.Network(document.getElementById("nbnet"), { nodes, edges }, options);
    network.on("click", (event) => { if (event.nodes.length === 1) expand(str(event.nodes[0])); });
    network.on("doubleClick", (event) => { if (event.nodes.length === 1) WB.openDossier(str(event.nodes[0]), true); });
    const first = await get("/workbench/neighbourhood/" + encodeURIComponent(id)).catch((failure) => { clear(document.getElementById("nb-error")).append(problem(failure)); return null; });
    if (!first || mine !== generation) return;
    network.setOptions({ groups: (first.options && first.options.groups) || {} });
    expanded.add(id);
    Object.assign(sources, first.sources || {});
    nodes.update((first.nodes || []).map(nodeItem));
    edges.update(edgeItems(first));
    status();
    settleThenStop();
  }

  WB.neighbourhood = { start, expand, view: () => ({ network, nodes, edges }) };

  document.addEventListener("DOMContentLoaded", () => {
    document.getElementById("nb-reset").addEventListener("click", () => { if (centre !== null) start(centre); });
    document.getElementById("nb-fit").addEventListener("click", () => { if (network) network.fit({ animation: { duration: 300 } }); });
    WB.onLanguage(() => {
      if (!nodes) return;
      nodes.update(Array.from(drawn.nodes.values()).map(nodeItem));
      edges.update(edgeItems({ edges: Array.from(drawn.edges.values()) }));
      status();
    });
  });
})();
