// A PKI directory as `cccd pki init` writes it (ds.pem, ds.key.pem, csca.pem, csca.crl): the document signer for
// personalization and the trust anchors for verification. A DS key in a PKCS#11 token is opened by its labels.
import { join } from 'node:path';
import { bytesToUtf8 } from '../bytes.js';
import { CccdError } from '../errors.js';
import { signatureAlgorithmFromOidName } from '../pki/algorithms.js';
import { type Certificate, parseCertificate } from '../pki/certificate.js';
import { fromPem } from '../pki/pem.js';
import { openPkcs11Signer } from '../pki/pkcs11-signer.js';
import type { Signer } from '../pki/signer.js';
import { softwareSigner } from '../pki/software-signer.js';
import { loadTrustStore, type TrustInput, type TrustStore } from '../pki/trust-store.js';
import type { CardProfile } from '../profile/types.js';
import { optional, type Parsed } from './args.js';
import type { CliDeps } from './deps.js';

export interface Pkcs11Options {
  module: string;
  token: string;
  keyLabel?: string;
}

/** The PIN once asked, per command run: generating a key and then signing with it ask only once. */
const ASKED = new WeakMap<CliDeps, Promise<string>>();

/** The terminal PIN prompt when the CLI has one (CCCD_PKCS11_PIN, when set, is used first). */
export function pinPrompt(deps: CliDeps): { prompt?: () => Promise<string> } {
  const ask = deps.promptSecret;
  if (!ask) return {};
  return {
    prompt: () => {
      let pin = ASKED.get(deps);
      if (!pin) {
        pin = ask('PKCS#11 user PIN: ');
        ASKED.set(deps, pin);
      }
      return pin;
    },
  };
}

/** `--pkcs11-module PATH --pkcs11-token LABEL [--pkcs11-key LABEL]`, all or none. */
export function pkcs11Options(p: Parsed): Pkcs11Options | undefined {
  const module = optional(p, 'pkcs11-module');
  const token = optional(p, 'pkcs11-token');
  if ((module === undefined) !== (token === undefined)) {
    throw new CccdError('USAGE', '--pkcs11-module and --pkcs11-token go together');
  }
  const keyLabel = optional(p, 'pkcs11-key');
  return module && token ? { module, token, ...(keyLabel ? { keyLabel } : {}) } : undefined;
}

export interface DocumentSigner {
  signer: Signer;
  certificate: Certificate;
  close(): void;
}

/** The DS signer of `dir` for `profile`: ds.key.pem (CCCD_KEY_PASSPHRASE if encrypted) or a PKCS#11 key. */
export async function loadDocumentSigner(
  deps: CliDeps,
  dir: string,
  profile: CardProfile,
  pkcs11?: Pkcs11Options,
): Promise<DocumentSigner> {
  const certificate = parseCertificate(
    fromPem(bytesToUtf8(await deps.readFile(join(dir, 'ds.pem'))), 'CERTIFICATE', 'ds.pem'),
    'ds.pem',
  );
  const algorithm = signatureAlgorithmFromOidName(profile.sod.signatureAlgorithm, profile.sod.hash);
  if (pkcs11) {
    const signer = await openPkcs11Signer({
      module: pkcs11.module,
      token: pkcs11.token,
      keyLabel: pkcs11.keyLabel ?? 'cccd-ds',
      env: deps.env,
      ...pinPrompt(deps),
      algorithm,
    });
    return { signer, certificate, close: () => signer.close() };
  }
  let pem: string;
  try {
    pem = bytesToUtf8(await deps.readFile(join(dir, 'ds.key.pem')));
  } catch (cause) {
    throw new CccdError('USAGE', `${join(dir, 'ds.key.pem')} is missing: is the DS key in a token (--pkcs11-*)?`, {
      cause,
    });
  }
  const passphrase = deps.env.CCCD_KEY_PASSPHRASE;
  const signer = softwareSigner({ privateKey: pem, algorithm, ...(passphrase ? { passphrase } : {}) });
  return { signer, certificate, close: () => undefined };
}

/** Says on stderr which objects of master lists and LDIF exports were skipped (the rest is trusted). */
export function noteSkipped(deps: CliDeps, trust: TrustStore): void {
  const skipped = trust.skipped ?? [];
  if (skipped.length === 0) return;
  deps.stderr(`note: ${skipped.length} trust object(s) skipped, the rest loaded:\n`);
  for (const s of skipped.slice(0, 10)) deps.stderr(`  ${s.path}: ${s.reason} [${s.code}]\n`);
  if (skipped.length > 10) deps.stderr(`  ... and ${skipped.length - 10} more\n`);
}

/** Trust anchors from a file or a directory (PEM/DER certificates, CRLs, master lists, LDIF). */
export async function loadTrust(deps: CliDeps, path: string): Promise<TrustStore> {
  const inputs: TrustInput[] = [];
  if (await deps.isDirectory(path)) {
    for (const name of await deps.readDir(path)) {
      if (/\.(pem|crt|cer|der|crl|ml|ldif)$/i.test(name) && !/\.key\.pem$/i.test(name)) {
        inputs.push({ name, bytes: await deps.readFile(join(path, name)) });
      }
    }
  } else {
    inputs.push({ name: path, bytes: await deps.readFile(path) });
  }
  if (inputs.length === 0) throw new CccdError('USAGE', `--trust ${path}: no certificate, CRL, master list or LDIF`);
  return loadTrustStore(inputs);
}

/** The trust of a PKI directory: its CSCA and, when present, the CSCA's CRL. */
export async function loadPkiTrust(deps: CliDeps, dir: string): Promise<TrustStore> {
  const inputs: TrustInput[] = [{ name: 'csca.pem', bytes: await deps.readFile(join(dir, 'csca.pem')) }];
  try {
    inputs.push({ name: 'csca.crl', bytes: await deps.readFile(join(dir, 'csca.crl')) });
  } catch (e) {
    if (!(e instanceof CccdError && e.code === 'IO_FAILED')) throw e;
  }
  return loadTrustStore(inputs);
}
