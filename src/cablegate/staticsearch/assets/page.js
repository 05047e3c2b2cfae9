// The search page: the query and the chosen facet values live in the URL
// (index.html?q=...&tag=PGOV&year=2007&page=2), so a search can be linked, bookmarked and shared.

import { fetchLoader, openIndex } from "./reader.js";
import { FACETS, run as runSearch } from "./search.js";
import { escapeHtml } from "./snippet.js";

const $ = (id) => document.getElementById(id);
const index = openIndex(fetchLoader(new URL(".", import.meta.url)));
const LABELS = { classification: "Classification", year: "Year", origin: "Origin", country: "Country", region: "Region", tag: "Tag" };

function state(url = new URL(location.href)) {
  const p = url.searchParams;
  const filters = Object.fromEntries(FACETS.map((f) => [f, p.getAll(f)]));
  return { q: p.get("q") ?? "", filters, page: Number(p.get("page") ?? 1) || 1 };
}

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

function renderError(message) {
  $("status").innerHTML = `<span class="error">${escapeHtml(message)}</span>`;
  $("hits").innerHTML = $("facets").innerHTML = $("pages").innerHTML = "";
}

function renderHits(s, r) {
  const cableUrl = document.body.dataset.cableUrl;
  const first = (r.page - 1) * r.per;
  $("status").textContent = r.total ? `${r.total.toLocaleString("en")} cables; ${first + 1}–${first + r.hits.length} shown` : "No cable matches.";
  $("hits").innerHTML = r.hits.map((h) => `<li data-refid="${escapeHtml(h.refid)}">
    <a href="${escapeHtml(cableUrl.replace("{refid}", encodeURIComponent(h.refid)))}"><strong>${escapeHtml(h.subject || h.refid)}</strong></a>
    <div class="meta">${escapeHtml(h.refid)} · ${escapeHtml((h.created ?? "").slice(0, 10))} · ${escapeHtml(h.origin ?? "")} · ${escapeHtml(h.classification ?? "")}</div>
    <div class="snippet">${h.snippet}</div></li>`).join("");
  const last = Math.ceil(r.total / r.per);
  const pages = [];
  if (r.page > 1) pages.push(`<a href="${escapeHtml(href(s, { page: r.page - 1 }))}" rel="prev">← previous</a>`);
  if (last > 1) pages.push(`page ${r.page} of ${last}`);
  if (r.page < last) pages.push(`<a href="${escapeHtml(href(s, { page: r.page + 1 }))}" rel="next">next →</a>`);
  $("pages").innerHTML = pages.join(" ");
}

function renderFacets(s, facets) {
  $("facets").innerHTML = FACETS.filter((f) => facets[f]?.length).map((f) => `<h3>${LABELS[f]}</h3><ul data-facet="${f}">` +
    facets[f].map((v) => `<li><a class="${(s.filters[f] ?? []).includes(v.value) ? "on" : ""}" data-value="${escapeHtml(v.value)}" href="${escapeHtml(toggle(s, f, v.value))}">${escapeHtml(v.label)}</a> <span class="count">${v.count}</span></li>`).join("") + "</ul>").join("");
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
  if (!s.q && !FACETS.some((f) => s.filters[f].length)) { $("status").textContent = ""; return; }
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
    if (r.error) renderError(r.error);
    else {
      $("facets").innerHTML = `<p class="count">Counting…</p>`;
      renderHits(s, r);
      document.title = s.q ? `${s.q} – search the cables` : "Search the cables";
      drawn("search");
      await painted(); // the results are shown before the facets are counted
      const facets = await r.facets();
      if (mine !== current) return;
      renderFacets(s, facets);
    }
  } catch (e) {
    if (mine !== current) return;
    renderError(`The search index could not be read: ${e.message}`);
  }
  drawn("search");
  drawn("facets");
  data.ready = String(Date.now());
}

function go(url) { history.pushState(null, "", url); run(); }

document.addEventListener("click", (e) => {
  const a = e.target.closest("a");
  if (a && a.getAttribute("href")?.startsWith("?") && !e.ctrlKey && !e.metaKey && !e.shiftKey) { e.preventDefault(); go(a.getAttribute("href")); }
});
$("search").addEventListener("submit", (e) => { e.preventDefault(); go(href(state(), { q: $("q").value, page: 1 })); });
addEventListener("popstate", run);
run();
