/* tradekg view page: draws the network, and wires the kind filter, the search box and the
   details panel. Labels, quotes and titles are untrusted text: they are only ever set with
   textContent (vis-network shows a string tooltip with innerText), never parsed as HTML. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("tradekg-data").textContent);
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var container = document.getElementById("mynetwork");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  var groupShown = {};
  var showContext = true;
  var contextBox = document.getElementById("show-context");

  function fold(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function el(tag, text, className) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (className) e.className = className;
    return e;
  }

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
    return { id: n.id, key: fold(n.fullLabel + "\n" + n.kindLabel + "\n" + n.id) };
  });
  var input = document.getElementById("search");
  var results = document.getElementById("results");
  var SHOWN = 12;
  function matches(query) {
    var q = fold(query.trim());
    if (!q) return [];
    return index.filter(function (entry) { return entry.key.indexOf(q) !== -1; })
                .map(function (entry) { return entry.id; });
  }
  function choose(id) {
    var node = nodes.get(id);
    if (!node) return;
    reveal(node);
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: false });
    showNode(id);
  }
  input.addEventListener("input", function () {
    var found = matches(input.value);
    results.replaceChildren();
    found.slice(0, SHOWN).forEach(function (id) {
      var node = nodes.get(id);
      var button = el("button", node.fullLabel);
      button.type = "button";
      button.dataset.id = id;
      button.appendChild(el("span", node.kindLabel, "kind"));
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
  function label(id) {
    var node = nodes.get(id);
    return node ? node.fullLabel : id;
  }
  function dated(source, claimDate) {
    var parts = [source.title];
    if (source.publisher) parts.push(source.publisher);
    parts.push(claimDate || source.issued || "undated");
    return parts.join(" · ");
  }
  function showNode(id) {
    var node = nodes.get(id);
    if (!node) return;
    panel.replaceChildren();
    panel.appendChild(el("p", node.kindLabel + (node.role === "context" ? " (context)" : ""), "kind"));
    panel.appendChild(el("h3", node.fullLabel));
    panel.appendChild(el("p", node.id, "iri"));
    var details = node.details || {};
    var titles = {};
    (details.sources || []).forEach(function (s) { titles[s.iri] = s; });
    if (details.quotes && details.quotes.length) {
      panel.appendChild(el("h4", details.quotes.length === 1 ? "Quote" : "Quotes"));
      details.quotes.forEach(function (q) {
        panel.appendChild(el("blockquote", "“" + q.text + "”"));
        if (q.source && titles[q.source]) panel.appendChild(el("p", "— " + dated(titles[q.source], details.date), "cite"));
      });
      if (details.moreQuotes) panel.appendChild(el("p", "… and " + details.moreQuotes + " more", "cite"));
    }
    if (details.sources && details.sources.length) {
      panel.appendChild(el("h4", "Source"));
      var list = el("ul");
      details.sources.forEach(function (s) { list.appendChild(el("li", dated(s, details.date))); });
      panel.appendChild(list);
    } else if (details.date) {
      panel.appendChild(el("p", "Date: " + details.date, "cite"));
    }
    var connected = network.getConnectedEdges(id).map(function (e) { return edges.get(e); });
    if (connected.length) {
      panel.appendChild(el("h4", "Relations"));
      var rel = el("ul");
      connected.forEach(function (e) {
        var other = e.from === id ? e.to : e.from;
        var text = e.from === id ? "—" + e.label + "→ " + label(other) : "←" + e.label + "— " + label(other);
        var button = el("button", text);
        button.type = "button";
        button.addEventListener("click", function () { choose(other); });
        var item = el("li");
        item.appendChild(button);
        rel.appendChild(item);
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
    [[edge.from, "from"], [edge.to, "to"]].forEach(function (pair) {
      var button = el("button", pair[1] + ": " + label(pair[0]));
      button.type = "button";
      button.addEventListener("click", function () { choose(pair[0]); });
      var item = el("li");
      item.appendChild(button);
      var list = el("ul");
      list.appendChild(item);
      panel.appendChild(list);
    });
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
    network.once("afterDrawing", ready);
    network.redraw();
  }
  window.tradekg = { network: network, nodes: nodes, edges: edges, choose: choose };
})();
