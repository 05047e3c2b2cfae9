// The live site's search language (src/cablegate/search/syntax.py), read into a small tree.
// parse() never throws: a query it cannot read gives {error, position}.

export const FIELDS = ["subject", "origin", "from", "to", "tag", "classification", "refid",
  "country", "region", "created", "released"];
const OPERATORS = new Set(["AND", "OR", "NOT"]);
const STOP = new Set([" ", "\t", "\n", "\r", "\f", "\v", "(", ")", '"']);
const STARTS = new Set(["WORD", "PHRASE", "FIELD", "LPAREN", "NOT", "MINUS"]);
export const MAX_LENGTH = 4000;
const MAX_DEPTH = 50;

class QueryError extends Error {
  constructor(message, position) { super(message); this.position = position; }
}

function isSpace(c) { return /\s/u.test(c); }

export function tokenize(query) {
  const tokens = [];
  let i = 0, afterField = false;
  const n = query.length;
  while (i < n) {
    const c = query[i];
    if (isSpace(c)) {
      if (afterField) throw new QueryError(`${tokens[tokens.length - 1].text}: needs a value right after the colon`, tokens[tokens.length - 1].pos);
      i++; continue;
    }
    if (c === "(") { tokens.push({ kind: "LPAREN", text: c, pos: i }); i++; }
    else if (c === ")") {
      if (afterField) throw new QueryError(`${tokens[tokens.length - 1].text}: needs a value right after the colon`, tokens[tokens.length - 1].pos);
      tokens.push({ kind: "RPAREN", text: c, pos: i }); i++;
    } else if (c === '"') {
      const end = query.indexOf('"', i + 1);
      if (end < 0) throw new QueryError('unbalanced quote: this " is never closed (close it, or remove it)', i);
      tokens.push({ kind: "PHRASE", text: query.slice(i + 1, end), pos: i }); i = end + 1;
    } else if (c === "-" && !afterField) { tokens.push({ kind: "MINUS", text: c, pos: i }); i++; }
    else {
      let j = i;
      while (j < n && !STOP.has(query[j])) j++;
      const word = query.slice(i, j);
      const colon = word.indexOf(":");
      const name = colon >= 0 ? word.slice(0, colon) : "";
      if (colon >= 0 && !afterField && /^[A-Za-z]+$/.test(name)) {
        const field = name.toLowerCase();
        if (!FIELDS.includes(field)) throw new QueryError(`unknown field "${name}:"; the fields are ${FIELDS.map((f) => f + ":").join(", ")}`, i);
        tokens.push({ kind: "FIELD", text: field, pos: i });
        i += name.length + 1; afterField = true;
        if (i >= n) throw new QueryError(`${field}: needs a value right after the colon`, tokens[tokens.length - 1].pos);
        continue;
      }
      tokens.push({ kind: OPERATORS.has(word) && !afterField ? word : "WORD", text: word, pos: i });
      i = j;
    }
    afterField = false;
  }
  tokens.push({ kind: "EOF", text: "", pos: n });
  return tokens;
}

function withField(node, field) {
  if (node.type === "term") return node.field ? node : { ...node, field };
  if (node.type === "not") return { ...node, child: withField(node.child, field) };
  if (node.type === "and" || node.type === "or") return { ...node, children: node.children.map((c) => withField(c, field)) };
  return node;
}

class Parser {
  constructor(query) { this.tokens = tokenize(query); this.i = 0; this.depth = 0; }
  get tok() { return this.tokens[this.i]; }
  take() { return this.tokens[this.i++]; }
  parse() {
    if (this.tok.kind === "EOF") throw new QueryError("empty query: type some words, or * for every cable", 0);
    const node = this.parseOr();
    if (this.tok.kind === "RPAREN") throw new QueryError("unbalanced parenthesis: this ) has no ( before it", this.tok.pos);
    if (this.tok.kind !== "EOF") throw new QueryError(`unexpected "${this.tok.text}"`, this.tok.pos);
    return node;
  }
  parseOr() {
    const children = [this.parseAnd()];
    while (this.tok.kind === "OR") { this.operand(this.take()); children.push(this.parseAnd()); }
    return children.length === 1 ? children[0] : { type: "or", children };
  }
  parseAnd() {
    const children = [this.parseUnary()];
    for (;;) {
      if (this.tok.kind === "AND") this.operand(this.take());
      else if (!STARTS.has(this.tok.kind)) break;
      children.push(this.parseUnary());
    }
    return children.length === 1 ? children[0] : { type: "and", children };
  }
  operand(op) {
    if (!STARTS.has(this.tok.kind)) throw new QueryError(`${op.text} has nothing to work on (search for the word itself in quotes: "${op.text}")`, op.pos);
  }
  parseUnary() {
    const t = this.tok;
    if (++this.depth > MAX_DEPTH) throw new QueryError(`query nests too deep (more than ${MAX_DEPTH} levels)`, t.pos);
    try { return this.unary(t); } finally { this.depth--; }
  }
  unary(t) {
    if (t.kind === "RPAREN") throw new QueryError("unbalanced parenthesis: this ) has no ( before it", t.pos);
    if (t.kind === "NOT" || t.kind === "MINUS") {
      this.take();
      if (!STARTS.has(this.tok.kind) || (t.kind === "MINUS" && this.tok.pos !== t.pos + 1)) {
        throw new QueryError(`${t.kind === "NOT" ? "NOT" : "-"} needs a word, phrase or group right after it`, t.pos);
      }
      return { type: "not", child: this.parseUnary(), pos: t.pos };
    }
    if (t.kind === "AND" || t.kind === "OR") throw new QueryError(`${t.text} needs something on each side (search for the word itself in quotes: "${t.text}")`, t.pos);
    return this.primary(null);
  }
  primary(field) {
    const t = this.take();
    if (t.kind === "LPAREN") {
      if (this.tok.kind === "RPAREN") throw new QueryError("empty parentheses: put a word between ( and )", t.pos);
      const node = field === null ? this.parseOr() : withField(this.parseOr(), field);
      if (this.tok.kind !== "RPAREN") throw new QueryError("unbalanced parenthesis: this ( is never closed", t.pos);
      this.take();
      return node;
    }
    if (t.kind === "FIELD") return this.primary(t.text);
    if (t.kind === "PHRASE") return { type: "term", text: t.text, pos: t.pos, field, phrase: true, prefix: false };
    if (t.kind === "WORD") {
      if (t.text === "*" && field === null) return { type: "all", pos: t.pos };
      const prefix = t.text.endsWith("*");
      return { type: "term", text: prefix ? t.text.replace(/\*+$/u, "") : t.text, pos: t.pos, field, phrase: false, prefix };
    }
    throw new QueryError(`unexpected "${t.text}"`, t.pos);
  }
}

/** The tree of `query`, or {error, position} when it cannot be read. */
export function parse(query) {
  query = String(query ?? "");
  if (query.length > MAX_LENGTH) return { error: `query too long: ${query.length} characters, at most ${MAX_LENGTH}`, position: MAX_LENGTH };
  try {
    return { tree: new Parser(query).parse() };
  } catch (e) {
    if (e instanceof QueryError) return { error: e.message, position: e.position };
    return { error: "this query cannot be read", position: 0 };
  }
}
