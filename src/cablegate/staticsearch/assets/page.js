// The search page: the query and the chosen facet values live in the URL
// (?q=...&tag=PGOV&year=2007&page=2, the live site's parameters), so a search can be linked,
// bookmarked and shared. Results are drawn in the live site's markup (web/templates/search.html:
// the same classes, so the same stylesheet); every text from the index goes through escapeHtml.
//
// The page provides: form#search with input#q, and #status, #chips, #results (holding #facets,
// #hits, #pages) and #intro; an element with data-cable-url="../cable/{refid}/" says where a
// cable's page is, relative to this page.

import { fetchLoader, openIndex } from "./reader.js";
import { FACETS, run as runSearch } from "./search.js";
import { escapeHtml, grouped } from "./snippet.js";

const $ = (id) => document.getElementById(id);
const index = openIndex(fetchLoader(new URL(".", import.meta.url)));
// The live site's facets, in its order, with how many values each lists (web/views/search.py).
const SHOWN = [["classification", "Classification", 10], ["year", "Year", 60], ["origin", "Origin", 15],
  ["country", "Country", 15], ["tag", "Tag", 20]];
const CABLE_URL = document.querySelector("[data-cable-url]")?.dataset.cableUrl ?? "../cable/{refid}/";
const TITLE = document.title;
const HEADING = document.querySelector("h1")?.textContent ?? "";

function state(url = new URL(location.href)) {
  const p = url.searchParams;
  const filters = Object.fromEntries(FACETS.map((f) => [f, p.getAll(f).filter((v) => v.trim())]));
  return { q: p.get("q") ?? "", filters, page: Math.max(1, Math.floor(Number(p.get("page") ?? 1)) || 1) };
}

function active(s) { return s.q.trim() !== "" || FACETS.some((f) => s.filters[f].length); }

function href(s, changes) {
  const p = new URLSearchParams();
  const next = { ...s, ...changes };
  if (next.q) p.set("q", next.q);
  for (const f of FACETS) for (const v of next.filters[f] ?? []) p.append(f, v);
  if (next.page > 1) p.set("page", String(next.page));
  return "?" + p.toString();
}

function toggle(s, field, value) {
  const have = s.filters[field] ?? [];
  const values = have.includes(value) ? have.filter((v) => v !== value) : [...have, value];
  return href(s, { filters: { ...s.filters, [field]: values }, page: 1 });
}

/** First, last and two around the current page; null marks a gap (render.page_window). */
function pageWindow(current, pages, width = 2) {
  const wanted = [...new Set([1, pages])];
  for (let n = Math.max(1, current - width); n <= Math.min(pages, current + width); n++) wanted.push(n);
  const out = [];
  for (const n of [...new Set(wanted)].sort((a, b) => a - b)) {
    if (out.length && n - out[out.length - 1] > 1) out.push(null);
    out.push(n);
  }
  return out;
}

function errorHtml(q, r) {
  const caret = typeof r.position === "number" && q
    ? `<pre class="caret" aria-hidden="true">${escapeHtml(q)}\n${" ".repeat(r.position)}^</pre>` : "";
  return `<div class="error" id="q-error" role="alert"><p><strong>This query cannot be read:</strong> ${escapeHtml(r.error)}</p>${caret}</div>`;
}

function summaryHtml(s, r, pages, ms) {
  const n = r.total;
  const where = n ? `, page ${grouped(s.page)} of ${grouped(pages)}` : "";
  return `<p class="summary"><strong>${grouped(n)}</strong> cable${n !== 1 ? "s" : ""} match${n === 1 ? "es" : ""}${where} <span class="hint">(${ms} ms)</span>.</p>`;
}

function chipsHtml(s) {
  const chips = FACETS.flatMap((f) => s.filters[f].map((v) => `<li><a href="${escapeHtml(toggle(s, f, v))}" class="chip" aria-label="Remove filter ${escapeHtml(f)} ${escapeHtml(v)}">${escapeHtml(f)}: ${escapeHtml(v)} <span aria-hidden="true">&times;</span></a></li>`));
  return chips.length ? `<div class="chips" aria-label="Active filters"><span class="label">Filters:</span><ul>${chips.join("")}</ul></div>` : "";
}

function facetsHtml(s, facets) {
  const blocks = [];
  for (const [name, title, limit] of SHOWN) {
    let values = [...(facets[name] ?? [])];
    if (name === "year") values.reverse();
    const selected = s.filters[name] ?? [];
    values = [...values.slice(0, limit), ...values.slice(limit).filter((v) => selected.includes(v.value))];
    if (!values.length) continue;
    const items = values.map((v) => {
      const on = selected.includes(v.value);
      const hint = name === "tag" || name === "country" ? ` <span class="hint">${escapeHtml(v.value)}</span>` : "";
      return `<li${on ? ' class="on"' : ""}><a href="${escapeHtml(toggle(s, name, v.value))}" data-value="${escapeHtml(v.value)}"${on ? ' aria-current="true" title="Remove this filter"' : ""}>${on ? '<span aria-hidden="true">&#10003; </span>' : ""}${escapeHtml(v.label)}${hint}</a> <span class="count">${grouped(v.count)}</span></li>`;
    });
    const open = blocks.length < 3 || selected.length ? " open" : "";
    blocks.push(`<details class="facet"${open}><summary>${title}</summary><ul data-facet="${name}">${items.join("")}</ul></details>`);
  }
  return `<h2 class="vh">Filters</h2>${blocks.join("")}`;
}

function hitHtml(h) {
  const url = CABLE_URL.replace("{refid}", encodeURIComponent(h.refid));
  const created = h.created ?? "";
  const snippet = h.snippet ? `<p class="snippet">${h.snippet}</p>` : "";
  return `<li data-refid="${escapeHtml(h.refid)}"><h3><a href="${escapeHtml(url)}">${escapeHtml(h.refid)}</a>: ${escapeHtml(h.title || h.subject || "(no subject)")}</h3>
<p class="meta"><time datetime="${escapeHtml(created)}">${escapeHtml(created.slice(0, 10))}</time> &middot; ${escapeHtml(h.origin ?? "")} &middot; ${escapeHtml(h.classification ?? "")}</p>${snippet}</li>`;
}

function pagerHtml(s, pages) {
  if (pages <= 1) return "";
  const link = (n, text, extra = "") => `<li><a href="${escapeHtml(href(s, { page: n }))}"${extra}>${text}</a></li>`;
  const items = [];
  if (s.page > 1) items.push(link(s.page - 1, "&larr; Previous", ' rel="prev"'));
  for (const n of pageWindow(s.page, pages)) {
    if (n === null) items.push('<li aria-hidden="true">&hellip;</li>');
    else items.push(link(n, String(n), n === s.page ? ' aria-current="page"' : ""));
  }
  if (s.page < pages) items.push(link(s.page + 1, "Next &rarr;", ' rel="next"'));
  return `<nav class="pager" aria-label="Pages"><ul>${items.join("")}</ul></nav>`;
}

function show(s, r, ms) {
  const failed = Boolean(r.error);
  if (failed) $("q").setAttribute("aria-invalid", "true");
  else $("q").removeAttribute("aria-invalid");
  $("chips").innerHTML = chipsHtml(s);
  $("results").hidden = failed;
  if (failed) {
    $("status").innerHTML = errorHtml(s.q, r);
    $("facets").innerHTML = $("hits").innerHTML = $("pages").innerHTML = "";
    return;
  }
  const pages = Math.max(1, Math.ceil(r.total / r.per));
  $("status").innerHTML = summaryHtml(s, r, pages, ms);
  $("facets").innerHTML = typeof r.facets === "function" ? '<p class="count">Counting…</p>' : facetsHtml(s, r.facets);
  $("hits").start = (r.page - 1) * r.per + 1;
  $("hits").innerHTML = r.hits.map(hitHtml).join("");
  $("pages").innerHTML = r.total ? pagerHtml(s, pages)
    : "<p>No cable matches. Try fewer words, <code>OR</code>, a <code>prefix*</code>, or remove a filter.</p>";
}

function heading(q) {
  const h1 = document.querySelector("h1");
  if (!h1) return;
  if (!q) { h1.textContent = HEADING; return; }
  const quoted = document.createElement("q");
  quoted.textContent = q;
  h1.replaceChildren("Search: ", quoted);
}

/** After the next frame is painted (or 100 ms, should frames be paused: a hidden tab). */
function painted() {
  return new Promise((resolve) => {
    requestAnimationFrame(() => setTimeout(resolve));
    setTimeout(resolve, 100);
  });
}

let current = 0; // the search on screen: a newer one (back, a click) makes an older one stop drawing

/** One search, drawn in two steps: the results as soon as they are read, the facet counts when
 * their columns have arrived. The body's data-* say when (the benchmark and the tests wait on
 * them): searchMs and facetsMs from the search's start to the results, then the facets, in the
 * page; resultsAt, paintedAt (the first frame after the results) and facetsAt the same from the
 * navigation's start; ready once everything is drawn. */
async function run() {
  const s = state(), mine = ++current;
  $("q").value = s.q;
  heading(s.q);
  document.title = s.q ? `${s.q}: ${TITLE}` : TITLE;
  const on = active(s);
  $("intro").hidden = on;
  if (!on) {
    $("status").innerHTML = $("chips").innerHTML = "";
    $("results").hidden = true;
    document.body.dataset.ready = String(Date.now());
    return;
  }
  $("status").textContent = "Searching…";
  const started = performance.now(), data = document.body.dataset;
  for (const key of ["searchMs", "facetsMs", "resultsAt", "paintedAt", "facetsAt"]) delete data[key];
  const drawn = (step) => {
    if (data[step + "Ms"] !== undefined) return;
    const now = performance.now();
    data[step + "Ms"] = String(Math.round(now - started));
    data[step === "search" ? "resultsAt" : "facetsAt"] = String(Math.round(now));
    if (step === "search") requestAnimationFrame(() => setTimeout(() => { if (mine === current) data.paintedAt ??= String(Math.round(performance.now())); }));
  };
  try {
    const idx = await index;
    idx.prefetchFacets();
    const r = await runSearch(idx, s);
    if (mine !== current) return;
    show(s, r, Math.round(performance.now() - started));
    if (!r.error) {
      drawn("search");
      await painted(); // the results are shown before the facets are counted
      const facets = await r.facets();
      if (mine !== current) return;
      $("facets").innerHTML = facetsHtml(s, facets);
    }
  } catch (e) {
    if (mine !== current) return;
    $("results").hidden = true;
    $("status").innerHTML = `<div class="error" role="alert"><p>The search index could not be read: ${escapeHtml(e.message)}</p></div>`;
  }
  drawn("search");
  drawn("facets");
  data.ready = String(Date.now());
}

function go(url) { history.pushState(null, "", url); run(); }

document.addEventListener("click", (e) => {
  const a = e.target.closest("a");
  if (a && a.getAttribute("href")?.startsWith("?") && !e.ctrlKey && !e.metaKey && !e.shiftKey && !e.altKey) {
    e.preventDefault();
    go(a.getAttribute("href"));
  }
});
$("search").addEventListener("submit", (e) => { e.preventDefault(); go(href(state(), { q: $("q").value, page: 1 })); });
addEventListener("popstate", run);
run();
