// One search over the static index: the query tree evaluated into a match set, facet filters
// applied, hits ranked by stored impacts, facets counted, one page of results read.

import * as bits from "./bitset.js";
import { parse } from "./query.js";
import { slugify } from "./reader.js";
import { snippet } from "./snippet.js";

export const FACETS = ["classification", "year", "origin", "country", "region", "tag"];
export const PER_PAGE = 20;
const FACET_LIMIT = 30;

function idf(n, df) { return Math.log(1 + (n - df + 0.5) / (df + 0.5)); }

const TABLES = { year: "years", classification: "classifications", origin: "origins", country: "origins", region: "origins" };

/** Does a row of labels.z's table for `field` (an origin is [slug, name, country, region]) hold `value`? */
function valueTest(field, value, prefix) {
  const same = (have, want) => (prefix ? have.startsWith(want) : have === want);
  const slug = slugify(value);
  return {
    classification: (c) => same(c, slug),
    year: (y) => same(y, value),
    origin: ([s, name]) => same(s, slug) || slugify(name).split("-").some((w) => same(w, slug)),
    country: ([, , country]) => same(country.toLowerCase(), value.toLowerCase()),
    region: ([, , , region]) => same(slugify(region), slug),
  }[field];
}

/** The cables whose `field` (a tag, or origin, year, classification, country, region) has one of `values`. */
async function facetSet(index, field, values, prefix = false) {
  const labels = await index.labels();
  const out = new Uint32Array(index.words);
  if (field === "tag") {
    const { tagStart, tagIds } = await index.tags();
    const want = Uint8Array.from(labels.tags, (t) => values.some((v) => (prefix ? t.startsWith(v.toUpperCase()) : t === v.toUpperCase())));
    for (let d = 0; d < index.n; d++) {
      for (let k = tagStart[d]; k < tagStart[d + 1]; k++) if (want[tagIds[k]]) { out[d >>> 5] |= 1 << (d & 31); break; }
    }
    return out;
  }
  const profile = await index.profile();
  const column = field === "year" || field === "classification" ? profile[field] : profile.origin;
  const hit = Uint8Array.from(labels[TABLES[field]], (row) => values.some((v) => valueTest(field, v, prefix)(row)));
  for (let d = 0; d < index.n; d++) if (hit[column[d]]) out[d >>> 5] |= 1 << (d & 31);
  return out;
}

function years(value) {
  const m = /^(\d{4})?(?:-\d\d)*(\.\.)?(\d{4})?(?:-\d\d)*$/u.exec(value);
  if (!m || (!m[1] && !m[3])) return null;
  if (!m[2]) return [m[1], m[1]];
  return [m[1] ?? "0000", m[3] ?? "9999"];
}

class Evaluator {
  constructor(index) { this.index = index; this.rankers = []; this.wanted = { words: new Set(), prefixes: [] }; }

  async node(n, positive = true) {
    const idx = this.index;
    if (n.type === "all") return bits.all(idx.n);
    if (n.type === "not") return bits.andNot(bits.all(idx.n), await this.node(n.child, !positive));
    if (n.type === "or") {
      let acc = new Uint32Array(idx.words);
      for (const c of n.children) acc = bits.or(acc, await this.node(c, positive));
      return acc;
    }
    if (n.type === "and") {
      let acc = bits.all(idx.n);
      for (const c of n.children) acc = bits.and(acc, await this.node(c, positive));
      return acc;
    }
    return this.term(n, positive);
  }

  async term(n, positive) {
    const idx = this.index;
    if (n.field === "created") {
      const span = years(n.text);
      if (!span) throw new Error(`created: wants a year or a range of years, e.g. created:2006..2008`);
      const ys = (await idx.labels()).years.filter((y) => y >= span[0] && y <= span[1]);
      return facetSet(idx, "year", ys);
    }
    if (n.field === "released") throw new Error("released: is not searchable in the mirror");
    if (["tag", "classification", "origin", "country", "region"].includes(n.field)) {
      return facetSet(idx, n.field, [n.text], n.prefix);
    }
    const toks = idx.tokenizer.words(n.text);
    if (!toks.length) return new Uint32Array(idx.words);
    if (n.prefix) {
      const last = toks[toks.length - 1];
      if (last.length < 2) throw new Error("a prefix* needs at least 2 letters before the *");
      let acc = new Uint32Array(idx.words);
      for (const w of await idx.prefix(last)) acc = bits.or(acc, await this.word(w, positive));
      if (positive) this.wanted.prefixes.push(last);
      for (const w of toks.slice(0, -1)) acc = bits.and(acc, await this.word(w, positive));
      return acc;
    }
    if (positive) for (const w of toks) this.wanted.words.add(w);
    if (toks.length === 1) return this.word(toks[0], positive);
    let acc = bits.all(idx.n);
    for (const p of idx.tokenizer.pairs(toks)) acc = bits.and(acc, await this.word(p, positive));
    return acc;
  }

  async word(t, positive) {
    const info = await this.index.term(t);
    if (!info) return new Uint32Array(this.index.words);
    if (positive) this.rankers.push(info);
    return info.set;
  }
}

function impact(info, doc) {
  let lo = 0, hi = info.top.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (info.top[mid] === doc) return info.imp[mid];
    if (info.top[mid] < doc) lo = mid + 1; else hi = mid - 1;
  }
  return bits.has(info.set, doc) ? info.floor : 0;
}

/** The ranked documents of `set`: the stored best of each term by score, then the rest by id. */
function ranked(index, set, rankers, upTo) {
  const scored = new Map();
  for (const r of rankers) for (const d of r.top) if (bits.has(set, d) && !scored.has(d)) scored.set(d, 0);
  const weights = rankers.map((r) => idf(index.n, r.df));
  for (const d of scored.keys()) {
    let s = 0;
    rankers.forEach((r, i) => { s += weights[i] * impact(r, d); });
    scored.set(d, s);
  }
  const order = [...scored].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([d]) => d);
  if (order.length < upTo) bits.each(set, (d) => { if (!scored.has(d)) order.push(d); return order.length >= upTo; });
  return order;
}

/** A facet value's name as the live site shows it: origin, country and classification names. */
function label(labels, names, field, value) {
  if (field === "origin") return names[value] ?? value;
  if (field === "country") return labels.countries?.[value] ?? value;
  if (field === "classification") return labels.classification_names?.[value] ?? value.toUpperCase();
  return value;
}

/** Facet counts of the match set: its cables walked once through the facet columns. */
export async function countFacets(index, set) {
  const [labels, profile, { tagStart, tagIds }] = await Promise.all([index.labels(), index.profile(), index.tags()]);
  const { origin, year, classification } = profile;
  const perOrigin = new Uint32Array(labels.origins.length), perYear = new Uint32Array(labels.years.length);
  const perClass = new Uint32Array(labels.classifications.length), perTag = new Uint32Array(labels.tags.length);
  bits.each(set, (d) => {
    perOrigin[origin[d]]++; perYear[year[d]]++; perClass[classification[d]]++;
    for (let k = tagStart[d]; k < tagStart[d + 1]; k++) perTag[tagIds[k]]++;
  });
  const tallies = Object.fromEntries(FACETS.map((f) => [f, new Map()]));
  const add = (f, v, n) => { if (v && n) tallies[f].set(v, (tallies[f].get(v) ?? 0) + n); };
  labels.origins.forEach(([slug, , country, region], i) => {
    add("origin", slug, perOrigin[i]); add("country", country, perOrigin[i]); add("region", region, perOrigin[i]);
  });
  labels.years.forEach((y, i) => add("year", y, perYear[i]));
  labels.classifications.forEach((c, i) => add("classification", c, perClass[i]));
  labels.tags.forEach((t, i) => add("tag", t, perTag[i]));
  const names = Object.fromEntries(labels.origins.map(([slug, name]) => [slug, name]));
  const out = {};
  for (const f of FACETS) {
    const rows = [...tallies[f]].map(([value, count]) => ({ value, count, label: label(labels, names, f, value) }));
    rows.sort(f === "year" ? (a, b) => (a.value < b.value ? -1 : 1) : (a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
    out[f] = f === "year" ? rows : rows.slice(0, FACET_LIMIT);
  }
  return out;
}

async function hit(index, doc, wanted) {
  const row = JSON.parse(new TextDecoder().decode(await index.file(`d/${Math.floor(doc / 1000)}/${doc}.z`)));
  return { doc, refid: row.refid, subject: row.subject, title: row.title, created: row.created, origin: row.origin,
    classification: row.classification, snippet: snippet(row.text, index.tokenizer, wanted) };
}

/** Start loading every file the query `tree` needs, all at once (evaluation then awaits them in turn). */
function prefetch(index, node) {
  const quiet = (p) => { p.catch(() => {}); };
  if (node.type === "not") return prefetch(index, node.child);
  if (node.type === "and" || node.type === "or") return node.children.forEach((c) => prefetch(index, c));
  if (node.type !== "term" || node.field === "released") return;
  if (["tag", "classification", "origin", "country", "region", "created"].includes(node.field)) return;
  const toks = index.tokenizer.words(node.text);
  if (node.prefix && toks.length && toks[toks.length - 1].length >= 2) {
    quiet(index.prefix(toks[toks.length - 1]).then((ws) => ws.forEach((w) => quiet(index.term(w)))));
    toks.slice(0, -1).forEach((w) => quiet(index.term(w)));
  } else if (!node.prefix) (toks.length === 1 ? toks : index.tokenizer.pairs(toks)).forEach((t) => quiet(index.term(t)));
}

/** One search's results: {total, page, per, hits, facets()} (facets() counts them when asked),
 * or {error, position}. `query` is {q, filters: {field: [values]}, page}. */
export async function run(index, { q = "", filters = {}, page = 1, per = PER_PAGE } = {}) {
  const parsed = parse(q.trim() === "" ? "*" : q);
  if (parsed.error) return { error: parsed.error, position: parsed.position };
  prefetch(index, parsed.tree);
  const ev = new Evaluator(index);
  let set;
  try {
    const picked = FACETS.filter((f) => filters[f]?.length).map((f) => facetSet(index, f, filters[f]));
    picked.forEach((p) => p.catch(() => {})); // awaited below, unless the query fails first
    set = await ev.node(parsed.tree);
    for (const s of picked) set = bits.and(set, await s);
  } catch (e) {
    return { error: e.message, position: 0 };
  }
  page = Math.max(1, Math.floor(Number(page)) || 1);
  const order = ranked(index, set, ev.rankers, page * per);
  const docs = order.slice((page - 1) * per, page * per);
  const hits = await Promise.all(docs.map((d) => hit(index, d, ev.wanted)));
  return { total: bits.count(set), page, per, hits, facets: () => countFacets(index, set) };
}

/** Search `index`: {q, filters: {field: [values]}, page} -> {total, hits, facets} or {error}. */
export async function search(index, query = {}) {
  const r = await run(index, query);
  if (r.error) return { ...r, total: 0, hits: [], facets: {} };
  return { ...r, facets: await r.facets() };
}
