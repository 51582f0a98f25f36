// RFC 7468 textual encodings (PEM) of certificates, CRLs and master lists: several blocks per file, errors with paths.
import { fromBase64 as cryptoFromBase64, toBase64, toPem } from '../crypto/pem.js';
import { CccdError } from '../errors.js';

export { toBase64, toPem };

/** Base64 of src/crypto/pem.ts, with PKI_MALFORMED and the file's path when the text is not base64. */
export function fromBase64(text: string, path = 'base64'): Uint8Array {
  try {
    return cryptoFromBase64(text);
  } catch (cause) {
    throw new CccdError('PKI_MALFORMED', 'not valid base64', { path, cause });
  }
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
