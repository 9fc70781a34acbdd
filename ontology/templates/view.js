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
    network.selectNodes(found.filter(function (id) { return visible(nodes.get(id)); }));
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      var found = matches(input.value);
      if (found.length) choose(found[0]);
    } else if (event.key === "Escape") {
      input.value = "";
      results.replaceChildren();
      network.unselectAll();
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
  network.on("click", function (params) {
    if (params.nodes.length) showNode(params.nodes[0]);
    else if (params.edges.length) showEdge(params.edges[0]);
  });

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
    // Laid out already: fit once the labels are measured (the first drawing), so that none is cut.
    network.once("afterDrawing", function () {
      network.fit({ animation: false });
      ready();
    });
    network.redraw();
  }
  window.tradekg = { network: network, nodes: nodes, edges: edges, choose: choose };
})();
