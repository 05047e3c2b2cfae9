// The reader under node, for the tests: `node reader_cli.mjs ASSETS INDEX` then one JSON request
// a line on stdin ({op: "search", q, filters, page} | {op: "words", text} | {op: "parse", q} |
// {op: "hash", terms} | {op: "loaded"}: the index's files read since the last "loaded"),
// one JSON answer a line on stdout.
import { readFile } from "node:fs/promises";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";
import path from "node:path";

// a third argument: the reader's modules read from that bundle (bundle.py, expose=True) instead
const [assets, indexDir, bundled] = process.argv.slice(2);
const bundle = bundled ? await import(pathToFileURL(bundled).href) : null;
const mod = async (name) => (bundle ? bundle[name.replace(/\.js$/u, "")] : import(pathToFileURL(path.join(assets, name)).href));
const { openIndex, termHash, ownHash } = await mod("reader.js");
const { search } = await mod("search.js");
const { parse } = await mod("query.js");
const { makeTokenizer } = await mod("tokenizer.js");
const { snippet, grouped } = await mod("snippet.js");
const spec = JSON.parse(await readFile(path.join(assets, "..", "tokenizer.json"), "utf8"));
const tokenizer = makeTokenizer(spec);
let loaded = [];
const index = indexDir && indexDir !== "-" ? await openIndex(async (name) => { loaded.push(name); return new Uint8Array(await readFile(path.join(indexDir, name))); }) : null;

async function answer(req) {
  if (req.op === "words") return { words: tokenizer.words(req.text), pairs: tokenizer.pairs(tokenizer.words(req.text)) };
  if (req.op === "hash") return { hashes: req.terms.map((t) => termHash(t)), own: req.terms.map(ownHash) };
  if (req.op === "loaded") { const out = loaded; loaded = []; return { files: out }; }
  if (req.op === "parse") { const p = parse(req.q); return p.error ? { error: p.error } : { ok: true }; }
  if (req.op === "grouped") return { text: req.numbers.map(grouped), locale: req.numbers.map((n) => n.toLocaleString("en")) };
  if (req.op === "snippet") return { html: snippet(req.text, tokenizer, { words: new Set(req.words), prefixes: req.prefixes ?? [] }) };
  return search(index, req);
}

for await (const line of createInterface({ input: process.stdin })) {
  let out;
  try { out = await answer(JSON.parse(line)); } catch (e) { out = { thrown: String(e && e.stack || e) }; }
  process.stdout.write(JSON.stringify(out) + "\n");
}
