// RFC 7468 textual encodings (PEM) of certificates, CRLs and keys, with the RFC 4648 base64 they use.
import { CccdError } from '../errors.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const REVERSE = new Map([...ALPHABET].map((c, i) => [c, i]));

export function toBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const [a, b, c] = [bytes[i] as number, bytes[i + 1], bytes[i + 2]];
    const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    out += ALPHABET[n >> 18] + (ALPHABET[(n >> 12) & 63] as string);
    out += b === undefined ? '=' : ALPHABET[(n >> 6) & 63];
    out += c === undefined ? '=' : ALPHABET[n & 63];
  }
  return out;
}

/** Decodes base64, ignoring whitespace; anything else outside the alphabet is PKI_MALFORMED. */
export function fromBase64(text: string, path = 'base64'): Uint8Array {
  const clean = text.replace(/\s+/g, '');
  if (clean.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(clean)) {
    throw new CccdError('PKI_MALFORMED', 'not valid base64', { path });
  }
  const pad = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((clean.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < clean.length; i += 4) {
    const n =
      ((REVERSE.get(clean[i] as string) as number) << 18) |
      ((REVERSE.get(clean[i + 1] as string) as number) << 12) |
      ((REVERSE.get(clean[i + 2] as string) ?? 0) << 6) |
      (REVERSE.get(clean[i + 3] as string) ?? 0);
    for (const shift of [16, 8, 0]) if (o < out.length) out[o++] = (n >> shift) & 0xff;
  }
  return out;
}

/** PEM text with 64-character lines. */
export function toPem(label: string, der: Uint8Array): string {
  const b64 = toBase64(der)
    .replace(/(.{64})/g, '$1\n')
    .replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

/** Every PEM block in `text` with its label, in order. */
export function fromPemAll(text: string, path = 'PEM'): { label: string; der: Uint8Array }[] {
  const out: { label: string; der: Uint8Array }[] = [];
  const re = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push({ label: m[1] as string, der: fromBase64(m[2] as string, `${path}[${out.length}]`) });
  }
  return out;
}

/** The DER of the single PEM block labelled `label`; PKI_MALFORMED when absent. */
export function fromPem(text: string, label: string, path = 'PEM'): Uint8Array {
  const found = fromPemAll(text, path).find((b) => b.label === label);
  if (!found) throw new CccdError('PKI_MALFORMED', `no '${label}' PEM block`, { path });
  return found.der;
}

/** True when `bytes` look like PEM text rather than DER. */
export function isPem(bytes: Uint8Array): boolean {
  const head = String.fromCharCode(...bytes.subarray(0, Math.min(bytes.length, 200)));
  return head.includes('-----BEGIN ');
}
