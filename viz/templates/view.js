"use strict";
// The page's own script. Every string from the data reaches the page through textContent, never
// as HTML; tooltips are DOM elements, so vis-network does not parse them either.
// `nodes`, `edges` (vis DataSets) and `network` stay global for tests and the browser console.
var nodes, edges, network;

(function () {
  var data = JSON.parse(document.getElementById("view-data").textContent);
  var sources = data.sources;

  function element(tag, className, text) {
    var made = document.createElement(tag);
    if (className) made.className = className;
    if (text !== undefined && text !== null) made.textContent = String(text);
    return made;
  }

  function citation(cite) {
    var source = sources[cite.split("#")[0]];
    if (!source || !source.title) return cite;
    var where = [source.publisher, source.published].filter(Boolean).join(", ");
    return cite + " — " + source.title + (where ? " (" + where + ")" : "");
  }

  function tooltip(info) {
    var box = element("div", "tip");
    box.appendChild(element("div", "tip-head", info.head));
    if (info.sub) box.appendChild(element("div", "tip-sub", info.sub));
    info.lines.forEach(function (line) { box.appendChild(element("div", "tip-line", line)); });
    if (info.figures.length) {
      box.appendChild(element("div", "tip-section", "Figures"));
      info.figures.forEach(function (figure) {
        var row = element("div", "tip-figure", figure.text);
        if (figure.cites.length) row.appendChild(element("span", "tip-cite", " [" + figure.cites.join(", ") + "]"));
        box.appendChild(row);
      });
    }
    if (info.cites.length) {
      box.appendChild(element("div", "tip-section", "Sources"));
      info.cites.forEach(function (cite) { box.appendChild(element("div", "tip-source", citation(cite))); });
    }
    return box;
  }

  nodes = new vis.DataSet(data.nodes.map(function (node) { node.title = tooltip(node.info); return node; }));
  edges = new vis.DataSet(data.edges.map(function (edge) { edge.title = tooltip(edge.info); return edge; }));

  var legend = document.getElementById("legend");
  data.legend.forEach(function (entry) {
    var row = element("div", "legend-row");
    var glyph = element("span", "legend-glyph", entry.glyph);
    glyph.style.color = entry.colour;
    row.appendChild(glyph);
    row.appendChild(element("span", "legend-name", entry.count === null ? entry.name : entry.name + " (" + entry.count + ")"));
    legend.appendChild(row);
  });

  var progress = document.getElementById("progress");
  network = new vis.Network(document.getElementById("network"), { nodes: nodes, edges: edges }, data.options);

  function settled() {
    network.setOptions({ physics: { enabled: false } });
    progress.textContent = "";
    document.body.setAttribute("data-settled", "true");
  }
  network.on("stabilizationProgress", function (step) {
    progress.textContent = "laying out… " + Math.round((100 * step.iterations) / step.total) + "%";
  });
  network.once("stabilizationIterationsDone", settled);
  if (!data.nodes.length) settled();
  if (data.layout === "physics") {
    // A dragged node pulls its neighbours along until the network settles again.
    network.on("dragStart", function (event) {
      if (event.nodes.length) network.setOptions({ physics: { enabled: true } });
    });
    network.on("dragEnd", function (event) {
      if (event.nodes.length) network.once("stabilized", function () { network.setOptions({ physics: { enabled: false } }); });
    });
  }

  var input = document.getElementById("search");
  var status = document.getElementById("search-status");
  var names = document.getElementById("search-names");
  var seen = {};
  data.nodes.forEach(function (node) {
    if (seen[node.name]) return;
    seen[node.name] = true;
    var option = document.createElement("option");
    option.value = node.name;
    names.appendChild(option);
  });

  function find(text) {
    var query = text.trim().toLowerCase();
    if (!query) {
      network.unselectAll();
      status.textContent = "";
      return;
    }
    var exact = [], partial = [];
    data.nodes.forEach(function (node) {
      if (node.name.toLowerCase() === query || node.id.toLowerCase() === query) exact.push(node.id);
      else if (node.search.indexOf(query) >= 0) partial.push(node.id);
    });
    var found = exact.concat(partial);
    status.textContent = found.length ? found.length + " found" : "nothing matches";
    network.selectNodes(found.slice(0, 500), false);
    if (found.length) network.focus(found[0], { scale: 1.3, animation: { duration: 400 } });
  }
  input.addEventListener("change", function () { find(input.value); });
  input.addEventListener("keydown", function (event) { if (event.key === "Enter") find(input.value); });
})();
