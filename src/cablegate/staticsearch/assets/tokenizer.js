// Index words, cut by the rules of tokenizer.json: the spec the Python writer
// (cablegate/staticsearch/tokens.py) reads too. Shared vectors test both sides.

/** A tokenizer for `spec` (the parsed tokenizer.json). */
export function makeTokenizer(spec) {
  const drop = new RegExp(spec.drop, "gu");
  const word = new RegExp(spec.word, "gu");
  const stop = new Set(spec.stopwords);
  const limit = spec.max_word_bytes;
  const encoder = new TextEncoder();

  function fold(text) {
    let out = String(text).normalize(spec.normalize).replace(drop, "");
    return spec.lowercase ? out.toLowerCase() : out;
  }

  function words(text) {
    const out = [];
    for (const m of fold(text).matchAll(word)) {
      const w = m[0];
      if (w.length * 3 > limit && encoder.encode(w).length > limit) continue;
      if (!stop.has(w)) out.push(w);
    }
    return out;
  }

  function pairs(tokens) {
    const out = [];
    for (let i = 0; i + 1 < tokens.length; i++) out.push(tokens[i] + spec.pair_separator + tokens[i + 1]);
    return out;
  }

  return { fold, words, pairs, spec };
}
