// `cccd pki init`: a development document-signing PKI (ICAO 9303-12) in a directory, with the DS key in
// software or generated inside a PKCS#11 token.
import { join } from 'node:path';
import { type OidName, oid } from '../asn1/oids.js';
import { CccdError } from '../errors.js';
import { cardSecurityInfos, signCardSecurity } from '../lds/card-security.js';
import { type EfName, dataGroups as registryDataGroups } from '../lds/registry.js';
import { signSod } from '../lds/sod.js';
import { signatureAlgorithmFromName } from '../pki/algorithms.js';
import type { Certificate } from '../pki/certificate.js';
import { createDevelopmentPki } from '../pki/dev-pki.js';
import { toPem } from '../pki/pem.js';
import { generatePkcs11KeyPair, openPkcs11Signer, type Pkcs11Signer } from '../pki/pkcs11-signer.js';
import type { Signer } from '../pki/signer.js';
import { keySpecFromName } from '../pki/software-signer.js';
import type { CardProfile } from '../profile/types.js';
import { optional, parse, required } from './args.js';
import type { Command } from './command.js';
import type { CliDeps } from './deps.js';
import { loadDocumentSigner, type Pkcs11Options, pinPrompt } from './pki-dir.js';

const USAGE = `Usage: cccd pki init --dir D [--country VN] [--algorithm KEY] [--signature-algorithm ALG]
                     [--pkcs11-module PATH --pkcs11-token LABEL [--pkcs11-key LABEL]]

Creates a development PKI in D (ICAO 9303-12 profiles) with names any tool opens:
  csca.pem, ds.pem         CSCA (self-signed) and document signer certificates
  csca.key.pem, ds.key.pem private keys, PKCS#8 PEM (ds.key.pem absent when the DS key is in a token)
  csca.crl                 the CSCA's CRL (PEM), next update in 90 days
  masterlist.ml            a CSCA master list (CMS, DER) holding the CSCA
  --country CC             ISO 3166-1 alpha-2 (default VN)
  --algorithm KEY          p256 (default), p384, p521, brainpoolP256r1, brainpoolP384r1, brainpoolP512r1,
                           rsa2048, rsa3072, rsa4096
  --signature-algorithm A  e.g. ecdsa-sha384, rsa-sha256, rsa-pss-sha256 (default: fits the key)
  --pkcs11-module PATH     generate the DS key inside a PKCS#11 token (e.g. /usr/lib/softhsm/libsofthsm2.so)
  --pkcs11-token LABEL     the token's label; the user PIN comes from CCCD_PKCS11_PIN or a terminal prompt
  --pkcs11-key LABEL       label of the DS key pair in the token (default cccd-ds)
Private keys are written unencrypted unless CCCD_KEY_PASSPHRASE is set. Exit code 2 on bad options.`;

export const PKI_INIT: Command = {
  name: 'pki init',
  summary: 'create a development CSCA, document signer, CRL and master list (software or PKCS#11 DS key)',
  usage: USAGE,
  async run(args, deps) {
    const p = parse(args, {
      dir: { type: 'string' },
      country: { type: 'string' },
      algorithm: { type: 'string' },
      'signature-algorithm': { type: 'string' },
      'pkcs11-module': { type: 'string' },
      'pkcs11-token': { type: 'string' },
      'pkcs11-key': { type: 'string' },
    });
    const dir = required(p, 'dir');
    const country = optional(p, 'country') ?? 'VN';
    if (!/^[A-Z]{2}$/.test(country))
      throw new CccdError('USAGE', `--country ${country}: expected an alpha-2 code such as VN`);
    const key = optional(p, 'algorithm') ?? 'p256';
    const spec = keySpecFromName(key);
    const algorithm = optional(p, 'signature-algorithm');
    const module = optional(p, 'pkcs11-module');
    const token = optional(p, 'pkcs11-token');
    if ((module === undefined) !== (token === undefined)) {
      throw new CccdError('USAGE', '--pkcs11-module and --pkcs11-token go together');
    }
    const passphrase = deps.env.CCCD_KEY_PASSPHRASE;
    let tokenSigner: Pkcs11Signer | undefined;
    if (module && token) {
      const keyLabel = optional(p, 'pkcs11-key') ?? 'cccd-ds';
      const curveOid = spec.kind === 'ec' ? oid(spec.curve as OidName) : undefined;
      await generatePkcs11KeyPair({
        module,
        token,
        keyLabel,
        key: curveOid ? { curve: curveOid } : { rsaBits: spec.kind === 'rsa' ? spec.bits : 2048 },
        env: deps.env,
        ...pinPrompt(deps),
      });
      tokenSigner = await openPkcs11Signer({
        module,
        token,
        keyLabel,
        env: deps.env,
        ...pinPrompt(deps),
        ...(algorithm ? { algorithm: signatureAlgorithmFromName(algorithm) } : {}),
      });
    }
    try {
      const pki = await createDevelopmentPki({
        country,
        key,
        ...(algorithm ? { algorithm } : {}),
        ...(tokenSigner ? { dsSigner: tokenSigner } : {}),
        ...(passphrase ? { passphrase } : {}),
        now: deps.now,
      });
      await deps.mkdir(dir);
      const files: [string, Uint8Array | string][] = [
        ['csca.pem', toPem('CERTIFICATE', pki.csca.raw)],
        ['ds.pem', toPem('CERTIFICATE', pki.ds.raw)],
        ['csca.key.pem', pki.cscaKeyPem],
        ...(pki.dsKeyPem ? ([['ds.key.pem', pki.dsKeyPem]] as [string, string][]) : []),
        ['csca.crl', toPem('X509 CRL', pki.crl.raw)],
        ['masterlist.ml', pki.masterList],
      ];
      for (const [name, data] of files) {
        await deps.writeFile(join(dir, name), data);
        deps.stdout(`${join(dir, name)}\n`);
      }
      deps.stderr(
        tokenSigner
          ? `DS key held in ${tokenSigner.description}; keep ${join(dir, 'csca.key.pem')} secret\n`
          : `private keys written (keep them secret): ${join(dir, 'csca.key.pem')}, ${join(dir, 'ds.key.pem')}\n`,
      );
      return 0;
    } finally {
      tokenSigner?.close();
    }
  },
};

/**
 * `lds build --pki DIR`: signs EF.SOD (and EF.CardSecurity when the profile has one) over the built files with
 * DIR/ds.pem and the DS key (DIR/ds.key.pem, encrypted keys take CCCD_KEY_PASSPHRASE, or the key in a PKCS#11
 * token), as the profile's sod settings say.
 */
export async function signCardFiles(
  deps: CliDeps,
  pkiDir: string,
  profile: CardProfile,
  files: Partial<Record<EfName, Uint8Array>>,
  pkcs11?: Pkcs11Options,
): Promise<Partial<Record<EfName, Uint8Array>>> {
  const ds = await loadDocumentSigner(deps, pkiDir, profile, pkcs11);
  try {
    return await signWith(ds.signer, ds.certificate, profile, files, deps.now());
  } finally {
    ds.close();
  }
}

async function signWith(
  signer: Signer,
  certificate: Certificate,
  profile: CardProfile,
  files: Partial<Record<EfName, Uint8Array>>,
  now: Date,
): Promise<Partial<Record<EfName, Uint8Array>>> {
  const dataGroups = new Map<number, Uint8Array>();
  for (const dg of registryDataGroups()) {
    const bytes = files[dg.name];
    if (bytes) dataGroups.set(dg.number as number, bytes);
  }
  const signingTime = profile.sod.signingTime ? { signingTime: now } : {};
  const out: Partial<Record<EfName, Uint8Array>> = {
    'EF.SOD': await signSod({
      dataGroups,
      signer,
      certificate,
      hash: profile.sod.hash,
      ldsVersion: profile.sod.securityObjectVersion === 1 ? profile.lds.version : '0107',
      unicodeVersion: profile.lds.unicodeVersion,
      ...signingTime,
    }),
  };
  if (profile.cardSecurity) {
    out['EF.CardSecurity'] = await signCardSecurity({
      securityInfos: cardSecurityInfos(files['EF.CardAccess'], files.DG14),
      signer,
      certificate,
      hash: profile.sod.hash,
      ...signingTime,
    });
  }
  return out;
}
