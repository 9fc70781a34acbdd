/* tradekg timeline page: draws the lanes and items with vis-timeline, and wires the tooltip,
   the details panel, the conflicts and the undated list. Labels, quotes and titles are
   untrusted text: items and lanes get DOM elements built with textContent (vis-timeline
   appends them as they are), and panels are filled with textContent; nothing is parsed as HTML. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("tradekg-data").textContent);
  var GLYPH = { claim: "\u25CF", status: "\u25C6", measure: "\u25AC", flag: "\u2691" };

  function el(tag, text, className) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (className) e.className = className;
    return e;
  }
  function clip(text, n) { text = String(text || ""); return text.length <= n ? text : text.slice(0, n - 1) + "\u2026"; }
  function words(kind) { return String(kind).replace(/-/g, " "); }

  var byId = {};
  data.items.forEach(function (item) { byId[item.id] = item; });
  data.undated.forEach(function (item) { byId[item.id] = item; });

  function itemContent(item) {
    var span = el("span");
    var conflicted = item.conflicts && item.conflicts.length;
    if (conflicted) span.appendChild(el("span", GLYPH.flag + " ", "flag"));
    if (item.type === "status") {
      span.appendChild(el("span", GLYPH.status + " status: " + item.label));
    } else if (item.type === "measure") {
      span.appendChild(el("span", (item.action === "pauses" ? "paused" : (item.rate || item.action) + " in force") +
                              ": " + item.measureLabel + (item.open ? " \u2192" : "")));
    } else {
      // A claim dated to a month, a year or a span is drawn at its first day, its date said.
      if (item.end) span.appendChild(el("span", "\u25CB " + item.date + " ", "kind"));
      span.appendChild(el("span", words(item.kind) + ": ", "kind"));
      span.appendChild(document.createTextNode(clip(item.label, 90)));
    }
    return span;
  }

  function tipText(item) {
    var lines = [];
    if (item.type === "status") {
      lines.push("Status change: " + item.step + " \u2192 " + item.status, "by: " + item.claimLabel);
    } else if (item.type === "measure") {
      lines.push(item.label, "from " + item.start + ", " + item.until);
    } else {
      lines.push(words(item.kind).charAt(0).toUpperCase() + words(item.kind).slice(1) + ", " + item.date, item.label);
      if (item.change) lines.push("Changes: " + item.change);
    }
    if (item.quote) lines.push("\u201C" + clip(item.quote, 320) + "\u201D");
    if (item.source && item.source.label) lines.push("Source: " + item.source.label);
    (item.conflicts || []).forEach(function (n) {
      var c = data.conflicts[n];
      lines.push(GLYPH.flag + " " + c.class + ": " + c.explanation);
    });
    return lines.join("\n");
  }

  var groups = new vis.DataSet(data.lanes.map(function (lane, i) {
    return { id: lane.id, content: el("span", lane.label), className: "lane-" + lane.kind, order: i };
  }));
  var items = new vis.DataSet(data.items.map(function (item) {
    var classes = [item.type];
    if (item.conflicts && item.conflicts.length) classes.push("conflict");
    if (item.type === "measure") {
      if (item.open) classes.push("open");
      if (item.action === "pauses") classes.push("paused");
    }
    var drawn = { id: item.id, group: item.lane, start: item.start, content: itemContent(item),
                  className: classes.join(" ") };
    if (item.end && item.type === "measure") { drawn.end = item.end; drawn.type = "range"; }
    else { drawn.type = "point"; if (item.end) drawn.className += " span"; }
    return drawn;
  }));

  var container = document.getElementById("timeline");
  var days = data.items.map(function (i) { return i.start; }).concat(
    data.items.filter(function (i) { return i.end; }).map(function (i) { return i.end; })).sort();
  var options = {
    stack: true, orientation: { axis: "top", item: "top" }, verticalScroll: true, zoomKey: "",
    height: container.clientHeight + "px", margin: { item: { horizontal: 4, vertical: 4 }, axis: 6 },
    groupOrder: "order", selectable: true, multiselect: true, showCurrentTime: false, tooltip: { delay: 1e9 },
    zoomMin: 1000 * 60 * 60 * 24 * 3,
    // Ready once vis-timeline has drawn everything the first time (it stays hidden until then)
    // and the latest labels fit on the canvas.
    onInitialDrawComplete: function () { fitLabels(); }
  };
  if (days.length) {
    var first = new Date(days[0]), last = new Date(days[days.length - 1]);
    var pad = Math.max((last - first) * 0.03, 1000 * 60 * 60 * 24 * 5);
    options.start = new Date(first.getTime() - pad);
    // Room on the right for the labels of the last items, which are drawn right of their day.
    options.end = new Date(last.getTime() + Math.max((last - first) * 0.5, 1000 * 60 * 60 * 24 * 20));
  }
  var timeline = new vis.Timeline(container, items, groups, options);

  // A point's label is drawn right of its day: the labels of the latest items would run off the
  // right edge. Widen the window to the right, once, just enough for every drawn label that can
  // fit (narrower than most of the canvas) to end on it: an item at x px with a label w px wide
  // fits when the window spans (day - start) * width / (width - w) from its start.
  function fitLabels() {
    var panel = container.querySelector(".vis-panel.vis-center");
    var end = null;
    if (panel) {
      var box = panel.getBoundingClientRect(), width = panel.clientWidth, w = timeline.getWindow();
      var span = w.end - w.start;
      container.querySelectorAll(".vis-item.vis-point").forEach(function (el) {
        var r = el.getBoundingClientRect();
        if (r.right <= box.right || r.width > width * 0.8) return;
        var day = w.start.getTime() + (r.left - box.left) / width * span;
        var needed = w.start.getTime() + (day - w.start.getTime()) * width / (width - r.width - 16);
        end = Math.max(end || 0, needed);
      });
    }
    if (end === null) { document.body.dataset.ready = "true"; return; }
    var redrawn = function () { timeline.off("changed", redrawn); document.body.dataset.ready = "true"; };
    timeline.on("changed", redrawn);
    timeline.setWindow(timeline.getWindow().start, new Date(end), { animation: false });
  }

  // The tooltip: plain text, near the pointer.
  var tip = document.getElementById("tip");
  timeline.on("itemover", function (props) {
    var item = byId[props.item];
    if (!item) return;
    tip.textContent = tipText(item);
    var x = props.event.clientX, y = props.event.clientY;
    tip.style.left = Math.min(x + 14, window.innerWidth - 460) + "px";
    tip.style.top = Math.min(y + 14, window.innerHeight - 200) + "px";
    tip.style.visibility = "visible";
    tip.dataset.item = props.item;
  });
  timeline.on("itemout", function () { tip.style.visibility = "hidden"; });

  // The details panel.
  var body = document.getElementById("details-body");
  function row(dl, key, value) {
    if (value === undefined || value === null || value === "") return;
    dl.appendChild(el("dt", key));
    dl.appendChild(el("dd", value));
  }
  function showDetails(item) {
    body.textContent = "";
    var kind = item.type === "status" ? "status change" : item.type === "measure" ? "measure interval" : words(item.kind);
    body.appendChild(el("p", kind, "kind"));
    body.appendChild(el("h3", item.type === "status" ? item.step + " \u2192 " + item.status : item.label));
    var dl = el("dl");
    if (item.type === "measure") {
      row(dl, "from", item.start + (item.date && item.date !== item.start ? " (as given: " + item.date + ")" : ""));
      row(dl, "to", item.until);
      row(dl, "act", item.action + (item.rate ? " " + item.rate : ""));
    } else if (item.type === "status") {
      row(dl, "demand", (byId[item.demand] || {}).label || item.demand);
      row(dl, "date", item.date);
      row(dl, "by", item.claimLabel);
    } else {
      row(dl, "date", item.date === undefined ? "undated: not placed in time" :
          item.date + (item.ownDate ? "" : " (the date of its report)"));
      row(dl, "changes", item.change);
    }
    row(dl, "source", item.source && item.source.label);
    row(dl, "reported", item.reported || "no report date");
    body.appendChild(dl);
    if (item.quote) body.appendChild(el("blockquote", "\u201C" + item.quote + "\u201D"));
    (item.conflicts || []).forEach(function (n) {
      var c = data.conflicts[n];
      var other = c.a === item.id ? c.bLabel : c.aLabel;
      body.appendChild(el("p", GLYPH.flag + " " + c.class + ": " + c.explanation + (other ? " (with: " + other + ")" : ""),
                          "flag"));
    });
    body.appendChild(el("p", item.claim || (item.type === "claim" || item.type === undefined ? item.id : ""), "iri"));
  }
  timeline.on("select", function (props) {
    if (props.items.length) showDetails(byId[props.items[props.items.length - 1]]);
  });

  function button(text, onClick) {
    var b = el("button", text);
    b.type = "button";
    b.addEventListener("click", onClick);
    return b;
  }
  var conflictList = document.getElementById("conflict-list");
  data.conflicts.forEach(function (c) {
    var li = el("li");
    li.appendChild(el("span", GLYPH.flag + " " + c.class + ": ", "flag"));
    li.appendChild(document.createTextNode(c.explanation));
    [[c.a, c.aLabel], [c.b, c.bLabel]].filter(function (pair) { return pair[0]; }).forEach(function (pair) {
      li.appendChild(el("br"));
      if (byId[pair[0]] && c.drawn) {
        li.appendChild(button(clip(pair[1], 140), function () {
          timeline.setSelection([c.a, c.b].filter(Boolean), { focus: true, animation: false });
          showDetails(byId[pair[0]]);
        }));
      } else {
        li.appendChild(el("span", clip(pair[1], 140) + " (not on this timeline)", "kind"));
      }
    });
    conflictList.appendChild(li);
  });
  var undatedList = document.getElementById("undated-list");
  data.undated.forEach(function (item) {
    var li = el("li");
    li.appendChild(el("span", words(item.kind) + ": ", "kind"));
    li.appendChild(button(clip(item.label, 160), function () { showDetails(item); }));
    undatedList.appendChild(li);
  });

  window.addEventListener("resize", function () { timeline.setOptions({ height: container.clientHeight + "px" }); });
  window.tradekgTimeline = timeline;  // for tests and the console
}());
