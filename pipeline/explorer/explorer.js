"use strict";
// News explorer. Data: column-oriented tables (see pipeline/explorer/data.py), gzip + base64.
// Every node is built with textContent / append(string): document text is never parsed as HTML.
(() => {
  const PAGE = 50;
  // The interface language: strings of ui.tsv for the page's language, {0} {1} filled in.
  const UI = JSON.parse(document.getElementById("ui").textContent);
  const tr = (text, ...args) => (UI.strings[text] || text).replace(/\{(\d)\}/g, (_, i) => String(args[+i]));
  const TYPES = ["country", "person", "outlet", "organization", "location", "other"];
  const COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"];
  const view = document.getElementById("view");
  const fmt = new Intl.NumberFormat("it-IT", {maximumFractionDigits: 2});
  const collate = new Intl.Collator("it").compare;  // far faster than localeCompare on 100,000 names
  const state = {q: "", type: "", sort: "mentions", desc: true, timeline: null, grain: "",
                 who: {stype: "", ctype: "", doc: "", src: ""}, docq: "", docsort: "order", timeMode: "mentions",
                 net: {type: "", size: 40, q: ""}, chartType: "", unit: "", groupq: "", conflictq: ""};
  let D, X, textsPromise = null;

  // --- small helpers ----------------------------------------------------------------
  function h(tag, attrs, ...kids) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v == null || v === false) continue;
      if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
      else if (k === "class") el.className = v;
      else el.setAttribute(k, v === true ? "" : String(v));
    }
    for (const kid of kids.flat(Infinity)) {
      if (kid != null && kid !== false) el.append(kid instanceof Node ? kid : String(kid));
    }
    return el;
  }
  const enc = encodeURIComponent;
  const safeUrl = (u) => /^https?:\/\//i.test(u || "");
  const num = (v) => (v == null ? "" : fmt.format(v));
  const chip = (type) => h("span", {class: "chip e-" + type}, tr(type));

  async function unpack(id) {
    const b64 = document.getElementById(id).textContent.trim();
    let bytes;
    if (Uint8Array.fromBase64) bytes = Uint8Array.fromBase64(b64);
    else {
      const bin = atob(b64);
      bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    }
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return JSON.parse(await new Response(stream).text());
  }
  const texts = () => textsPromise || (textsPromise = unpack("texts"));

  // Row indices grouped by a key in [0, n): of(k) lists the rows whose key is k.
  function groupBy(keys, n) {
    const start = new Int32Array(n + 1);
    for (const k of keys) if (k >= 0) start[k + 1]++;
    for (let i = 0; i < n; i++) start[i + 1] += start[i];
    const fill = start.slice(0, n), rows = new Int32Array(start[n]);
    keys.forEach((k, i) => { if (k >= 0) rows[fill[k]++] = i; });
    return {of: (k) => rows.subarray(start[k], start[k + 1]), count: (k) => start[k + 1] - start[k]};
  }

  function buildIndex() {
    const nDocs = D.docs.id.length, nEnts = D.ents.id.length, sdoc = D.sents.doc;
    const mdoc = D.ments.sent.map((s) => sdoc[s]);
    const adoc = D.atts.sent.map((s) => sdoc[s]);
    const qdoc = D.qtys.sent.map((s) => sdoc[s]);
    return {
      nDocs, nEnts, mdoc, adoc, qdoc,
      mByEnt: groupBy(D.ments.ent, nEnts), mByDoc: groupBy(mdoc, nDocs),
      aBySrc: groupBy(D.atts.src, nEnts), aByDoc: groupBy(adoc, nDocs),
      qByDoc: groupBy(qdoc, nDocs), cBySrc: groupBy(D.claims.src, nEnts),
      sByDoc: groupBy(sdoc, nDocs), mBySent: groupBy(D.ments.sent, sdoc.length),
      entKey: D.ents.name.map((n, i) => (n + " " + D.ents.id[i]).toLowerCase()),
      entById: new Map(D.ents.id.map((id, i) => [id, i])),
      docById: new Map(D.docs.id.map((id, i) => [id, i])),
    };
  }

  // Text split at every span edge; each piece carries the classes of the spans covering it,
  // and a span with a label gets it right after its end (displaCy style).
  function marked(text, spans) {
    const clamp = (x) => Math.max(0, Math.min(text.length, x));
    spans = spans.map(([a, b, cls, label]) => [clamp(a), clamp(b), cls, label]).filter((s) => s[0] < s[1]);
    const cuts = [...new Set([0, text.length, ...spans.flatMap((s) => [s[0], s[1]])])].sort((a, b) => a - b);
    const out = [];
    for (let i = 0; i + 1 < cuts.length; i++) {
      const a = cuts[i], b = cuts[i + 1], piece = text.slice(a, b);
      const on = spans.filter((s) => s[0] <= a && s[1] >= b);
      out.push(on.length ? h("span", {class: on.map((s) => s[2]).join(" ")}, piece) : piece);
      for (const s of spans) if (s[3] && s[1] === b) out.push(h("span", {class: "lab"}, tr(s[3])));
    }
    return out;
  }
  // The sentence `s` with spans given in document offsets.
  function sentence(t, s, spans) {
    const d = D.sents.doc[s], a = D.sents.start[s], b = D.sents.end[s];
    return h("q", {class: "sent"}, marked(t[d].slice(a, b), spans.map(([x, y, c, l]) => [x - a, y - a, c, l])));
  }
  function attSpans(i) {
    const A = D.atts;
    return [[A.cStart[i], A.cEnd[i], "content"], [A.srcStart[i], A.srcEnd[i], "src"], [A.cueStart[i], A.cueEnd[i], "cue"]];
  }
  // The address of a document, or of one of its sentences (global sentence index `s`).
  const sentNo = (s) => s - X.sByDoc.of(D.sents.doc[s])[0];
  const docHref = (d, s) => "#doc=" + enc(D.docs.id[d]) + (s == null ? "" : "&s=" + sentNo(s));
  function docRef(d, s) {
    const date = D.docs.date[d] || D.docs.dateText[d], url = D.docs.url[d];
    return h("span", {class: "ref"}, h("a", {href: docHref(d, s)}, D.docs.title[d] || D.docs.id[d]),
      date ? " · " + date : "", safeUrl(url) ? [" · ", h("a", {href: url, rel: "noopener noreferrer", target: "_blank"}, tr("original article"))] : "");
  }
  const entLink = (e) => h("a", {href: "#entity=" + enc(D.ents.id[e])}, D.ents.name[e]);

  // Append items [0, total) to `list` PAGE at a time; returns the list and its "more" button.
  function paged(list, total, item, size = PAGE) {
    let shown = 0;
    const more = h("button", {class: "more", type: "button"});
    const step = () => {
      const end = Math.min(total, shown + size);
      const frag = document.createDocumentFragment();
      for (; shown < end; shown++) frag.append(item(shown));
      list.append(frag);
      more.textContent = tr("Show more ({0} left)", total - shown);
      more.hidden = shown >= total;
    };
    more.addEventListener("click", step);
    step();
    return [list, more];
  }
  // A block that needs the texts: a placeholder until they are unpacked.
  function withTexts(fill) {
    const box = h("div", {class: "texts"}, h("p", {class: "muted loading"}, tr("Loading texts…")));
    texts().then((t) => { box.textContent = ""; box.append(...[fill(t)].flat()); });
    return box;
  }
  function table(head, rows) {
    return h("div", {class: "scroll"}, h("table", null, h("thead", null, h("tr", null, head.map((c) => h("th", null, c)))),
      h("tbody", null, rows)));
  }
  function select(options, value, onchange, label) {
    return h("label", null, label + " ", h("select", {onchange: (ev) => onchange(ev.target.value)},
      options.map(([v, text]) => h("option", {value: v, selected: v === value}, text))));
  }
  function debounce(fn, ms = 120) {
    let timer;
    return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
  }
  const distinct = (values) => [...new Set(values)].filter((v) => v).sort();

  // --- views -----------------------------------------------------------------------------
  function overview() {
    const M = D.meta, byType = new Map(TYPES.map((t) => [t, [0, 0]]));
    D.ents.type.forEach((t, i) => { const c = byType.get(t) || [0, 0]; c[0]++; c[1] += D.ents.mentions[i]; byType.set(t, c); });
    const dates = M.dates ? `${M.dates[0]} – ${M.dates[1]}` + (M.undated ? tr(" ({0} undated)", M.undated) : "") : tr("no dates");
    const top = TYPES.map((t) => {
      const ids = [];
      for (let i = 0; i < X.nEnts && ids.length < 5; i++) if (D.ents.type[i] === t) ids.push(i);
      return ids.length ? h("li", null, chip(t), " ", ids.map((e, k) => [k ? ", " : "", entLink(e), ` (${D.ents.mentions[e]})`])) : null;
    });
    return [h("h2", null, tr("Overview")),
      h("dl", {class: "facts"},
        h("dt", null, tr("Documents")), h("dd", null, `${M.documents}` + (M.rejected ? tr(" ({0} rejected)", M.rejected) : "")
          + (M.duplicates ? tr(" ({0} duplicates left out)", M.duplicates) : "")),
        h("dt", null, tr("Dates covered")), h("dd", null, dates),
        h("dt", null, tr("Sentences")), h("dd", null, D.sents.doc.length),
        h("dt", null, tr("Entity mentions")), h("dd", null, D.ments.ent.length),
        h("dt", null, tr("Attributions")), h("dd", null, D.atts.sent.length),
        h("dt", null, tr("Figures")), h("dd", null, D.qtys.sent.length + tr(" ({0} with a source)", D.claims.qty.length))),
      h("h3", null, tr("Entities by type")),
      table([tr("type"), tr("entities"), tr("mentions")], [...byType].filter(([, c]) => c[0]).map(([t, c]) =>
        h("tr", null, h("td", null, chip(t)), h("td", {class: "n"}, c[0]), h("td", {class: "n"}, c[1])))),
      h("h3", null, tr("Most mentioned")), h("ul", {class: "top"}, top)];
  }

  const ENT_COLUMNS = () => [["type", tr("type")], ["name", tr("name")], ["mentions", tr("mentions")],
                             ["documents", tr("docs")], ["source", tr("as source")], ["figures", tr("figures")]];
  function entityRows() {
    const q = state.q.trim().toLowerCase(), rows = [];
    for (let i = 0; i < X.nEnts; i++) {
      if ((!state.type || D.ents.type[i] === state.type) && (!q || X.entKey[i].includes(q))) rows.push(i);
    }
    if (state.sort !== "mentions" || !state.desc) {  // the data comes sorted by mentions, descending
      const col = D.ents[state.sort], sign = state.desc ? -1 : 1;
      const cmp = typeof col[0] === "string" ? (a, b) => collate(col[a], col[b]) : (a, b) => col[a] - col[b];
      rows.sort((a, b) => sign * cmp(a, b) || a - b);
    }
    return rows;
  }
  function entities() {
    const body = h("tbody"), count = h("p", {class: "muted", id: "entity-count"}), foot = h("div");
    const head = h("tr", null, ENT_COLUMNS().map(([key, label]) => h("th", {class: key === "type" ? "tcol" : null}, h("button", {type: "button", class: "sort",
      "aria-sort": state.sort === key ? (state.desc ? "descending" : "ascending") : null,
      onclick: () => { state.desc = state.sort === key ? !state.desc : key !== "name" && key !== "type"; state.sort = key; go(); }},
      label + (state.sort === key ? (state.desc ? " ▼" : " ▲") : "")))));
    const fill = () => {
      const rows = entityRows();
      body.textContent = ""; foot.textContent = "";
      count.textContent = tr("{0} of {1} entities", rows.length, X.nEnts);
      foot.append(paged(body, rows.length, (k) => {
        const e = rows[k];
        return h("tr", {"data-id": D.ents.id[e]}, h("td", {class: "tcol"}, chip(D.ents.type[e])),
          h("td", {class: "name t-" + D.ents.type[e]}, entLink(e)),
          ["mentions", "documents", "source", "figures"].map((c) => h("td", {class: "n"}, D.ents[c][e])));
      }, 100)[1]);
    };
    const search = h("input", {type: "search", id: "entity-search", placeholder: tr("Search entities"), value: state.q,
      "aria-label": tr("Search entities"), oninput: debounce((ev) => { state.q = ev.target.value; fill(); })});
    const types = select([["", tr("all types")], ...TYPES.map((t) => [t, tr(t)])], state.type, (v) => { state.type = v; fill(); }, tr("Type"));
    fill();
    const csv = exportButton("entita", ["type", "name", "canonical_id", "mentions", "documents", "as_source", "figures"],
      () => entityRows().map((e) => [D.ents.type[e], D.ents.name[e], D.ents.id[e], D.ents.mentions[e], D.ents.documents[e], D.ents.source[e], D.ents.figures[e]]));
    return [h("h2", null, tr("Entities")), h("div", {class: "controls"}, search, types, csv), count,
      h("div", {class: "scroll"}, h("table", {id: "entity-table"}, h("thead", null, head), body)), foot];
  }

  function coMentioned(e, limit = 15) {
    const docs = new Set(Array.from(X.mByEnt.of(e), (m) => X.mdoc[m])), shared = new Map();
    for (const d of docs) {
      const seen = new Set();
      for (const m of X.mByDoc.of(d)) seen.add(D.ments.ent[m]);
      seen.delete(e);
      for (const o of seen) shared.set(o, (shared.get(o) || 0) + 1);
    }
    return [...shared].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, limit);
  }
  function entity(id) {
    const e = X.entById.get(id);
    if (e === undefined) return [h("h2", null, tr("Entity not found")), h("p", null, id)];
    const E = D.ents, ments = X.mByEnt.of(e), atts = X.aBySrc.of(e), claims = X.cBySrc.of(e);
    const co = coMentioned(e);
    return [h("p", null, h("a", {href: "#entities"}, tr("← Entities"))),
      h("h2", {id: "entity-name"}, E.name[e], " ", chip(E.type[e])),
      h("p", {class: "muted"}, E.id[e] + " · " + tr("{0} mentions in {1} documents · source of {2} attributions and {3} figures", E.mentions[e], E.documents[e], E.source[e], E.figures[e])),
      h("p", {class: "controls"}, D.meta.dates ? h("button", {type: "button", onclick: () => { timeline().add(e); location.hash = "time"; }}, tr("Show over time")) : null,
        h("a", {href: "#sheet=" + enc(E.id[e]), id: "sheet-link"}, tr("Printable sheet of its statements")),
        h("a", {href: "#network=speaks&focus=" + enc(E.id[e])}, tr("In the network"))),
      h("h3", null, tr("Mentions in context ({0})", ments.length)),
      withTexts((t) => paged(h("ul", {class: "items", id: "mentions"}), ments.length, (k) => {
        const m = ments[k];
        return h("li", null, sentence(t, D.ments.sent[m], [[D.ments.start[m], D.ments.end[m], "hit"]]), h("br"), docRef(X.mdoc[m], D.ments.sent[m]));
      }, 20)),
      h("h3", null, tr("Attributions it is the source of ({0})", atts.length)),
      withTexts((t) => paged(h("ul", {class: "items", id: "attributions"}), atts.length, (k) => attItem(t, atts[k]), 20)),
      h("h3", null, tr("Figures it reported ({0})", claims.length)),
      claims.length ? withTexts((t) => claimTable(t, claims)) : null,
      h("h3", null, tr("Most often mentioned with")),
      co.length ? h("ul", {class: "top", id: "comentions"}, co.map(([o, n]) => h("li", null, chip(E.type[o]), " ", entLink(o), tr(" · {0} shared documents", n))))
        : h("p", {class: "muted"}, tr("No other entity in its documents."))];
  }
  function attItem(t, i) {
    const A = D.atts;
    return h("li", null, sentence(t, A.sent[i], attSpans(i)), h("br"),
      h("span", {class: "muted"}, `${A.cueType[i]} · ${A.resolution[i]}${A.quote[i] ? " · " + tr("direct quote") : ""} · `), docRef(X.adoc[i], A.sent[i]));
  }
  function qtyText(t, q) {
    const d = X.qdoc[q];
    return t[d].slice(D.qtys.start[q], D.qtys.end[q]);
  }
  function value(q) {
    return num(D.qtys.value[q]) + (D.qtys.valueMax[q] == null ? "" : "–" + num(D.qtys.valueMax[q]));
  }
  function claimTable(t, claims) {
    const C = D.claims, Q = D.qtys;
    return table(["figure", "value", "unit", "kind", "cue", "document"].map((c) => tr(c)), Array.from(claims, (c) => {
      const q = C.qty[c];
      return h("tr", null, h("td", null, qtyText(t, q)), h("td", {class: "n"}, value(q)), h("td", null, Q.lemma[q]),
        h("td", null, Q.kind[q]), h("td", null, C.cue[c]), h("td", null, docRef(X.qdoc[q])));
    }));
  }

  function who() {
    const A = D.atts, W = state.who, box = h("div");
    let shown = [];
    const fill = () => {
      const dq = W.doc.trim().toLowerCase(), sq = W.src.trim().toLowerCase(), groups = new Map();
      for (let i = 0; i < A.sent.length; i++) {
        if ((W.stype && A.srcType[i] !== W.stype) || (W.ctype && A.cueType[i] !== W.ctype)) continue;
        const d = X.adoc[i];
        if (dq && !(D.docs.id[d].toLowerCase().includes(dq) || D.docs.title[d].toLowerCase().includes(dq))) continue;
        const e = A.src[i], label = e >= 0 ? D.ents.name[e] : A.label[i];  // merged people: one group
        if (sq && !label.toLowerCase().includes(sq)) continue;
        const key = e >= 0 ? "entity " + e : label, list = groups.get(key);
        if (list) list.rows.push(i); else groups.set(key, {label, rows: [i]});
      }
      const sorted = [...groups.values()].sort((a, b) => b.rows.length - a.rows.length || collate(a.label, b.label));
      shown = sorted.flatMap((g) => g.rows);
      box.textContent = "";
      box.append(h("p", {class: "muted"}, tr("{0} attributions from {1} sources", sorted.reduce((n, g) => n + g.rows.length, 0), sorted.length)));
      box.append(...paged(h("div", {id: "sources"}), sorted.length, (k) => {
        const {label, rows} = sorted[k], e = A.src[rows[0]];
        const body = h("div");
        const group = h("details", null, h("summary", null, e >= 0 ? entLink(e) : label, ` · ${A.srcType[rows[0]]} · ${rows.length}`), body);
        group.addEventListener("toggle", () => {
          if (group.open && !body.childNodes.length) body.append(withTexts((t) => paged(h("ul", {class: "items"}), rows.length, (j) => attItem(t, rows[j]), 20)));
        }, {once: false});
        return group;
      }, 30));
    };
    const opts = (values, all) => [["", all], ...distinct(values).map((v) => [v, v])];
    const controls = h("div", {class: "controls"},
      select(opts(A.srcType, tr("all")), W.stype, (v) => { W.stype = v; fill(); }, tr("Source type")),
      select(opts(A.cueType, tr("all")), W.ctype, (v) => { W.ctype = v; fill(); }, tr("Cue type")),
      h("input", {type: "search", placeholder: tr("Source"), "aria-label": tr("Source"), value: W.src, oninput: debounce((ev) => { W.src = ev.target.value; fill(); })}),
      h("input", {type: "search", placeholder: tr("Document id or title"), "aria-label": tr("Document"), value: W.doc, oninput: debounce((ev) => { W.doc = ev.target.value; fill(); })}),
      exportButton("chi-ha-detto-cosa", ATT_HEAD, () => shown.map(attRow)));
    fill();
    return [h("h2", null, tr("Who said what")), h("p", {class: "legend"}, h("span", {class: "src"}, tr("source")), " ", h("span", {class: "cue"}, tr("cue")), " ", h("span", {class: "content"}, tr("content"))), controls, box];
  }

  function median(sorted) {
    const n = sorted.length, m = n >> 1;
    return n % 2 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
  }
  function figures() {
    const Q = D.qtys, groups = new Map();
    for (let q = 0; q < Q.sent.length; q++) {
      const key = (Q.lemma[q] || tr("(no unit)")) + "\u0000" + Q.kind[q];
      const list = groups.get(key);
      if (list) list.push(q); else groups.set(key, [q]);
    }
    const sorted = [...groups].sort((a, b) => b[1].length - a[1].length || collate(a[0], b[0]));
    const detail = h("div", {id: "figure-detail"});
    const show = (key, rows) => {
      detail.textContent = "";
      detail.append(h("h3", null, key.replace("\u0000", " · ")), withTexts((t) => paged(h("ul", {class: "items"}), rows.length, (k) => {
        const q = rows[k];
        return h("li", null, sentence(t, Q.sent[q], [[Q.start[q], Q.end[q], "qty"]]), h("br"),
          h("span", {class: "muted"}, `${value(q)}${Q.approx[q] ? " (" + Q.approx[q] + ")" : ""} · `), docRef(X.qdoc[q], Q.sent[q]));
      })));
      detail.scrollIntoView({block: "nearest"});
    };
    const stats = (qs) => {
      const values = qs.map((q) => Q.value[q]).filter((v) => v != null).sort((a, b) => a - b);
      return values.length ? [values[0], median(values), values[values.length - 1]] : [null, null, null];
    };
    const csv = exportButton("cifre", ["unit", "kind", "figures", "documents", "min", "median", "max"], () => sorted.map(([key, qs]) =>
      [...key.split("\u0000"), qs.length, new Set(qs.map((q) => X.qdoc[q])).size, ...stats(qs)]));
    const rows = sorted.map(([key, qs]) => {
      const [lemma, kind] = key.split("\u0000");
      return h("tr", null, h("td", null, h("button", {type: "button", class: "link", onclick: () => show(key, qs)}, lemma)), h("td", null, kind),
        h("td", {class: "n"}, qs.length), h("td", {class: "n"}, new Set(qs.map((q) => X.qdoc[q])).size),
        ...stats(qs).map((v) => h("td", {class: "n"}, num(v))));
    });
    return [h("h2", null, tr("Figures")), h("p", {class: "muted"}, tr("{0} figures grouped by unit and kind; a range counts with its lower bound; values of different figures are never added up.", Q.sent.length)),
      h("div", {class: "controls"}, h("a", {href: "#charts"}, tr("Their distribution as a chart")), csv),
      table(["unit", "kind", "figures", "documents", "min", "median", "max"].map((c) => tr(c)), rows), detail];
  }

  function documentsView() {
    const body = h("tbody"), foot = h("div"), count = h("p", {class: "muted"});
    let rows = [];
    const fill = () => {
      const q = state.docq.trim().toLowerCase();
      rows = [];
      for (let d = 0; d < X.nDocs; d++) {
        if (!q || D.docs.id[d].toLowerCase().includes(q) || D.docs.title[d].toLowerCase().includes(q)) rows.push(d);
      }
      if (state.docsort !== "order") {
        const sign = state.docsort === "new" ? -1 : 1, dt = D.docs.date;
        rows.sort((a, b) => (!dt[a] - !dt[b]) || sign * dt[a].localeCompare(dt[b]) || a - b);  // undated last
      }
      body.textContent = ""; foot.textContent = "";
      count.textContent = tr("{0} of {1} documents", rows.length, X.nDocs);
      foot.append(paged(body, rows.length, (k) => {
        const d = rows[k], url = D.docs.url[d], date = D.docs.date[d] || D.docs.dateText[d];
        // date and link under the title: the table stays three narrow columns wide on a phone
        return h("tr", null, h("td", null, h("a", {href: "#doc=" + enc(D.docs.id[d])}, D.docs.title[d] || D.docs.id[d]),
          date || safeUrl(url) ? h("div", {class: "ref muted"}, date, date && safeUrl(url) ? " · " : "",
            safeUrl(url) ? h("a", {href: url, rel: "noopener noreferrer", target: "_blank"}, tr("original article")) : "") : null),
          [X.mByDoc.count(d), X.aByDoc.count(d), X.qByDoc.count(d)].map((n) => h("td", {class: "n"}, n)));
      })[1]);
    };
    const controls = h("div", {class: "controls"},
      h("input", {type: "search", placeholder: tr("Document id or title"), "aria-label": tr("Search documents"), value: state.docq,
        oninput: debounce((ev) => { state.docq = ev.target.value; fill(); })}),
      select([["order", tr("input order")], ["old", tr("oldest first")], ["new", tr("newest first")]], state.docsort, (v) => { state.docsort = v; fill(); }, tr("Sort")),
      exportButton("documenti", ["doc_id", "title", "date", "url", "entities", "attributions", "figures"], () => rows.map((d) =>
        [D.docs.id[d], D.docs.title[d], D.docs.date[d] || D.docs.dateText[d], D.docs.url[d], X.mByDoc.count(d), X.aByDoc.count(d), X.qByDoc.count(d)])));
    fill();
    return [h("h2", null, tr("Documents")), controls, count, h("div", {class: "scroll"}, h("table", null,
      h("thead", null, h("tr", null, ["document", "entities", "attrib.", "figures"].map((c) => h("th", null, tr(c))))), body)), foot];
  }

  // A long document shows in pages of whole sentences, about PAGE_CHARS characters each:
  // a 10 MB text never becomes one giant node list. [first, end) sentence positions per page.
  const PAGE_CHARS = 20000;
  function docPages(d) {
    const ss = X.sByDoc.of(d), pages = [];
    for (let k = 0, from = 0; k < ss.length; k++) {
      if (k === ss.length - 1 || D.sents.end[ss[k]] - D.sents.start[ss[from]] >= PAGE_CHARS) { pages.push([from, k + 1]); from = k + 1; }
    }
    return pages;
  }
  function docView(id, params) {
    const d = X.docById.get(id);
    if (d === undefined) return [h("h2", null, tr("Document not found")), h("p", null, id)];
    const ss = X.sByDoc.of(d), pages = docPages(d), target = params.s == null ? -1 : Number(params.s);
    let p = Math.max(0, Math.min(pages.length - 1, Number(params.p) || 0));
    if (target >= 0 && target < ss.length) p = pages.findIndex(([a, b]) => target >= a && target < b);
    const url = D.docs.url[d], href = "#doc=" + enc(D.docs.id[d]);
    const nav = pages.length > 1 ? h("p", {class: "pager"}, p > 0 ? h("a", {href: href + "&p=" + (p - 1)}, tr("← previous")) : null,
      " " + tr("page {0} of {1}", p + 1, pages.length) + " ", p + 1 < pages.length ? h("a", {href: href + "&p=" + (p + 1)}, tr("next →")) : null) : null;
    return [h("p", null, h("a", {href: "#documents"}, tr("← Documents"))),
      h("h2", null, D.docs.title[d] || D.docs.id[d]),
      h("p", {class: "muted"}, D.docs.id[d], D.docs.date[d] || D.docs.dateText[d] ? " · " + (D.docs.date[d] || D.docs.dateText[d]) : "",
        safeUrl(url) ? [" · ", h("a", {href: url, rel: "noopener noreferrer", target: "_blank"}, url)] : ""),
      h("p", {class: "legend"}, TYPES.map((t) => [chip(t), " "]), h("span", {class: "src"}, tr("source")), " ", h("span", {class: "cue"}, tr("cue")), " ",
        h("span", {class: "content"}, tr("attributed content")), " ", h("span", {class: "qty"}, tr("figure"))),
      nav,
      withTexts((t) => {
        const box = h("div", {class: "doctext", id: "doctext"}, pages.length ? docPage(t[d], d, pages, p) : t[d]);
        if (target >= 0) {
          const el = box.querySelector("#s-" + target);
          if (el) { el.classList.add("target"); requestAnimationFrame(() => el.scrollIntoView({block: "center"})); }
        }
        return box;
      }),
      nav ? nav.cloneNode(true) : null];
  }
  // One page of a document: each sentence a span (id s-N, N its number in the document) with its marks.
  function docPage(text, d, pages, p) {
    const ss = X.sByDoc.of(d), [first, end] = pages[p], S = D.sents;
    const from = p === 0 ? 0 : S.start[ss[first]], to = p === pages.length - 1 ? text.length : S.start[ss[end]];
    const spans = [];
    for (const m of X.mByDoc.of(d)) spans.push([D.ments.start[m], D.ments.end[m], "ent e-" + D.ents.type[D.ments.ent[m]], D.ents.type[D.ments.ent[m]]]);
    for (const a of X.aByDoc.of(d)) spans.push(...attSpans(a));
    for (const q of X.qByDoc.of(d)) spans.push([D.qtys.start[q], D.qtys.end[q], "qty"]);
    const here = spans.filter(([a, b]) => a < to && b > from), out = [];
    let cursor = from;
    for (let k = first; k < end; k++) {
      const a = S.start[ss[k]], b = S.end[ss[k]];
      if (a > cursor) out.push(text.slice(cursor, a));
      const mine = here.filter(([x, y]) => x < b && y > a).map(([x, y, c, l]) => [x - a, y - a, c, y <= b ? l : undefined]);
      out.push(h("span", {class: "s", id: "s-" + k}, marked(text.slice(a, b), mine)));
      cursor = Math.max(cursor, b);
    }
    if (to > cursor) out.push(text.slice(cursor, to));
    return out;
  }

  // --- mentions over time --------------------------------------------------------------------
  function timeline() {
    if (!state.timeline) state.timeline = new Set(Array.from({length: Math.min(4, X.nEnts)}, (_, i) => i));
    return state.timeline;
  }
  function period(date, grain) {
    if (grain === "month") return date.slice(0, 7);
    if (grain === "day") return date;
    const t = new Date(date + "T00:00:00Z"), back = (t.getUTCDay() + 6) % 7;  // ISO weeks start on Monday
    return new Date(t.getTime() - back * 864e5).toISOString().slice(0, 10);
  }
  function periods(first, last, grain) {
    const out = [];
    for (let t = new Date(first + "T00:00:00Z"); t.toISOString().slice(0, 10) <= last; t = new Date(t.getTime() + 864e5)) {
      const p = period(t.toISOString().slice(0, 10), grain);
      if (out[out.length - 1] !== p) out.push(p);
    }
    return out;
  }
  function chart(series, keys) {
    const W = 800, H = 260, L = 40, B = 30, top = Math.max(1, ...series.flatMap((s) => s.counts));
    const x = (i) => L + (keys.length > 1 ? i * (W - L - 10) / (keys.length - 1) : (W - L) / 2);
    const y = (v) => H - B - v * (H - B - 10) / top;
    const svg = (tag, attrs, ...kids) => {
      const el = document.createElementNS("http://www.w3.org/2000/svg", tag);
      for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
      el.append(...kids);
      return el;
    };
    const ticks = [0, Math.floor(keys.length / 2), keys.length - 1].filter((v, i, a) => a.indexOf(v) === i);
    return svg("svg", {viewBox: `0 0 ${W} ${H}`, class: "chart", role: "img", "aria-label": tr("Mentions over time")},
      svg("line", {x1: L, y1: H - B, x2: W, y2: H - B, stroke: "#888"}),
      svg("text", {x: 4, y: 16, class: "axis"}, String(top)), svg("text", {x: 4, y: H - B, class: "axis"}, "0"),
      ...ticks.map((i, k) => svg("text", {x: x(i), y: H - 8, class: "axis",
        "text-anchor": k === 0 ? "start" : k === ticks.length - 1 ? "end" : "middle"}, keys[i])),
      ...series.map((s, k) => svg("polyline", {points: s.counts.map((v, i) => `${x(i)},${y(v)}`).join(" "), fill: "none",
        stroke: COLOURS[k % COLOURS.length], "stroke-width": 2})),
      ...series.flatMap((s, k) => s.counts.map((v, i) => v ? svg("circle", {cx: x(i), cy: y(v), r: 3, fill: COLOURS[k % COLOURS.length]},
        svg("title", {}, `${s.name}, ${keys[i]}: ${v}`)) : null).filter(Boolean)));
  }
  // #time: mentions of the chosen entities; #time=sources: statements (attributions) of the top sources.
  function time(arg) {
    const M = D.meta, bySource = arg === "sources";
    const modes = h("p", {class: "controls"}, h("a", {href: "#time", class: bySource ? null : "active"}, tr("Mentions per entity")),
      h("a", {href: "#time=sources", class: bySource ? "active" : null}, tr("Statements per source")));
    if (!M.dates) return [h("h2", null, tr("Mentions over time")), modes, h("p", null, tr("The documents have no dates."))];
    const days = (Date.parse(M.dates[1]) - Date.parse(M.dates[0])) / 864e5;
    const grain = state.grain || (days <= 62 ? "day" : days <= 400 ? "week" : "month");
    const keys = periods(M.dates[0], M.dates[1], grain), at = new Map(keys.map((k, i) => [k, i]));
    const docPeriod = D.docs.date.map((d) => (d ? at.get(period(d, grain)) : -1));
    const chosen = bySource ? topBy(D.ents.source, 6) : [...timeline()];
    const series = chosen.map((e) => {
      const counts = new Array(keys.length).fill(0), rows = bySource ? X.aBySrc.of(e) : X.mByEnt.of(e), docOf = bySource ? X.adoc : X.mdoc;
      for (const m of rows) { const p = docPeriod[docOf[m]]; if (p >= 0) counts[p]++; }
      return {name: D.ents.name[e], counts};
    });
    const list = h("datalist", {id: "entity-names"}, D.ents.name.slice(0, 2000).map((n) => h("option", {value: n})));
    const add = h("input", {type: "search", list: "entity-names", placeholder: tr("Add an entity"), "aria-label": tr("Add an entity"),
      onchange: (ev) => { const e = D.ents.name.indexOf(ev.target.value); if (e >= 0) { timeline().add(e); go(); } }});
    return [h("h2", null, bySource ? tr("Statements over time per source") : tr("Mentions over time")), modes,
      h("p", {class: "muted"}, tr(bySource ? "Statements per {0} by document date, {1} – {2}" : "Mentions per {0} by document date, {1} – {2}", tr(grain), M.dates[0], M.dates[1]) + (M.undated ? tr("; {0} undated documents left out.", M.undated) : ".")),
      h("div", {class: "controls"}, select([["day", tr("day")], ["week", tr("week")], ["month", tr("month")]], grain, (v) => { state.grain = v; go(); }, tr("Per")), bySource ? null : [add, list]),
      h("ul", {class: "legend-list"}, chosen.map((e, k) => h("li", null, h("span", {class: "swatch", style: `background:${COLOURS[k % COLOURS.length]}`}),
        entLink(e), ` (${series[k].counts.reduce((a, b) => a + b, 0)}) `,
        bySource ? null : h("button", {type: "button", class: "link", "aria-label": tr("remove ") + D.ents.name[e], onclick: () => { timeline().delete(e); go(); }}, "×")))),
      chosen.length ? chart(series, keys) : h("p", {class: "muted"}, tr("Pick an entity."))];
  }

  /*MORE_VIEWS*/

  // --- routing: #name=ARG&key=value; every view, entity, document and sentence has an address ----------
  const VIEWS = {overview, entities, who, figures, documents: documentsView, time, entity, doc: docView,
                 charts, network, groups, group: groupView, conflicts, sheet};
  const TAB_OF = {entity: "entities", doc: "documents", group: "groups", sheet: "entities"};
  function route() {
    const hash = location.hash.slice(1), cut = hash.indexOf("=");
    const name = cut < 0 ? hash : hash.slice(0, cut);
    const [rawArg, ...rest] = cut < 0 ? [""] : hash.slice(cut + 1).split("&");
    const decode = (v) => { try { return decodeURIComponent(v); } catch (err) { return v; } };  // a hand-typed, malformed address
    const params = Object.fromEntries(rest.map((kv) => kv.split("=")).map(([k, v]) => [k, decode(v || "")]));
    return {name, arg: decode(rawArg), params};
  }
  function go() {
    const {name, arg, params} = route();
    const render = VIEWS[name] || overview;
    view.textContent = "";
    view.append(...[render(arg, params)].flat(Infinity).filter((n) => n != null));
    const tab = TAB_OF[name] || (VIEWS[name] ? name : "overview");
    for (const a of document.querySelectorAll("#tabs a")) a.classList.toggle("active", a.getAttribute("href") === "#" + tab);
  }

  unpack("data").then((data) => {
    D = data;
    X = buildIndex();
    window.addEventListener("hashchange", () => { go(); window.scrollTo(0, 0); });
    go();
    document.documentElement.dataset.ready = String(Math.round(performance.now()));
    (window.requestIdleCallback || setTimeout)(() => texts());
  }).catch((err) => {
    view.textContent = "";
    view.append(h("p", {class: "error"}, tr("The report could not be read: ") + err));
    throw err;
  });
})();
