  // --- explorer v2 (inlined into explorer.js by page.py): charts, network, statement groups,
  // figure conflicts, printable sheet, CSV export. Same helpers, same rule: text only via textContent.
  const SVG_NS = "http://www.w3.org/2000/svg";
  function svgEl(tag, attrs, ...kids) {
    const el = document.createElementNS(SVG_NS, tag);
    for (const [k, v] of Object.entries(attrs || {})) if (v != null) el.setAttribute(k, v);
    for (const kid of kids.flat(Infinity)) if (kid != null) el.append(kid instanceof Node ? kid : String(kid));
    return el;
  }
  const TYPE_COLOURS = {country: "#1f9e9e", person: "#6a51c9", outlet: "#d08a00", organization: "#2f8f3a", location: "#d9572b", other: "#8a8a6a"};
  // Indices of the n largest values of `col` (ties by position), among the rows `keep` accepts.
  function topBy(col, n, keep = () => true) {
    const rows = [];
    for (let i = 0; i < col.length; i++) if (col[i] > 0 && keep(i)) rows.push(i);
    return rows.sort((a, b) => col[b] - col[a] || a - b).slice(0, n);
  }

  // --- CSV export of what a view shows ------------------------------------------------------------
  // Cells opening a formula get a leading ' as in the pipeline's CSVs (numbers never).
  function csvCell(v) {
    if (v == null) return "";
    if (typeof v === "number") return String(v);
    let text = String(v);
    if (/^'*[=+\-@\t\r]/.test(text)) text = "'" + text;
    return /[",\n\r]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }
  const toCsv = (head, rows) => "\ufeff" + [head, ...rows].map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n";
  function exportButton(name, head, rowsOf) {
    const button = h("button", {type: "button", class: "export", onclick: async () => {
      const rows = await rowsOf(await texts());
      const a = h("a", {href: URL.createObjectURL(new Blob([toCsv(head, rows)], {type: "text/csv;charset=utf-8"})), download: name + ".csv"});
      button.dataset.rows = rows.length;
      document.body.append(a); a.click(); a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 10000);
    }}, tr("Export CSV"));
    return button;
  }
  const ATT_HEAD = ["doc_id", "title", "date", "sent_id", "source", "source_type", "cue", "cue_type", "content", "sentence"];
  function attRow(i, t) {
    const A = D.atts, d = X.adoc[i], s = A.sent[i], text = t[d] || "";
    return [D.docs.id[d], D.docs.title[d], D.docs.date[d] || D.docs.dateText[d], sentNo(s), A.src[i] >= 0 ? D.ents.name[A.src[i]] : A.label[i],
      A.srcType[i], text.slice(A.cueStart[i], A.cueEnd[i]), A.cueType[i], A.cStart[i] >= 0 ? text.slice(A.cStart[i], A.cEnd[i]) : "",
      text.slice(D.sents.start[s], D.sents.end[s])];
  }

  // --- charts -------------------------------------------------------------------------------------------
  // Horizontal bars, one per item {label, value, href, colour}; drawn in a viewBox, so they scale to 400 px.
  function barChart(items, label) {
    const W = 640, ROW = 22, LEFT = 200, top = Math.max(1, ...items.map((it) => it.value));
    return svgEl("svg", {viewBox: `0 0 ${W} ${items.length * ROW + 6}`, class: "chart bars", role: "img", "aria-label": label},
      items.map((it, k) => {
        const y = k * ROW + 3, w = Math.max(1, (W - LEFT - 60) * it.value / top);
        const name = it.label.length > 28 ? it.label.slice(0, 27) + "…" : it.label;
        return svgEl("g", {class: "bar"},
          svgEl("a", {href: it.href}, svgEl("text", {x: LEFT - 6, y: y + 15, "text-anchor": "end", class: "axis"}, name)),
          svgEl("rect", {x: LEFT, y, width: w, height: ROW - 6, fill: it.colour || "#4a78b0"}, svgEl("title", {}, `${it.label}: ${it.value}`)),
          svgEl("text", {x: LEFT + w + 4, y: y + 15, class: "axis"}, String(it.value)));
      }));
  }
  // Counts of values in 12 bins (on a log scale when the values span more than two orders of magnitude).
  function histogram(values, label) {
    const W = 640, H = 220, B = 40, L = 36, N = 12, lo = values[0], hi = values[values.length - 1];
    const log = lo > 0 && hi / lo > 100, f = log ? Math.log10 : (v) => v, a = f(lo), span = (f(hi) - a) || 1;
    const bins = new Array(N).fill(0);
    for (const v of values) bins[Math.min(N - 1, Math.floor((f(v) - a) / span * N))]++;
    const edge = (k) => (log ? 10 ** (a + span * k / N) : a + span * k / N), top = Math.max(...bins), bw = (W - L) / N;
    return svgEl("svg", {viewBox: `0 0 ${W} ${H}`, class: "chart histogram", role: "img", "aria-label": label},
      svgEl("line", {x1: L, y1: H - B, x2: W, y2: H - B, stroke: "#888"}),
      svgEl("text", {x: 2, y: 14, class: "axis"}, String(top)),
      bins.map((n, k) => svgEl("rect", {x: L + k * bw + 1, y: H - B - (H - B - 20) * n / top, width: bw - 2, height: (H - B - 20) * n / top, fill: "#4a78b0"},
        svgEl("title", {}, `${num(edge(k))} – ${num(edge(k + 1))}: ${n}`))),
      svgEl("text", {x: L, y: H - B + 16, class: "axis"}, num(lo)),
      svgEl("text", {x: W, y: H - B + 16, class: "axis", "text-anchor": "end"}, num(hi)),
      svgEl("text", {x: (W + L) / 2, y: H - 6, class: "axis", "text-anchor": "middle"}, log ? tr("value (log scale)") : tr("value")));
  }
  function charts(arg, params) {
    const type = TYPES.includes(params.type) ? params.type : "";
    const ents = topBy(D.ents.mentions, 15, (i) => !type || D.ents.type[i] === type);
    const sources = topBy(D.ents.source, 15);
    const item = (e, col) => ({label: D.ents.name[e], value: D.ents[col][e], href: "#entity=" + enc(D.ents.id[e]), colour: TYPE_COLOURS[D.ents.type[e]]});
    const units = new Map();
    D.qtys.lemma.forEach((u, q) => { if (u && D.qtys.value[q] != null) (units.get(u) || units.set(u, []).get(u)).push(D.qtys.value[q]); });
    const unitList = [...units].sort((a, b) => b[1].length - a[1].length || collate(a[0], b[0]));
    const unit = units.has(params.unit) ? params.unit : (unitList[0] || [""])[0];
    const values = (units.get(unit) || []).slice().sort((a, b) => a - b);
    const link = (changes) => "#charts=" + ["all", ...Object.entries({type, unit, ...changes}).filter(([, v]) => v).map(([k, v]) => `${k}=${enc(v)}`)].join("&");
    return [h("h2", null, tr("Charts")),
      h("p", {class: "controls"}, h("a", {href: "#time"}, tr("Mentions per entity over time")), h("a", {href: "#time=sources"}, tr("Statements per source over time")), h("a", {href: "#network"}, tr("Network"))),
      h("h3", null, tr("Most mentioned entities")),
      h("div", {class: "controls"}, select([["", tr("all types")], ...TYPES.map((t) => [t, tr(t)])], type, (v) => { location.hash = link({type: v}); }, tr("Type"))),
      ents.length ? barChart(ents.map((e) => item(e, "mentions")), tr("Most mentioned entities")) : h("p", {class: "muted"}, tr("Nothing to show.")),
      h("h3", null, tr("Sources with the most statements")),
      sources.length ? barChart(sources.map((e) => item(e, "source")), tr("Sources with the most statements")) : h("p", {class: "muted"}, tr("Nothing to show.")),
      h("h3", null, tr("Figures per unit")),
      unitList.length ? [h("div", {class: "controls"}, select(unitList.slice(0, 200).map(([u, vs]) => [u, `${u} (${vs.length})`]), unit, (v) => { location.hash = link({unit: v}); }, tr("Unit"))),
        h("p", {class: "muted", id: "unit-summary"}, tr("{0} figures of {1}, from {2} to {3}", values.length, unit, num(values[0]), num(values[values.length - 1]))),
        histogram(values, tr("Figures per unit"))] : h("p", {class: "muted"}, tr("Nothing to show."))];
  }

  // --- network: who is mentioned with whom (same sentence), who speaks about whom ---------------------------
  function networkEdges(speaks, keep) {
    const edges = new Map(), A = D.atts, M = D.ments;
    const add = (a, b) => { const key = a + "," + b; edges.set(key, (edges.get(key) || 0) + 1); };
    if (speaks) {
      for (let i = 0; i < A.sent.length; i++) {
        const src = A.src[i];
        if (src < 0 || A.cStart[i] < 0 || !keep(src)) continue;
        const named = new Set();
        for (const m of X.mBySent.of(A.sent[i])) if (M.start[m] >= A.cStart[i] && M.end[m] <= A.cEnd[i] && M.ent[m] !== src && keep(M.ent[m])) named.add(M.ent[m]);
        for (const o of named) add(src, o);
      }
    } else {
      for (let s = 0; s < D.sents.doc.length; s++) {
        const ms = X.mBySent.of(s);
        if (ms.length < 2) continue;
        const here = [...new Set(Array.from(ms, (m) => M.ent[m]))].filter(keep).sort((a, b) => a - b);
        for (let x = 0; x < here.length; x++) for (let y = x + 1; y < here.length; y++) add(here[x], here[y]);
      }
    }
    return [...edges].map(([key, w]) => { const [a, b] = key.split(",").map(Number); return {a, b, w}; });
  }
  // Force-directed layout (Fruchterman-Reingold), deterministic: nodes start on a circle.
  function layout(n, edges, W, H) {
    const pos = Array.from({length: n}, (_, i) => [W / 2 + W / 3 * Math.cos(2 * Math.PI * i / n), H / 2 + H / 3 * Math.sin(2 * Math.PI * i / n)]);
    const k = Math.sqrt(W * H / Math.max(1, n)) * 0.45;
    let temp = W / 8;
    for (let it = 0; it < 300; it++) {
      const disp = pos.map(() => [0, 0]);
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) {
        const dx = pos[i][0] - pos[j][0], dy = pos[i][1] - pos[j][1], d = Math.max(0.01, Math.hypot(dx, dy)), f = k * k / d;
        disp[i][0] += dx / d * f; disp[i][1] += dy / d * f; disp[j][0] -= dx / d * f; disp[j][1] -= dy / d * f;
      }
      for (const {a, b, w} of edges) {
        const dx = pos[a][0] - pos[b][0], dy = pos[a][1] - pos[b][1], d = Math.max(0.01, Math.hypot(dx, dy)), f = d * d / k * (1 + Math.log(w)) / 2;
        disp[a][0] -= dx / d * f; disp[a][1] -= dy / d * f; disp[b][0] += dx / d * f; disp[b][1] += dy / d * f;
      }
      pos.forEach((p, i) => {  // gravity: unlinked groups stay in the picture instead of piling up at its edges
        disp[i][0] += (W / 2 - p[0]) * k / 40; disp[i][1] += (H / 2 - p[1]) * k / 40;
        const d = Math.max(0.01, Math.hypot(disp[i][0], disp[i][1])), step = Math.min(d, temp);
        p[0] = Math.min(W - 60, Math.max(60, p[0] + disp[i][0] / d * step));
        p[1] = Math.min(H - 20, Math.max(20, p[1] + disp[i][1] / d * step));
      });
      temp *= 0.97;
    }
    return pos;
  }
  // A triangle pointing at `to`, two thirds of the way along the link (no marker: nothing referenced by URL).
  function arrowHead(from, to) {
    const dx = to[0] - from[0], dy = to[1] - from[1], d = Math.max(0.01, Math.hypot(dx, dy)), ux = dx / d, uy = dy / d;
    const tip = [from[0] + dx * 0.66, from[1] + dy * 0.66], back = [tip[0] - ux * 9, tip[1] - uy * 9];
    const pts = [tip, [back[0] - uy * 4, back[1] + ux * 4], [back[0] + uy * 4, back[1] - ux * 4]];
    return svgEl("polygon", {points: pts.map((p) => p.join(",")).join(" "), class: "arrow"});
  }
  function network(arg, params) {
    const speaks = arg === "speaks", N = state.net, focus = X.entById.get(params.focus);
    const type = TYPES.includes(params.type) ? params.type : "";
    const all = networkEdges(speaks, (e) => !type || D.ents.type[e] === type || e === focus);
    const weight = new Map();
    for (const {a, b, w} of all) if (focus === undefined || a === focus || b === focus) for (const e of [a, b]) weight.set(e, (weight.get(e) || 0) + w);
    const q = N.q.trim().toLowerCase();
    const nodes = [...weight].filter(([e]) => !q || e === focus || X.entKey[e].includes(q)).sort((x, y) => y[1] - x[1] || x[0] - y[0]).slice(0, N.size).map(([e]) => e);
    const at = new Map(nodes.map((e, i) => [e, i]));
    const edges = all.filter(({a, b}) => at.has(a) && at.has(b) && (focus === undefined || a === focus || b === focus))
      .map(({a, b, w}) => ({a: at.get(a), b: at.get(b), w, from: a, to: b}));
    const W = 800, H = 560, pos = layout(nodes.length, edges, W, H), wmax = Math.max(1, ...nodes.map((e) => weight.get(e)));
    const href = (changes, mode = speaks ? "speaks" : "co") => "#network=" + mode + Object.entries({type, focus: params.focus, ...changes}).filter(([, v]) => v).map(([k, v]) => `&${k}=${enc(v)}`).join("");
    const graph = svgEl("svg", {viewBox: `0 0 ${W} ${H}`, class: "chart network", id: "network-graph", role: "img", "aria-label": tr("Network")},
      edges.map(({a, b, w, from, to}) => svgEl("g", {},
        svgEl("line", {x1: pos[a][0], y1: pos[a][1], x2: pos[b][0], y2: pos[b][1], class: "edge", "stroke-width": 1 + Math.log2(w)},
          svgEl("title", {}, `${D.ents.name[from]} ${speaks ? "→" : "–"} ${D.ents.name[to]}: ${w}`)),
        speaks ? arrowHead(pos[a], pos[b]) : null)),
      nodes.map((e, i) => svgEl("a", {href: "#entity=" + enc(D.ents.id[e]), class: "node", "data-id": D.ents.id[e]},
        svgEl("circle", {cx: pos[i][0], cy: pos[i][1], r: 4 + 10 * Math.sqrt(weight.get(e) / wmax), fill: TYPE_COLOURS[D.ents.type[e]]}),
        svgEl("text", {x: pos[i][0] + 8, y: pos[i][1] + 4, class: "label"}, D.ents.name[e]))));
    const size = h("input", {type: "number", min: 5, max: 150, value: N.size, "aria-label": tr("Nodes"), onchange: (ev) => { N.size = Math.max(5, Math.min(150, Number(ev.target.value) || 40)); go(); }});
    const search = h("input", {type: "search", placeholder: tr("Name"), "aria-label": tr("Name"), value: N.q, onchange: (ev) => { N.q = ev.target.value; go(); }});
    const sorted = edges.slice().sort((x, y) => y.w - x.w || x.a - y.a || x.b - y.b);
    return [h("h2", null, tr("Network")),
      h("p", {class: "controls"}, h("a", {href: href({}, "co"), class: speaks ? null : "active"}, tr("Mentioned together")),
        h("a", {href: href({}, "speaks"), class: speaks ? "active" : null}, tr("Who speaks about whom"))),
      h("p", {class: "muted"}, speaks ? tr("An arrow from a source to each entity named in its statements; thicker: more statements.")
        : tr("A line between two entities named in the same sentence; thicker: more sentences."),
        focus === undefined ? "" : [" ", tr("Around {0}.", D.ents.name[focus]), " ", h("a", {href: href({focus: ""})}, tr("Whole network"))]),
      h("div", {class: "controls"}, select([["", tr("all types")], ...TYPES.map((t) => [t, tr(t)])], type, (v) => { location.hash = href({type: v}); }, tr("Type")),
        h("label", null, tr("Nodes") + " ", size), search,
        exportButton("rete", ["from", "to", "weight"], () => sorted.map(({from, to, w}) => [D.ents.name[from], D.ents.name[to], w]))),
      h("p", {class: "muted", id: "network-count"}, tr("{0} entities, {1} links", nodes.length, edges.length)),
      nodes.length ? graph : h("p", {class: "muted"}, tr("Nothing to show.")),
      h("details", null, h("summary", null, tr("The links as a table")),
        table([tr("from"), tr("to"), tr("weight")], sorted.slice(0, 100).map(({from, to, w}) => h("tr", null, h("td", null, entLink(from)), h("td", null, entLink(to)), h("td", {class: "n"}, w)))))];
  }

  // --- statement groups and figure conflicts --------------------------------------------------------------
  function groupMembers() {
    if (!X.byGroup) X.byGroup = groupBy(D.members.group, D.groups.id.length);
    return X.byGroup;
  }
  function groupRows(q) {
    const G = D.groups, rows = [];
    for (let g = 0; g < G.id.length; g++) {
      const first = D.members.att[groupMembers().of(g)[0]], e = D.atts.src[first];
      const who = e >= 0 ? D.ents.name[e] : D.atts.label[first];
      if (!q || who.toLowerCase().includes(q) || G.outlets[g].toLowerCase().includes(q)) rows.push(g);
    }
    return rows;
  }
  function groups() {
    const box = h("div");
    let rows = [];
    const fill = () => {
      rows = groupRows(state.groupq.trim().toLowerCase());
      box.textContent = "";
      box.append(h("p", {class: "muted", id: "group-count"}, tr("{0} statements repeated across documents", rows.length)),
        withTexts((t) => paged(h("ul", {class: "items", id: "groups"}), rows.length, (k) => {
          const g = rows[k], ms = groupMembers().of(g), first = D.members.att[ms[0]];
          return h("li", null, h("a", {href: "#group=" + enc(D.groups.id[g]), class: "group-link"}, tr("{0} documents", D.groups.docs[g])),
            D.groups.outlets[g] ? " · " + D.groups.outlets[g].split("|").join(", ") : "", h("br"),
            sentence(t, D.atts.sent[first], attSpans(first)), h("br"),
            h("span", {class: "muted"}, tr("first seen: ")), docRef(X.adoc[first], D.atts.sent[first]));
        })));
    };
    const search = h("input", {type: "search", placeholder: tr("Source or outlet"), "aria-label": tr("Source or outlet"), value: state.groupq,
      oninput: debounce((ev) => { state.groupq = ev.target.value; fill(); })});
    const csv = exportButton("dichiarazioni-ripetute", ["group_id", ...ATT_HEAD, "similarity"], (t) =>
      rows.flatMap((g) => Array.from(groupMembers().of(g), (m) => [D.groups.id[g], ...attRow(D.members.att[m], t), D.members.sim[m]])));
    fill();
    return [h("h2", null, tr("Repeated statements")),
      h("p", {class: "muted"}, tr("The same statement from the same source in several documents (near-identical words, numbers aside), first seen first.")),
      h("div", {class: "controls"}, search, csv), box];
  }
  function groupView(id) {
    const g = D.groups.id.indexOf(id);
    if (g < 0) return [h("h2", null, tr("Statement not found")), h("p", null, id)];
    const ms = groupMembers().of(g);
    return [h("p", null, h("a", {href: "#groups"}, tr("← Repeated statements"))),
      h("h2", {id: "group-title"}, tr("Statement repeated in {0} documents", D.groups.docs[g])),
      h("p", {class: "muted"}, D.groups.outlets[g] ? tr("Outlets: {0}", D.groups.outlets[g].split("|").join(", ")) : tr("No outlet known (the documents have no URL).")),
      withTexts((t) => h("ol", {class: "items", id: "members"}, Array.from(ms, (m) => {
        const a = D.members.att[m];
        return h("li", null, attItem(t, a), h("span", {class: "muted"}, tr("similarity to the first: {0}", num(D.members.sim[m]))));
      })))];
  }
  function conflictSide(t, c) {
    const C = D.claims, q = C.qty[c], e = C.src[c];
    return h("td", null, h("strong", null, e >= 0 ? entLink(e) : C.label[c]), ": ", h("span", {class: "qty"}, qtyText(t, q)), h("br"),
      sentence(t, D.qtys.sent[q], [[D.qtys.start[q], D.qtys.end[q], "qty"]]), h("br"), docRef(X.qdoc[q], D.qtys.sent[q]));
  }
  function conflicts() {
    const F = D.conflicts, box = h("div");
    let rows = [];
    const fill = () => {
      const q = state.conflictq.trim().toLowerCase();
      rows = [];
      for (let i = 0; i < F.a.length; i++) {
        const unit = D.qtys.lemma[D.claims.qty[F.a[i]]];
        if (!q || unit.toLowerCase().includes(q) || F.shared[i].toLowerCase().includes(q)) rows.push(i);
      }
      box.textContent = "";
      box.append(h("p", {class: "muted", id: "conflict-count"}, tr("{0} pairs of figures that disagree", rows.length)),
        withTexts((t) => {
          const [body, more] = paged(h("tbody"), rows.length, (k) => {
            const i = rows[k], q = D.claims.qty[F.a[i]];
            return h("tr", null, h("td", null, D.qtys.lemma[q], h("br"), h("span", {class: "muted"}, F.shared[i].split("|").join(", "))),
              conflictSide(t, F.a[i]), conflictSide(t, F.b[i]));
          }, 30);
          return [h("div", {class: "scroll"}, h("table", {id: "conflict-table"},
            h("thead", null, h("tr", null, [tr("about"), tr("first"), tr("then")].map((c) => h("th", null, c)))), body)), more];
        }));
    };
    const side = (c, t) => {
      const C = D.claims, q = C.qty[c], d = X.qdoc[q];
      return [D.docs.id[d], D.docs.date[d], C.src[c] >= 0 ? D.ents.name[C.src[c]] : C.label[c], qtyText(t, q), D.qtys.value[q], t[d].slice(D.sents.start[D.qtys.sent[q]], D.sents.end[D.qtys.sent[q]])];
    };
    const head = ["unit", "shared", ...["doc_id", "date", "source", "figure", "value", "sentence"].flatMap((c) => [c + "_a"]),
      ...["doc_id", "date", "source", "figure", "value", "sentence"].map((c) => c + "_b")];
    const csv = exportButton("cifre-in-conflitto", head, (t) => rows.map((i) => [D.qtys.lemma[D.claims.qty[F.a[i]]], F.shared[i], ...side(F.a[i], t), ...side(F.b[i], t)]));
    const search = h("input", {type: "search", placeholder: tr("Unit or entity"), "aria-label": tr("Unit or entity"), value: state.conflictq,
      oninput: debounce((ev) => { state.conflictq = ev.target.value; fill(); })});
    fill();
    return [h("h2", null, tr("Conflicting figures")),
      h("p", {class: "muted"}, tr("Two sources giving different figures of the same unit about the same entity or statement, within a week of each other.")),
      h("div", {class: "controls"}, search, csv), box];
  }

  // --- printable sheet: the statements of one source -----------------------------------------------------------
  function sheet(id) {
    const e = X.entById.get(id);
    if (e === undefined) return [h("h2", null, tr("Entity not found")), h("p", null, id)];
    const atts = Array.from(X.aBySrc.of(e)).sort((a, b) => (D.docs.date[X.adoc[a]] || "9").localeCompare(D.docs.date[X.adoc[b]] || "9") || a - b);
    const claims = X.cBySrc.of(e);
    return [h("p", {class: "noprint"}, h("a", {href: "#entity=" + enc(id)}, "← " + D.ents.name[e]), " ",
        h("button", {type: "button", onclick: () => window.print()}, tr("Print")), " ",
        exportButton("dichiarazioni", ATT_HEAD, (t) => atts.map((i) => attRow(i, t)))),
      h("h2", {id: "sheet-title"}, tr("Statements of {0}", D.ents.name[e])),
      h("p", {class: "muted"}, tr("{0} statements and {1} figures in {2} documents", atts.length, claims.length, new Set(atts.map((a) => X.adoc[a])).size)),
      withTexts((t) => table([tr("date"), tr("document"), tr("cue"), tr("statement")], atts.map((i) => {
        const d = X.adoc[i];
        return h("tr", null, h("td", {class: "date"}, D.docs.date[d] || D.docs.dateText[d]), h("td", null, docRef(d, D.atts.sent[i])),
          h("td", null, t[d].slice(D.atts.cueStart[i], D.atts.cueEnd[i])), h("td", null, sentence(t, D.atts.sent[i], attSpans(i))));
      }))),
      claims.length ? [h("h3", null, tr("Figures it reported")), withTexts((t) => claimTable(t, claims))] : null];
  }
