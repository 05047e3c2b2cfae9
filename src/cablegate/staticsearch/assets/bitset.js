// Match sets as bitsets: a bit a cable (31 KB for 251,287 cables), so AND/OR/NOT are word loops.

export function words(n) { return Math.ceil(n / 32); }

export function fromDocs(w, docs) {
  const out = new Uint32Array(w);
  for (const d of docs) out[d >>> 5] |= 1 << (d & 31);
  return out;
}

export function fromBytes(w, bytes) {
  const out = new Uint32Array(w);
  const padded = new Uint8Array(w * 4);
  padded.set(bytes);
  for (let i = 0; i < w; i++) out[i] = padded[4 * i] | (padded[4 * i + 1] << 8) | (padded[4 * i + 2] << 16) | (padded[4 * i + 3] << 24);
  return out;
}

export function all(n) {
  const out = new Uint32Array(words(n)).fill(0xffffffff);
  if (n % 32) out[out.length - 1] = (2 ** (n % 32) - 1) >>> 0;
  return out;
}

export function and(a, b) { const o = new Uint32Array(a.length); for (let i = 0; i < a.length; i++) o[i] = a[i] & b[i]; return o; }
export function or(a, b) { const o = new Uint32Array(a.length); for (let i = 0; i < a.length; i++) o[i] = a[i] | b[i]; return o; }
export function andNot(a, b) { const o = new Uint32Array(a.length); for (let i = 0; i < a.length; i++) o[i] = a[i] & ~b[i]; return o; }
export function has(a, d) { return (a[d >>> 5] & (1 << (d & 31))) !== 0; }

export function count(a) {
  let n = 0;
  for (let v of a) { v -= (v >>> 1) & 0x55555555; v = (v & 0x33333333) + ((v >>> 2) & 0x33333333); n += (((v + (v >>> 4)) & 0xf0f0f0f) * 0x1010101) >>> 24; }
  return n;
}

/** Calls `f(doc)` for every member, ascending; stops when it returns true. */
export function each(a, f) {
  for (let i = 0; i < a.length; i++) {
    let v = a[i];
    while (v) {
      const low = v & -v;
      if (f(i * 32 + 31 - Math.clz32(low))) return;
      v ^= low;
    }
  }
}
