// Bounded caches of objects decoded from bytes that a verifier meets again and again: the same DS and CSCA
// certificates, names and public keys come with every document of a batch (ICAO 9303-12 §5: one DS key signs many
// documents). An entry is found by a fingerprint of the bytes and confirmed by comparing every byte, so a
// fingerprint collision can only cost a decode, never hand back another object.

/**
 * FNV-1a over the length and at most 64 bytes spread over the input (all of them when shorter): a certificate
 * ends in its signature and names differ in their values, so the sample tells entries apart, and a full comparison
 * confirms every hit anyway.
 */
function fingerprint(bytes: Uint8Array, from = 0, to = bytes.length): number {
  const n = to - from;
  let h = Math.imul(0x811c9dc5 ^ n, 0x01000193);
  const step = n <= 64 ? 1 : Math.floor(n / 32);
  for (let i = 0; i < n && i < step * 32; i += step) h = Math.imul(h ^ (bytes[from + i] as number), 0x01000193);
  for (let i = Math.max(0, n - 32); i < n; i++) h = Math.imul(h ^ (bytes[from + i] as number), 0x01000193);
  return h >>> 0;
}

/**
 * Byte equality that stops at the first difference (cache keys are public data, unlike MACs), four bytes at a
 * time: confirming a certificate hit compares some 500 bytes per document.
 */
function sameBytes(a: Uint8Array, b: Uint8Array, from = 0, to = b.length): boolean {
  const n = a.length;
  if (n !== to - from) return false;
  const words = n >>> 2;
  if (words > 4) {
    const x = new DataView(a.buffer, a.byteOffset, n);
    const y = new DataView(b.buffer, b.byteOffset + from, n);
    for (let i = 0; i < words; i++) if (x.getInt32(i << 2) !== y.getInt32(i << 2)) return false;
  } else if (words > 0) {
    for (let i = 0; i < words << 2; i++) if (a[i] !== b[from + i]) return false;
  }
  for (let i = words << 2; i < n; i++) if (a[i] !== b[from + i]) return false;
  return true;
}

interface Entry<V> {
  readonly bytes: Uint8Array;
  readonly value: V;
}

export class DecodedCache<V> {
  readonly #buckets = new Map<number, Entry<V>[]>();
  #size = 0;

  /** @param limit entries kept; the cache empties when full (a verifier's working set is a few dozen keys). */
  constructor(private readonly limit: number) {}

  get(bytes: Uint8Array): V | undefined {
    return this.getIn(bytes, 0, bytes.length);
  }

  /** The value kept for bytes[from, to), read in place (no view is made for a lookup). */
  getIn(bytes: Uint8Array, from: number, to: number): V | undefined {
    const bucket = this.#buckets.get(fingerprint(bytes, from, to));
    if (bucket) for (const e of bucket) if (sameBytes(e.bytes, bytes, from, to)) return e.value;
    return undefined;
  }

  /** Keeps `value` for a private copy of `bytes` (later changes to the caller's buffer cannot reach it). */
  set(bytes: Uint8Array, value: V): void {
    if (this.#size >= this.limit) {
      this.#buckets.clear();
      this.#size = 0;
    }
    const key = fingerprint(bytes);
    const bucket = this.#buckets.get(key);
    const entry = { bytes: bytes.slice(), value };
    if (bucket) bucket.push(entry);
    else this.#buckets.set(key, [entry]);
    this.#size++;
  }
}
