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

/** Members of one facet field as a profile test or a tag test. */
function profileTest(meta, field, value, prefix) {
  const same = (have, want) => (prefix ? have.startsWith(want) : have === want);
  const tests = {
    classification: (p) => same(p[2], slugify(value)),
    year: (p) => same(p[1], value),
    origin: (p) => same(p[0], slugify(value)) || slugify(meta.origins[p[0]]?.[0] ?? "").split("-").some((w) => same(w, slugify(value))),
    country: (p) => same((meta.origins[p[0]]?.[1] ?? "").toLowerCase(), value.toLowerCase()),
    region: (p) => same(slugify(meta.origins[p[0]]?.[2] ?? ""), slugify(value)),
  };
  return tests[field];
}

async function facetSet(index, field, values, prefix = false) {
  const cols = await index.columns();
  const out = new Uint32Array(index.words);
  if (field === "tag") {
    const want = new Set();
    cols.labels.tags.forEach((t, i) => { for (const v of values) if (prefix ? t.startsWith(v.toUpperCase()) : t === v.toUpperCase()) want.add(i); });
    for (let d = 0; d < index.n; d++) {
      for (let k = cols.tagStart[d]; k < cols.tagStart[d + 1]; k++) if (want.has(cols.tagIds[k])) { out[d >>> 5] |= 1 << (d & 31); break; }
    }
    return out;
  }
  const hit = cols.labels.profiles.map((p) => values.some((v) => profileTest(cols.labels, field, v, prefix)(p)));
  for (let d = 0; d < index.n; d++) if (hit[cols.profile[d]]) out[d >>> 5] |= 1 << (d & 31);
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
      const ys = [...new Set((await idx.columns()).labels.profiles.map((p) => p[1]))].filter((y) => y >= span[0] && y <= span[1]);
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
  for (const d of scored.keys()) {
    let s = 0;
    for (const r of rankers) s += idf(index.n, r.df) * impact(r, d);
    scored.set(d, s);
  }
  const order = [...scored].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([d]) => d);
  if (order.length < upTo) bits.each(set, (d) => { if (!scored.has(d)) order.push(d); return order.length >= upTo; });
  return order;
}

/** A facet value's name as the live site shows it: origin, country and classification names. */
function label(meta, field, value) {
  if (field === "origin") return meta.origins[value]?.[0] ?? value;
  if (field === "country") return meta.countries?.[value] ?? value;
  if (field === "classification") return meta.classifications?.[value] ?? value.toUpperCase();
  return value;
}

async function countFacets(index, set) {
  const cols = await index.columns();
  const meta = cols.labels;
  const perProfile = new Uint32Array(meta.profiles.length), perTag = new Uint32Array(meta.tags.length);
  bits.each(set, (d) => {
    perProfile[cols.profile[d]]++;
    for (let k = cols.tagStart[d]; k < cols.tagStart[d + 1]; k++) perTag[cols.tagIds[k]]++;
  });
  const tallies = Object.fromEntries(FACETS.map((f) => [f, new Map()]));
  const add = (f, v, n) => { if (v && n) tallies[f].set(v, (tallies[f].get(v) ?? 0) + n); };
  meta.profiles.forEach(([origin, year, cls], i) => {
    const n = perProfile[i];
    if (!n) return;
    const [, country, region] = meta.origins[origin] ?? ["", "", ""];
    add("origin", origin, n); add("year", year, n); add("classification", cls, n);
    add("country", country, n); add("region", region, n);
  });
  meta.tags.forEach((t, i) => add("tag", t, perTag[i]));
  const out = {};
  for (const f of FACETS) {
    const rows = [...tallies[f]].map(([value, count]) => ({ value, count, label: label(meta, f, value) }));
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

/** Search `index`: {q, filters: {field: [values]}, page} -> {total, hits, facets} or {error}. */
export async function search(index, { q = "", filters = {}, page = 1, per = PER_PAGE } = {}) {
  const parsed = parse(q.trim() === "" ? "*" : q);
  if (parsed.error) return { error: parsed.error, position: parsed.position, total: 0, hits: [], facets: {} };
  const ev = new Evaluator(index);
  let set;
  try {
    set = await ev.node(parsed.tree);
    for (const f of FACETS) if (filters[f]?.length) set = bits.and(set, await facetSet(index, f, filters[f]));
  } catch (e) {
    return { error: e.message, position: 0, total: 0, hits: [], facets: {} };
  }
  page = Math.max(1, Math.floor(Number(page)) || 1);
  const order = ranked(index, set, ev.rankers, page * per);
  const docs = order.slice((page - 1) * per, page * per);
  const [hits, facets] = await Promise.all([Promise.all(docs.map((d) => hit(index, d, ev.wanted))), countFacets(index, set)]);
  return { total: bits.count(set), page, per, hits, facets };
}
