/* tradekg view page: draws the network, and wires the kind filter, the search box and the
   details panel. Labels, quotes and titles are untrusted text: they are only ever set with
   textContent, or given to vis-network as string tooltips (which it shows with innerText);
   never parsed as HTML. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("tradekg-data").textContent);
  var tables = data.tables;

  function fold(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function el(tag, text, className) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (className) e.className = className;
    return e;
  }
  function fullLabel(node) { return node.fullLabel || node.label; }
  function kindLabel(node) { return tables.kinds[node.kind] || node.kind; }
  function capitalised(text) { return text.charAt(0).toUpperCase() + text.slice(1); }
  function clip(text, n) { return text.length <= n ? text : text.slice(0, n - 1) + "…"; }
  function sourceLine(iri, date) {
    var s = tables.sources[iri];
    if (!s) return iri;
    var parts = [s.title];
    if (s.publisher) parts.push(s.publisher);
    parts.push(date || s.issued || "undated");
    return parts.join(" · ");
  }

  // The tooltip of a node: kind, label, its first quote and its source, as plain text.
  function nodeTitle(node) {
    var lines = [capitalised(kindLabel(node)) + (node.role === "context" ? " (context)" : ""), fullLabel(node)];
    if (node.quotes && node.quotes.length) {
      lines.push("“" + clip(node.quotes[0][0], 280) + "”");
      var more = node.quotes.length - 1 + (node.moreQuotes || 0);
      if (more) lines.push("(+" + more + " more quote" + (more === 1 ? "" : "s") + ": click the node)");
    }
    (node.sources || []).slice(0, 2).forEach(function (iri) { lines.push("Source: " + sourceLine(iri, node.date)); });
    if (!(node.sources || []).length && node.date) lines.push("Date: " + node.date);
    return lines.join("\n");
  }
  data.nodes.forEach(function (node) { node.title = nodeTitle(node); });
  var byId = {};
  data.nodes.forEach(function (node) { byId[node.id] = node; });
  function labelOf(id) { return byId[id] ? fullLabel(byId[id]) : id; }
  data.edges.forEach(function (edge) {
    edge.from = data.nodes[edge.from].id;  // the data names an edge's ends by their place in data.nodes
    edge.to = data.nodes[edge.to].id;
    var rel = tables.relations[edge.rel];
    edge.label = rel.short;
    edge.relation = rel.label;
    edge.predicate = rel.iri;
    edge.title = clip(labelOf(edge.from), 120) + "\n—" + rel.short + "→\n" + clip(labelOf(edge.to), 120) +
                 "\n(relation: " + rel.label + (rel.followed ? "" : "; shown for context") + ")";
  });

  // A relation's name on each of a node's many edges (a hub's fan) is a blur of one verb
  // drawn over itself: in a view with no answer to tell apart, the names of a fan's edges
  // are drawn only while one of its nodes is chosen (their tooltips and the panel say them).
  var FAN = 8;
  if (!tables.highlight) {
    var degree = {};
    data.edges.forEach(function (edge) {
      degree[edge.from] = (degree[edge.from] || 0) + 1;
      degree[edge.to] = (degree[edge.to] || 0) + 1;
    });
    data.edges.forEach(function (edge) {
      if (degree[edge.from] > FAN || degree[edge.to] > FAN) {
        edge.loudFont = Object.assign({ size: data.options.edges.font.size }, edge.font || {});
        edge.font = Object.assign({}, edge.loudFont, { size: 0 });
      }
    });
  }

  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var container = document.getElementById("mynetwork");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  var groupShown = {};
  var showContext = true;
  var contextBox = document.getElementById("show-context");

  // ---------------------------------------------------------- filter by kind (the legend)
  function visible(node) {
    return groupShown[node.group] !== false && (showContext || node.role !== "context");
  }
  function applyFilters() {
    nodes.update(nodes.get().map(function (n) { return { id: n.id, hidden: !visible(n) }; }));
  }
  var boxes = document.querySelectorAll("#legend input[data-group]");
  boxes.forEach(function (box) {
    groupShown[box.dataset.group] = box.checked;
    box.addEventListener("change", function () {
      groupShown[box.dataset.group] = box.checked;
      applyFilters();
    });
  });
  if (contextBox) {
    contextBox.addEventListener("change", function () {
      showContext = contextBox.checked;
      applyFilters();
    });
  }
  function reveal(node) {
    if (visible(node)) return;
    groupShown[node.group] = true;
    boxes.forEach(function (box) { if (box.dataset.group === node.group) box.checked = true; });
    if (node.role === "context" && contextBox) { showContext = true; contextBox.checked = true; }
    applyFilters();
  }

  // ---------------------------------------------------------- search
  var index = data.nodes.map(function (n) {
    return { id: n.id, label: fold(fullLabel(n)), rest: fold(kindLabel(n) + "\n" + n.id) };
  });
  var input = document.getElementById("search");
  var results = document.getElementById("results");
  var SHOWN = 12;
  // Best first: the label itself, then labels starting with the query, then containing it,
  // then kinds and IRIs containing it.
  function matches(query) {
    var q = fold(query.trim());
    if (!q) return [];
    var found = [];
    index.forEach(function (entry, i) {
      var at = entry.label.indexOf(q);
      var rank = entry.label === q ? 0 : at === 0 ? 1 : at > 0 ? 2 : entry.rest.indexOf(q) !== -1 ? 3 : -1;
      if (rank >= 0) found.push([rank, entry.label, i, entry.id]);
    });
    found.sort(function (a, b) { return a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : a[2] - b[2]); });
    return found.map(function (f) { return f[3]; });
  }
  function choose(id) {
    var node = nodes.get(id);
    if (!node) return;
    reveal(node);
    results.replaceChildren();
    network.selectNodes([id]);
    nameRelations([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: false });
    showNode(id);
  }
  input.addEventListener("input", function () {
    var found = matches(input.value);
    results.replaceChildren();
    found.slice(0, SHOWN).forEach(function (id) {
      var node = byId[id];
      var button = el("button", fullLabel(node));
      button.type = "button";
      button.appendChild(el("span", " · " + kindLabel(node), "kind"));
      button.addEventListener("click", function () { choose(id); });
      var item = el("li");
      item.appendChild(button);
      results.appendChild(item);
    });
    if (found.length > SHOWN) results.appendChild(el("li", "… and " + (found.length - SHOWN) + " more", "more"));
    if (input.value.trim() && !found.length) results.appendChild(el("li", "no match", "more"));
    var selected = found.filter(function (id) { return visible(nodes.get(id)); });
    network.selectNodes(selected);
    nameRelations(selected);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      var found = matches(input.value);
      if (found.length) choose(found[0]);
    } else if (event.key === "Escape") {
      input.value = "";
      results.replaceChildren();
      network.unselectAll();
      nameRelations([]);
    }
  });

  // ---------------------------------------------------------- details panel
  var panel = document.getElementById("details-body");
  function linkTo(id, text) {
    var button = el("button", text);
    button.type = "button";
    button.addEventListener("click", function () { choose(id); });
    var item = el("li");
    item.appendChild(button);
    return item;
  }
  function showNode(id) {
    var node = byId[id];
    if (!node) return;
    panel.replaceChildren();
    panel.appendChild(el("p", kindLabel(node) + (node.role === "context" ? " (context)" : ""), "kind"));
    panel.appendChild(el("h3", fullLabel(node)));
    panel.appendChild(el("p", node.id, "iri"));
    if (node.quotes && node.quotes.length) {
      panel.appendChild(el("h4", node.quotes.length === 1 && !node.moreQuotes ? "Quote" : "Quotes"));
      node.quotes.forEach(function (q) {
        panel.appendChild(el("blockquote", "“" + q[0] + "”"));
        if (q[1]) panel.appendChild(el("p", "— " + sourceLine(q[1], node.date), "cite"));
      });
      if (node.moreQuotes) panel.appendChild(el("p", "… and " + node.moreQuotes + " more (tradekg query provenance)", "cite"));
    }
    if (node.sources && node.sources.length) {
      panel.appendChild(el("h4", "Source"));
      var list = el("ul");
      node.sources.forEach(function (iri) { list.appendChild(el("li", sourceLine(iri, node.date))); });
      panel.appendChild(list);
    } else if (node.date) {
      panel.appendChild(el("p", "Date: " + node.date, "cite"));
    }
    var connected = network.getConnectedEdges(id).map(function (e) { return edges.get(e); });
    if (connected.length) {
      panel.appendChild(el("h4", "Relations"));
      var rel = el("ul");
      connected.forEach(function (e) {
        var other = e.from === id ? e.to : e.from;
        rel.appendChild(linkTo(other, e.from === id ? "—" + e.label + "→ " + labelOf(other)
                                                    : "←" + e.label + "— " + labelOf(other)));
      });
      panel.appendChild(rel);
    }
  }
  function showEdge(id) {
    var edge = edges.get(id);
    if (!edge) return;
    panel.replaceChildren();
    panel.appendChild(el("p", "relation" + (edge.role === "context" ? " (context)" : ""), "kind"));
    panel.appendChild(el("h3", edge.relation));
    panel.appendChild(el("p", edge.predicate, "iri"));
    var list = el("ul");
    list.appendChild(linkTo(edge.from, "from: " + labelOf(edge.from)));
    list.appendChild(linkTo(edge.to, "to: " + labelOf(edge.to)));
    panel.appendChild(list);
  }
  var named = [];  // quiet edges whose names are drawn, for the nodes chosen
  function nameRelations(chosen) {
    var wanted = {};
    chosen.forEach(function (id) { network.getConnectedEdges(id).forEach(function (e) { wanted[e] = true; }); });
    var updates = [];
    named.forEach(function (id) {
      if (!wanted[id]) updates.push({ id: id, font: Object.assign({}, edges.get(id).loudFont, { size: 0 }) });
    });
    named = Object.keys(wanted).filter(function (id) { var e = edges.get(id); return e && e.loudFont; });
    named.forEach(function (id) { updates.push({ id: id, font: edges.get(id).loudFont }); });
    if (updates.length) edges.update(updates);
  }
  network.on("select", function (params) { nameRelations(params.nodes); });
  network.on("deselectNode", function (params) { nameRelations(params.nodes); });
  network.on("click", function (params) {
    if (params.nodes.length) showNode(params.nodes[0]);
    else if (params.edges.length) showEdge(params.edges[0]);
  });

  // ---------------------------------------------------------- opening: whole if it can be read, else what matters
  // vis-network does not draw a label smaller than 5 px: fitting a large view on the screen
  // shows dots. So a view too large to read whole opens at a size that can be read, on what
  // it is about (the seed or the hubs and their first ring, or an answer), its left edge in view.
  var READABLE_PX = 11;  // the smallest label drawn at opening, in pixels on screen
  var MARGIN = 16;  // pixels kept clear between a label and the edge of the canvas
  var MAX_SCALE = 1.0;
  var openingData = tables.opening || { roots: [], ring: [], label: "" };
  var openingBar = document.getElementById("opening");
  function idsAt(list) { return list.map(function (i) { return data.nodes[i].id; }); }
  function boxOf(ids) {  // the drawn boxes (node with its label) of ids, in canvas coordinates
    var box = null;
    ids.forEach(function (id) {
      var b = network.getBoundingBox(id);
      if (!b) return;
      if (!box) box = { left: b.left, top: b.top, right: b.right, bottom: b.bottom };
      else {
        box.left = Math.min(box.left, b.left); box.top = Math.min(box.top, b.top);
        box.right = Math.max(box.right, b.right); box.bottom = Math.max(box.bottom, b.bottom);
      }
    });
    return box;
  }
  function smallestFont(ids) {
    var least = Infinity;
    ids.forEach(function (id) {
      var n = network.body.nodes[id];
      if (n && n.options.font && n.options.font.size < least) least = n.options.font.size;
    });
    return least === Infinity ? 16 : least;
  }
  function fitting(box) {  // the scale at which box fits inside the canvas, MARGIN clear
    var w = container.clientWidth - 2 * MARGIN, h = container.clientHeight - 2 * MARGIN;
    return Math.min(MAX_SCALE, w / Math.max(1, box.right - box.left), h / Math.max(1, box.bottom - box.top));
  }
  function middle(box) { return { x: (box.left + box.right) / 2, y: (box.top + box.bottom) / 2 }; }
  function shownIds() { return nodes.getIds({ filter: function (n) { return !n.hidden; } }); }
  function showAll() {
    var box = boxOf(shownIds());
    if (box) network.moveTo({ position: middle(box), scale: fitting(box), animation: false });
  }
  // Where the page opens: {position, scale, whole} (whole: the view fits, readable).
  function openingFrame() {
    var all = shownIds();
    var whole = boxOf(all);
    if (!whole) return null;
    var roots = idsAt(openingData.roots), part = roots.concat(idsAt(openingData.ring));
    var readable = READABLE_PX / smallestFont(part.length ? part : all);
    var wholeScale = fitting(whole);
    if (wholeScale >= readable || !part.length) return { position: middle(whole), scale: wholeScale, whole: true };
    var box = boxOf(part);
    var partScale = fitting(box);
    if (partScale >= readable) return { position: middle(box), scale: partScale, whole: false };
    // Larger than the screen at a readable size: the drawing's left edge (the roots' column)
    // MARGIN from the canvas's, and the rows around the roots, kept within the part's height.
    var left = Math.min(whole.left, box.left);
    var scale = snapRight(left, all, readable);
    var w = container.clientWidth / scale, h = container.clientHeight / scale, m = MARGIN / scale;
    var x = left - m + w / 2;
    var around = boxOf(roots.slice(0, 1)) || box;
    var y = (around.top + around.bottom) / 2;
    if (box.bottom - box.top + 2 * m <= h) y = (box.top + box.bottom) / 2;
    else y = Math.max(box.top - m + h / 2, Math.min(box.bottom + m - h / 2, y));
    var rootsBox = boxOf(roots);
    var kept = rootsBox && rootsBox.bottom - rootsBox.top + 2 * m <= h ? rootsBox : around;
    return { position: { x: x, y: fewestCut(x, y, w, h, m, kept, all) }, scale: scale, whole: false };
  }
  // A scale a little larger than ``least`` (a third at most) at which the canvas's right edge
  // falls between two columns, so that no label is cut there; else ``least``.
  function snapRight(left, ids, least) {
    var across = container.clientWidth - 2 * MARGIN;
    var boxes = ids.map(function (id) { return network.getBoundingBox(id); }).filter(Boolean);
    var rights = boxes.map(function (b) { return b.right; })
      .filter(function (r) { return r > left && r <= left + across / least; })
      .sort(function (a, b) { return b - a; });
    for (var i = 0; i < rights.length; i++) {
      var scale = across / (rights[i] - left);
      if (scale > least * 4 / 3) break;
      var edge = rights[i] + MARGIN / scale;
      if (!boxes.some(function (b) { return b.left < edge && b.right > edge; })) return scale;
    }
    return least;
  }
  // A height a little way from ``y`` (a quarter of the screen at most) at which the fewest
  // labels in view are cut by the top or bottom edge, ``root`` kept whole: each box's top at
  // the top edge, or its bottom at the bottom edge, is tried.
  function fewestCut(x, y, w, h, m, root, ids) {
    var boxes = [];
    ids.forEach(function (id) {
      var b = network.getBoundingBox(id);
      if (b && b.right > x - w / 2 && b.left < x + w / 2) boxes.push(b);
    });
    var low = root.bottom + m - h / 2, high = root.top - m + h / 2;  // y keeping the root whole
    function cut(c) {
      var top = c - h / 2, bottom = c + h / 2, n = 0;
      boxes.forEach(function (b) { if ((b.top < top && b.bottom > top) || (b.top < bottom && b.bottom > bottom)) n++; });
      return n;
    }
    var best = y, fewest = cut(y);
    boxes.forEach(function (b) {
      [b.top - m + h / 2, b.bottom + m - h / 2].forEach(function (c) {
        if (c < low || c > high || Math.abs(c - y) > h / 4) return;
        var n = cut(c);
        if (n < fewest || (n === fewest && Math.abs(c - y) < Math.abs(best - y))) { best = c; fewest = n; }
      });
    });
    return best;
  }
  function showOpening() {
    var frame = openingFrame();
    if (frame) network.moveTo({ position: frame.position, scale: frame.scale, animation: false });
    return frame;
  }
  function openingControls() {
    document.getElementById("opening-what").textContent = openingData.label || "part of the graph";
    document.getElementById("opening-all").addEventListener("click", showAll);
    document.getElementById("opening-back").addEventListener("click", showOpening);
    openingBar.hidden = false;
  }

  // ---------------------------------------------------------- settle, then say so
  function ready() { document.body.setAttribute("data-ready", "true"); }
  if (data.options.physics && data.options.physics.enabled && data.nodes.length) {
    // A bounded number of physics steps, then a still picture the reader can rearrange.
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      network.fit();
      ready();
    });
  } else {
    // Laid out already: frame it once the labels are measured (the first drawing).
    network.once("afterDrawing", function () {
      var frame = openingFrame();
      if (frame && !frame.whole && openingBar) {
        openingControls();  // the bar above the canvas takes room from it: frame in what is left
        network.setSize("100%", "100%");
      }
      showOpening();
      ready();
    });
    network.redraw();
  }
  window.tradekg = { network: network, nodes: nodes, edges: edges, choose: choose, showAll: showAll,
                     showOpening: showOpening, openingFrame: openingFrame, READABLE_PX: READABLE_PX, MARGIN: MARGIN };
})();
