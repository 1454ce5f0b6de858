// The kg graph page. Every piece of data reaches the DOM through textContent (never innerHTML).
(function () {
  "use strict";
  var t0 = performance.now();
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var $ = function (id) { return document.getElementById(id); };
  var state = { kinds: {}, minUsd: 0, cycle: null, ready: false };
  var api = { data: data, ready: false, settleMs: null, iterations: 0, timings: { start: Math.round(t0) } };
  window.kgGraph = api;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }
  function short(v) {
    var units = [[1e12, "T"], [1e9, "B"], [1e6, "M"], [1e3, "K"]];
    for (var i = 0; i < units.length; i++) {
      if (Math.abs(v) >= units[i][0]) return +(v / units[i][0]).toPrecision(3) + units[i][1];
    }
    return String(v);
  }

  // ------------------------------------------------------------------ data sets and filters
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var nodeById = {}, edgesOf = {}, byName = {};
  var foldMap = data.fold || {};
  function fold(s) {  // lower case, Traditional -> Simplified (the page's own characters only)
    return Array.from(String(s).toLowerCase()).map(function (c) {
      return Object.prototype.hasOwnProperty.call(foldMap, c) ? foldMap[c] : c;
    }).join("");
  }
  data.nodes.forEach(function (n) {
    nodeById[n.id] = n;
    edgesOf[n.id] = [];
    byName[fold(n.kg.name)] = n.id;
  });
  data.nodes.forEach(function (n) {
    n.kg.aliases.forEach(function (a) {
      var k = fold(a);
      if (!(k in byName)) byName[k] = n.id;
    });
  });
  data.edges.forEach(function (e) {
    edgesOf[e.from].push(e);
    if (e.to !== e.from) edgesOf[e.to].push(e);
  });
  data.legend.kinds.forEach(function (k) { state.kinds[k.kind] = true; });

  function edgeShown(e) {
    if (!state.kinds[e.kg.kind]) return false;
    if (state.minUsd > 0 && !(e.kg.usdBest !== null && e.kg.usdBest >= state.minUsd)) return false;
    return true;
  }
  var shownNodes = null; // null: every node
  function recompute() {
    var filtering = state.minUsd > 0 || Object.keys(state.kinds).some(function (k) { return !state.kinds[k]; });
    if (!filtering) { shownNodes = null; return; }
    shownNodes = new Set();
    data.edges.forEach(function (e) {
      if (edgeShown(e)) { shownNodes.add(e.from); shownNodes.add(e.to); }
    });
  }
  var nodeView = new vis.DataView(nodes, {
    filter: function (n) { return shownNodes === null || shownNodes.has(n.id); }
  });
  var edgeView = new vis.DataView(edges, { filter: edgeShown });

  // ------------------------------------------------------------------ header
  $("title").textContent = data.title;
  document.title = data.title;
  var s = data.stats;
  var statsText = s.nodes + (s.nodes === 1 ? " entity" : " entities") + " · " + plural(s.edges, "deal") +
    (s.unpriced ? " (" + s.unpriced + " without an amount)" : "");
  if (s.totalEntities !== s.nodes || s.totalDeals !== s.edges) {
    statsText += " — of " + s.totalEntities + " entities and " + s.totalDeals + " deals in the store";
  }
  var filterText = Object.keys(data.filters).map(function (k) {
    var v = data.filters[k];
    return k.replace("_", " ") + " " + (Array.isArray(v) ? v.join(", ") : v);
  }).join("; ");
  if (filterText) statsText += " · " + filterText;
  $("stats").textContent = statsText;

  var names = $("names");
  data.nodes.forEach(function (n) {
    var o = document.createElement("option");
    o.value = n.kg.name;
    names.appendChild(o);
  });

  var maxUsd = 0;
  data.edges.forEach(function (e) { if (e.kg.usdBest && e.kg.usdBest > maxUsd) maxUsd = e.kg.usdBest; });
  var minSel = $("min-usd");
  var any = el("option", null, "any");
  any.value = "0";
  minSel.appendChild(any);
  [1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12].forEach(function (t) {
    if (t <= maxUsd) {
      var o = el("option", null, "≥ " + short(t) + " USD");
      o.value = String(t);
      minSel.appendChild(o);
    }
  });
  minSel.addEventListener("change", function () {
    state.minUsd = Number(minSel.value) || 0;
    refresh();
  });

  // ------------------------------------------------------------------ legend
  var lk = $("legend-kinds");
  data.legend.kinds.forEach(function (k) {
    var li = el("li"), label = el("label"), box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.dataset.kind = k.kind;
    box.addEventListener("change", function () { state.kinds[k.kind] = box.checked; refresh(); });
    var sw = el("span", "swatch-edge");
    sw.style.borderTopColor = k.color;
    var count = data.edges.filter(function (e) { return e.kg.kind === k.kind; }).length;
    label.appendChild(box);
    label.appendChild(document.createTextNode(" "));
    label.appendChild(sw);
    label.appendChild(document.createTextNode(" " + k.kind + " (" + count + ")"));
    li.appendChild(label);
    lk.appendChild(li);
  });
  data.legend.statuses.forEach(function (st) {
    var li = el("li"), sw = el("span", "swatch-edge");
    // the dash pattern the edges use (announced long dashes, planned dashes, rumoured dots, completed solid)
    sw.style.background = st.dashes
      ? "repeating-linear-gradient(90deg, #555 0 " + st.dashes[0] + "px, transparent " + st.dashes[0] + "px " + (st.dashes[0] + st.dashes[1]) + "px)"
      : "#555";
    li.appendChild(sw);
    li.appendChild(document.createTextNode(" " + st.status));
    $("legend-status").appendChild(li);
  });
  data.legend.types.forEach(function (t) {
    var li = el("li"), sw = el("span", "swatch-node");
    sw.style.background = t.color;
    sw.style.borderColor = t.border;
    li.appendChild(sw);
    var present = data.legend.typesPresent.indexOf(t.type) >= 0;
    li.appendChild(el("span", present ? null : "muted", t.type));
    $("legend-types").appendChild(li);
  });

  // ------------------------------------------------------------------ side panel
  var details = $("details");
  function kv(dl, key, value) {
    if (value === null || value === undefined || value === "") return;
    dl.appendChild(el("dt", null, key));
    dl.appendChild(el("dd", null, value));
  }
  function dealCard(e, focus) {
    var k = e.kg, card = el("div", "deal");
    card.style.borderLeftColor = (e.color && e.color.color) || "#999";
    var who = el("div", "who");
    who.textContent = k.payer + " → " + k.payee;
    if (focus !== undefined) who.textContent = (k.payer === focus ? "→ " + k.payee : "← " + k.payer);
    card.appendChild(who);
    card.appendChild(el("div", "meta", [k.kind, k.status, k.date || "no date"].join(" · ") + " · deal " + k.deal));
    var amount = el("div", "amount");
    var parts = [];
    if (k.amountText) parts.push(k.amountText);
    if (k.native && k.native.indexOf(" USD") < 0) parts.push(k.native);
    parts.push(k.usd);
    amount.textContent = parts.join("  ·  ");
    card.appendChild(amount);
    k.evidence.forEach(function (ev) {
      card.appendChild(el("blockquote", null, ev.text || ""));
      var src = [];
      if (ev.title) src.push("“" + ev.title + "”");
      if (ev.source) src.push(ev.source);
      if (ev.path) src.push(ev.path);
      if (ev.reprintOf) src.push("reprint of article " + String(ev.reprintOf).slice(0, 12));
      if (ev.article) src.push("article " + String(ev.article).slice(0, 12));
      card.appendChild(el("div", "source", "— " + src.join(" · ")));
    });
    if (k.moreEvidence) card.appendChild(el("div", "source", "and " + plural(k.moreEvidence, "more sentence")));
    if (!k.evidence.length && k.articles.length) {
      card.appendChild(el("div", "source", "articles: " + k.articles.join(", ")));
    }
    return card;
  }
  function byUsd(a, b) { return (b.kg.usdBest || 0) - (a.kg.usdBest || 0) || String(a.kg.deal).localeCompare(String(b.kg.deal)); }

  function showNode(id) {
    var n = nodeById[id];
    if (!n) return;
    var k = n.kg;
    clear(details);
    details.dataset.node = String(id);
    delete details.dataset.edge;
    details.appendChild(el("div", "entity-head", k.name));
    var dl = el("dl", "kv");
    kv(dl, "type", k.type + (k.discovered ? " (discovered)" : ""));
    kv(dl, "ticker", k.ticker);
    kv(dl, "also", k.aliases.join(", "));
    kv(dl, "inflow", k.inflow + " USD");
    kv(dl, "outflow", k.outflow + " USD");
    kv(dl, "net", k.net + " USD");
    kv(dl, "deals", k.dealsIn + " in, " + k.dealsOut + " out" + (k.unpriced ? ", " + k.unpriced + " without an amount" : ""));
    details.appendChild(dl);
    var mine = edgesOf[id].slice().sort(byUsd);
    var hidden = mine.filter(function (e) { return !edgeShown(e); }).length;
    details.appendChild(el("h2", null, "Deals (" + mine.length + ")"));
    if (hidden) details.appendChild(el("p", "hint", hidden + " of them hidden by the filters above"));
    var list = el("div", "deals");
    mine.forEach(function (e) { list.appendChild(dealCard(e, k.name)); });
    details.appendChild(list);
  }
  function showEdge(id) {
    var e = edges.get(id);
    if (!e) return;
    clear(details);
    details.dataset.edge = String(id);
    delete details.dataset.node;
    details.appendChild(el("h2", null, "Deal"));
    details.appendChild(dealCard(e));
    var told = e.kg.articles.length, indep = e.kg.independent == null ? told : e.kg.independent;
    var n = el("p", "hint", plural(indep, "independent article") + " told it" +
      (told > indep ? " (+" + plural(told - indep, "reprint") + ")" : ""));
    details.appendChild(n);
  }
  function showOverview(message) {
    clear(details);
    delete details.dataset.node;
    delete details.dataset.edge;
    details.appendChild(el("h2", null, "Overview"));
    if (message) details.appendChild(el("p", null, message));
    details.appendChild(el("p", "hint", "Click an entity for its deals, a deal for its evidence; find an entity by name or alias above."));
    var top = data.nodes.slice().sort(function (a, b) { return (b.kg.grossUsd || 0) - (a.kg.grossUsd || 0); }).slice(0, 8);
    if (top.length) {
      details.appendChild(el("h3", null, "Largest gross flow"));
      var ol = el("ol");
      top.forEach(function (n) {
        var li = el("li"), b = el("button", null, n.kg.name);
        b.type = "button";
        b.className = "linklike";
        b.style.cssText = "background:none;border:0;padding:0;color:#1a56a8;cursor:pointer;text-align:left";
        b.addEventListener("click", function () { focusNode(n.id); });
        li.appendChild(b);
        li.appendChild(document.createTextNode(" — " + n.kg.gross + " USD"));
        ol.appendChild(li);
      });
      details.appendChild(ol);
    }
  }

  // ------------------------------------------------------------------ network
  var container = $("graph");
  var status = $("status");
  if (!data.nodes.length) {
    status.textContent = "No deal matches the selection.";
  }
  api.timings.beforeNetwork = Math.round(performance.now());
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, data.options);
  api.timings.network = Math.round(performance.now());
  api.network = network;
  api.nodes = nodes;
  api.edges = edges;

  function markReady() {
    if (api.ready) return;
    api.ready = true;
    api.settleMs = Math.round(performance.now());
    document.body.dataset.ready = "1";
    if (data.nodes.length) {
      status.textContent = data.layout.stopPhysics
        ? "Layout settled in " + (api.settleMs / 1000).toFixed(1) + " s (" + api.iterations + " iterations), then stopped: drag nodes to arrange."
        : "";
    }
  }
  if (data.nodes.length) status.textContent = "Laying out " + plural(data.nodes.length, "node") + "…";
  network.on("stabilizationProgress", function (p) {
    api.iterations = p.iterations;
    status.textContent = "Laying out… " + p.iterations + "/" + p.total;
  });
  network.once("stabilizationIterationsDone", function () {
    if (data.layout.stopPhysics) network.setOptions({ physics: { enabled: false } });
    markReady();
  });
  network.once("stabilized", markReady);

  // The largest entities by flow keep a readable name at every zoom: when vis-network stops drawing
  // labels (zoomed out), draw theirs at a fixed screen size. api.labelled lists what was drawn.
  var TOP_LABELS = 15;
  var topIds = data.nodes.filter(function (n) { return n.kg.grossUsd; })
    .sort(function (a, b) { return b.kg.grossUsd - a.kg.grossUsd; })
    .slice(0, TOP_LABELS).map(function (n) { return n.id; });
  api.topIds = topIds;
  api.labelled = [];
  network.on("afterDrawing", function (ctx) {
    var scale = network.getScale();
    var px = 13, own = 14 * scale >= 5;  // vis-network's own label is drawn above its threshold
    api.labelled = [];
    topIds.forEach(function (id) {
      if (shownNodes !== null && !shownNodes.has(id)) return;
      var name = nodeById[id].kg.name;
      api.labelled.push({ id: id, name: name, own: own });
      if (own) return;
      var p = network.getPosition(id);
      ctx.save();
      ctx.font = "600 " + (px / scale) + "px system-ui, sans-serif";
      ctx.textAlign = "center";
      ctx.textBaseline = "top";
      ctx.lineWidth = 4 / scale;
      ctx.strokeStyle = "rgba(255,255,255,0.95)";
      var y = p.y + (nodeById[id].size || 10) + 2 / scale;
      ctx.strokeText(name, p.x, y);
      ctx.fillStyle = "#1d1d1f";
      ctx.fillText(name, p.x, y);
      ctx.restore();
    });
  });
  if (!data.nodes.length || !data.options.physics.enabled) markReady();

  function refresh() {
    network.storePositions();
    recompute();
    nodeView.refresh();
    edgeView.refresh();
    if (state.cycle !== null) highlightCycle(state.cycle);
    if (details.dataset.node) showNode(Number(details.dataset.node));
  }

  network.on("click", function (params) {
    if (params.nodes.length) showNode(params.nodes[0]);
    else if (params.edges.length) showEdge(params.edges[0]);
  });

  function focusNode(id) {
    if (shownNodes !== null && !shownNodes.has(id)) {
      showNode(id);
      details.insertBefore(el("p", "hint", "This entity is hidden by the filters above."), details.firstChild);
      return;
    }
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: { duration: 400 } });
    showNode(id);
  }
  function find(q) {
    q = fold(q.trim());
    if (!q) return null;
    if (q in byName) return byName[q];
    for (var i = 0; i < data.nodes.length; i++) {
      var k = data.nodes[i].kg;
      if (fold(k.name).indexOf(q) >= 0) return data.nodes[i].id;
      if (k.aliases.some(function (a) { return fold(a).indexOf(q) >= 0; })) return data.nodes[i].id;
    }
    return null;
  }
  var search = $("search");
  function runSearch() {
    var id = find(search.value);
    if (id === null) {
      if (search.value.trim()) showOverview("No entity matches “" + search.value.trim() + "”.");
      return;
    }
    focusNode(id);
  }
  search.addEventListener("change", runSearch);
  search.addEventListener("keydown", function (ev) { if (ev.key === "Enter") runSearch(); });
  $("fit").addEventListener("click", function () { network.fit({ animation: { duration: 300 } }); });

  // ------------------------------------------------------------------ cycles
  var cyclesBox = $("cycles"), clearBtn = $("cycle-clear");
  var note = s.cycles
    ? (s.cyclesShown < s.cycles ? "The " + s.cyclesShown + " largest of " + s.cycles + ", by" : plural(s.cycles, "cycle") + ", by") +
      " the amount that can go all the way round (bottleneck). Click one to highlight it."
    : "None in this graph.";
  if (!s.cyclesComplete) note += " (The search stopped at its time limit.)";
  $("cycles-note").textContent = note;
  data.cycles.forEach(function (c, i) {
    var li = el("li"), b = el("button", null, c.label);
    b.type = "button";
    b.addEventListener("click", function () {
      if (state.cycle === i) { clearCycle(); return; }
      highlightCycle(i);
      network.fit({ nodes: c.nodes, animation: { duration: 400 } });
    });
    li.appendChild(b);
    li.appendChild(el("div", "hint", "bottleneck " + c.bottleneck));
    cyclesBox.appendChild(li);
  });
  var dimmed = false;
  var look = {};  // each edge's own colour and width, to come back to
  data.edges.forEach(function (e) { look[e.id] = { color: e.color.color, opacity: e.color.opacity, width: e.width }; });
  function dim(nodeSet, edgeSet) {
    nodes.update(data.nodes.map(function (n) { return { id: n.id, opacity: nodeSet && !nodeSet.has(n.id) ? 0.2 : 1 }; }));
    edges.update(data.edges.map(function (e) {
      var o = look[e.id], on = edgeSet && edgeSet.has(e.id);
      return {
        id: e.id,
        color: { color: o.color, highlight: o.color, hover: o.color, opacity: edgeSet && !on ? 0.08 : o.opacity },
        width: on ? Math.max(o.width, 3) : o.width
      };
    }));
    dimmed = !!nodeSet;
  }
  function highlightCycle(i) {
    var c = data.cycles[i];
    state.cycle = i;
    Array.prototype.forEach.call(cyclesBox.children, function (li, j) { li.classList.toggle("active", j === i); });
    clearBtn.hidden = false;
    dim(new Set(c.nodes), new Set(c.edges));
    network.setSelection({ nodes: c.nodes.filter(function (id) { return nodeView.get(id); }), edges: c.edges.filter(function (id) { return edgeView.get(id); }) }, { highlightEdges: false });
  }
  function clearCycle() {
    state.cycle = null;
    Array.prototype.forEach.call(cyclesBox.children, function (li) { li.classList.remove("active"); });
    clearBtn.hidden = true;
    if (dimmed) dim(null, null);
    network.unselectAll();
  }
  clearBtn.addEventListener("click", clearCycle);
  api.highlightCycle = highlightCycle;
  api.clearCycle = clearCycle;
  api.focusNode = focusNode;

  showOverview();
})();
