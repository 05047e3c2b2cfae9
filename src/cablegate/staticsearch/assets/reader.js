// The static index, read in the browser (or in node for the tests): terms, match sets as bitsets,
// ranking by stored impacts, facet counts from the facet columns. The format is described in
// src/cablegate/staticsearch/ (encoding.py, merge.py, facets.py) and docs/static-search.md.

import { makeTokenizer } from "./tokenizer.js";
import * as bits from "./bitset.js";

const MAX_EXPANSIONS = 64; // words a prefix* stands for, the most frequent first
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(text) {
  let c = 0xffffffff;
  for (const b of encoder.encode(text)) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Where a term lives (encoding.py's term_hash): a word's CRC-32; a pair's mixes its words'. */
export function termHash(term, separator = " ") {
  const at = term.indexOf(separator);
  if (at < 0) return crc32(term);
  return (Math.imul(crc32(term.slice(0, at)), 0x9e3779b1) ^ crc32(term.slice(at + separator.length))) >>> 0;
}

/** A term's second hash (encoding.py's own_hash): with termHash, its own file's name. */
export function ownHash(term) { return crc32("\u0001" + term); }

const hex8 = (n) => n.toString(16).padStart(8, "0");

/** May `term` (of hashes h1, h2) have a file of its own? The filter of big terms (big.z,
 * encoding.py's big_filter): never no for one that has, yes for ~1 % of the others. */
export function maybeBig(filter, bits, probes, h1, h2) {
  for (let i = 0; i < probes; i++) {
    const b = (h1 + i * h2) % bits;
    if (!(filter[b >>> 3] >>> (b & 7) & 1)) return false;
  }
  return true;
}

export async function inflate(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

class Cursor {
  constructor(bytes) { this.b = bytes; this.i = 0; }
  varint() {
    let n = 0, shift = 0, byte;
    do { byte = this.b[this.i++]; n += (byte & 0x7f) * 2 ** shift; shift += 7; } while (byte & 0x80);
    return n;
  }
  take(n) { const out = this.b.subarray(this.i, this.i + n); this.i += n; return out; }
}

export function slugify(text) {
  return String(text).normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-+|-+$/gu, "");
}

/** A loader that fetches the index's files from `base` (a URL ending in /). */
export function fetchLoader(base) {
  return async (name, priority = "auto") => {
    const res = await fetch(new URL(name, base), { priority });
    if (!res.ok) throw new Error(`${name}: HTTP ${res.status}`);
    return new Uint8Array(await res.arrayBuffer());
  };
}

/** Open the index whose files `load(name) -> Promise<Uint8Array>` reads. */
export async function openIndex(load) {
  const [meta, spec, big] = await Promise.all([
    ...["meta.json", "tokenizer.json"].map(async (n) => JSON.parse(decoder.decode(await load(n)))),
    load("big.z").then(inflate)]);
  return new Index(load, meta, makeTokenizer(spec), big);
}

class Index {
  constructor(load, meta, tokenizer, big) {
    this.load = load; this.meta = meta; this.tokenizer = tokenizer; this.big = big;
    this.n = meta.docs; this.words = bits.words(this.n);
    this.cache = new Map();
  }

  once(key, make) {
    if (!this.cache.has(key)) this.cache.set(key, make().catch((e) => { this.cache.delete(key); throw e; }));
    return this.cache.get(key);
  }

  file(name, priority) { return this.once("f:" + name, async () => inflate(await this.load(name, priority))); }

  /** Start fetching the facet files, at a low priority (the query's own files come first).
   * Their columns are decoded when first asked for (after the results are drawn), not when
   * the page is idle: the tag column's 40-70 ms of the main thread then fell between a big
   * term's file and the result files' requests (a cold query's results 130 ms later). */
  prefetchFacets() {
    const quiet = (p) => p.catch(() => {});
    for (const name of ["labels.z", "f/profile.z", "f/tags.z"]) quiet(this.file(name, "low"));
  }

  labels() {
    return this.once("labels", async () => JSON.parse(decoder.decode(await this.file("labels.z"))));
  }

  /** Per cable its origin, year and classification (numbers into labels()): facets.py. */
  profile() {
    return this.once("profile", async () => {
      const raw = await this.file("f/profile.z");
      const c = new Cursor(raw);
      const origin = new Uint16Array(this.n), year = new Uint16Array(this.n);
      for (let runs = c.varint(), d = 0; runs > 0; runs--) {
        const o = c.varint(), y = c.varint(), end = d + c.varint();
        origin.fill(o, d, end); year.fill(y, d, end); d = end;
      }
      return { origin, year, classification: raw.subarray(c.i, c.i + this.n) };
    });
  }

  /** Per cable its tag ids: tagIds[tagStart[d]..tagStart[d + 1]) (facets.py). */
  tags() {
    return this.once("tags", async () => {
      const b = await this.file("f/tags.z");
      const tagStart = new Uint32Array(this.n + 1), tagIds = new Uint32Array(b.length);
      let i = 0, k = 0;
      // a varint, its one-byte case inline: nearly every count and gap is under 128
      const varint = () => { let n = 0, shift = 0, byte; do { byte = b[i++]; n += (byte & 0x7f) * 2 ** shift; shift += 7; } while (byte & 0x80); return n; };
      for (let d = 0; d < this.n; d++) {
        tagStart[d] = k;
        let count = b[i] < 0x80 ? b[i++] : varint();
        for (let id = 0; count > 0; count--) tagIds[k++] = id += b[i] < 0x80 ? b[i++] : varint();
      }
      tagStart[this.n] = k;
      return { tagStart, tagIds };
    });
  }

  shard(name) {
    return this.once("s:" + name, async () => {
      const c = new Cursor(await this.file(`s/${name}.z`));
      const terms = new Map();
      for (let k = c.varint(); k > 0; k--) {
        const key = decoder.decode(c.take(c.varint()));
        const where = c.varint();
        terms.set(key, where ? where : c.take(c.varint()));
      }
      return terms;
    });
  }

  /** {df, top, imp, floor, set} of an index term, or null when no cable has it. A term the
   * filter of big terms names is fetched from its own file at once, without its shard (whose
   * entry would only say that it has one); the shard answers for the others, and for the
   * filter's few mistakes (no such file). */
  term(t) {
    return this.once("t:" + t, async () => {
      // partition hash % P, then its shard hash / P % (its shard count): see merge.py
      const h = termHash(t, this.tokenizer.spec.pair_separator), parts = this.meta.shards.length;
      const p = h % parts, name = `${p}/${Math.floor(h / parts) % this.meta.shards[p]}`;
      const h2 = ownHash(t), own = `t/${p}/${hex8(h)}${hex8(h2)}.z`;
      const { bits, probes } = this.meta.big;
      if (maybeBig(this.big, bits, probes, h, h2)) {
        try { return this.postings(await this.file(own)); } catch { /* not big after all */ }
      }
      const entry = (await this.shard(name)).get(t);
      if (entry === undefined) return null;
      return this.postings(typeof entry === "number" ? await this.file(own) : entry);
    });
  }

  postings(blob) {
    const c = new Cursor(blob);
    const df = c.varint(), ntop = c.varint();
    const top = new Uint32Array(ntop);
    for (let i = 0, d = 0; i < ntop; i++) top[i] = d += c.varint();
    const imp = c.take(ntop);
    let set;
    if (df <= ntop) set = bits.fromDocs(this.words, top);
    else if (c.varint() === 0) {
      const docs = new Uint32Array(df);
      for (let i = 0, d = 0; i < df; i++) docs[i] = d += c.varint();
      set = bits.fromDocs(this.words, docs);
    } else set = bits.fromBytes(this.words, c.take(Math.ceil(this.n / 8)));
    const floor = df > ntop ? Math.min(...imp) : 0;
    return { df, top, imp, floor, set };
  }

  async prefix(start) {
    const key = Array.from(encoder.encode(Array.from(start).slice(0, 2).join("")), (b) => b.toString(16).padStart(2, "0")).join("");
    let lines;
    try { lines = decoder.decode(await this.file(`p/${key}.z`)).split("\n"); } catch { return []; }
    return lines.map((l) => l.split("\t")).filter(([w]) => w.startsWith(start))
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, MAX_EXPANSIONS).map(([w]) => w);
  }
}

export { Index };
