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

/**
 * Two generations, an approximate least-recently-used policy without per-entry bookkeeping: entries go to the young
 * generation; when it holds `limit` entries it becomes the old one (the previous old one is dropped), and an old
 * entry found again moves back to the young one. So what a verifier keeps using stays, whatever it saw once goes,
 * and at most 2 x `limit` entries are held. (A cache that emptied when full made a border post that sees a few
 * hundred document signers decode - and check the signature of - most DS certificates again.)
 */
export class DecodedCache<V> {
  #young = new Map<number, Entry<V>[]>();
  #old = new Map<number, Entry<V>[]>();
  #youngSize = 0;

  /** @param limit entries per generation. */
  constructor(private readonly limit: number) {}

  get(bytes: Uint8Array): V | undefined {
    return this.getIn(bytes, 0, bytes.length);
  }

  /** The value kept for bytes[from, to), read in place (no view is made for a lookup). */
  getIn(bytes: Uint8Array, from: number, to: number): V | undefined {
    const key = fingerprint(bytes, from, to);
    const young = this.#young.get(key);
    if (young) for (const e of young) if (sameBytes(e.bytes, bytes, from, to)) return e.value;
    const old = this.#old.get(key);
    if (old) {
      for (let i = 0; i < old.length; i++) {
        const e = old[i] as Entry<V>;
        if (!sameBytes(e.bytes, bytes, from, to)) continue;
        old.splice(i, 1);
        this.#add(key, e);
        return e.value;
      }
    }
    return undefined;
  }

  /** Keeps `value` for a private copy of `bytes` (later changes to the caller's buffer cannot reach it). */
  set(bytes: Uint8Array, value: V): void {
    this.#add(fingerprint(bytes), { bytes: bytes.slice(), value });
  }

  #add(key: number, entry: Entry<V>): void {
    if (this.#youngSize >= this.limit) {
      this.#old = this.#young;
      this.#young = new Map();
      this.#youngSize = 0;
    }
    const bucket = this.#young.get(key);
    if (bucket) bucket.push(entry);
    else this.#young.set(key, [entry]);
    this.#youngSize++;
  }
}
