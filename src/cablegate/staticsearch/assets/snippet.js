// HTML snippets: about 200 characters of a cable around its first matched word. Cable text holds
// raw <, &, quotes and bidi controls: every character of it is escaped here, and the only
// markup is our own <mark>.

export const SNIPPET_CHARS = 200;
const BEFORE = 60;
// bidi embeddings/overrides/isolates and marks: formatting that could reorder the page around them
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;
const RUN = /[\p{L}\p{N}\p{M}]+/gu;

/** 12345 -> "12,345", as toLocaleString("en") writes a whole number, without loading the locale
 * data: the first toLocaleString of a page cost ~30 ms of its main thread, before the results. */
export function grouped(n) {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

export function escapeHtml(text) {
  return String(text).replace(BIDI, "").replace(/[&<>"']/gu, (c) =>
    ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

function flat(text) { return escapeHtml(text.replace(/\s+/gu, " ")); }

/** Does a run of the original text hold a wanted word? (`wanted`: {words: Set, prefixes: []}) */
function hits(run, tokenizer, wanted) {
  for (const w of tokenizer.words(run)) {
    if (wanted.words.has(w)) return true;
    for (const p of wanted.prefixes) if (w.startsWith(p)) return true;
  }
  return false;
}

/** HTML of `text` around the first run holding a wanted word, wanted words in <mark>. */
export function snippet(text, tokenizer, wanted) {
  text = String(text ?? "");
  const marks = [];
  const scanUntil = (from) => {
    RUN.lastIndex = from;
    for (let m; (m = RUN.exec(text)); ) {
      if (hits(m[0], tokenizer, wanted)) return [m.index, m.index + m[0].length];
      if (m.index > from + 200000) break; // a giant cable: give up, show its start
    }
    return null;
  };
  const first = scanUntil(0);
  if (!first) {
    const head = text.slice(0, SNIPPET_CHARS * 3).replace(/\s+/gu, " ").trim();
    if (head.length <= SNIPPET_CHARS) return escapeHtml(head);
    const cut = head.lastIndexOf(" ", SNIPPET_CHARS);
    return escapeHtml(head.slice(0, cut > SNIPPET_CHARS / 2 ? cut : SNIPPET_CHARS)) + " …";
  }
  let start = Math.max(0, first[0] - BEFORE);
  if (start) {
    const space = text.indexOf(" ", start);
    if (space >= 0 && space < first[0]) start = space + 1;
  }
  let end = Math.min(text.length, Math.max(start + SNIPPET_CHARS, first[1]));
  if (end < text.length) {
    const space = text.lastIndexOf(" ", end);
    if (space > first[1]) end = space;
  }
  RUN.lastIndex = first[0];
  for (let m; (m = RUN.exec(text)) && m.index < end; ) {
    if (hits(m[0], tokenizer, wanted)) marks.push([m.index, Math.min(end, m.index + m[0].length)]);
  }
  const parts = start ? ["… "] : [];
  let at = start;
  for (const [a, b] of marks) {
    parts.push(flat(text.slice(at, a)), "<mark>", escapeHtml(text.slice(a, b)), "</mark>");
    at = b;
  }
  parts.push(flat(text.slice(at, end)));
  if (end < text.length) parts.push(" …");
  return parts.join("").trim();
}
