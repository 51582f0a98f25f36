// A development document-signing PKI per ICAO 9303-12 (CSCA, DS, master list signer, CRL, master
// list) with the validity periods of §5.3 and §7.1.4, for `cccd pki init` and tests.
import { bytesToBigInt } from '../bytes.js';
import { generateKeyPair } from '../crypto/keygen.js';
import { encodePkcs8Pem } from '../crypto/pkcs8.js';
import { encryptPkcs8Pem } from '../crypto/pkcs8-encrypted.js';
import { defaultRandom, type RandomSource } from '../crypto/random.js';
import { type SignatureAlgorithm, signatureAlgorithmFromName } from './algorithms.js';
import { type Certificate, issueCertificate } from './certificate.js';
import { type Crl, issueCrl } from './crl.js';
import { signMasterList } from './master-list.js';
import { cscaTemplate, documentSignerTemplate, masterListSignerTemplate } from './profiles.js';
import type { Signer } from './signer.js';
import { keySpecFromName, softwareSigner } from './software-signer.js';

const DAY = 86_400_000;
const YEAR = 365 * DAY;

/** Options of createDevelopmentPki. */
export interface DevelopmentPkiOptions {
  /** ISO 3166-1 alpha-2 (default VN). */
  country?: string;
  /** Key type of every software key: p256 (default), p384, p521, brainpoolP256r1.., rsa2048.. */
  key?: string;
  /** Signature algorithm name (default: fitting the key, e.g. ecdsa-sha256, rsa-pss-sha256). */
  algorithm?: string;
  /** A signer for the DS key held elsewhere (PKCS#11); when given no DS software key is made. */
  dsSigner?: Signer;
  /** Document types the DS may sign (default ['ID'] for the CCCD). */
  documentTypes?: string[];
  /** Organization in the names (default 'Development PKI'). */
  organization?: string;
  /** CRL distribution point URIs written in the certificates. */
  crlDistributionPoints?: string[];
  /** Passphrase that encrypts the written private keys. */
  passphrase?: string;
  now?: () => Date;
  random?: RandomSource;
}

export interface DevelopmentPki {
  readonly csca: Certificate;
  readonly cscaKeyPem: string;
  readonly ds: Certificate;
  /** Absent when the DS key lives in a token. */
  readonly dsKeyPem: string | undefined;
  readonly dsSigner: Signer;
  readonly masterListSigner: Certificate;
  readonly crl: Crl;
  /** The signed master list holding the CSCA (ContentInfo DER). */
  readonly masterList: Uint8Array;
}

/** Creates a development PKI: a CSCA valid 15 years, a DS valid 10 (signing 3 months), its CRL and master list. */
export async function createDevelopmentPki(o: DevelopmentPkiOptions = {}): Promise<DevelopmentPki> {
  const country = o.country ?? 'VN';
  const organization = o.organization ?? 'Development PKI';
  const now = new Date(Math.floor((o.now ?? (() => new Date()))().getTime() / 1000) * 1000);
  const random = o.random ?? defaultRandom;
  // RFC 5280 §4.1.2.2: positive, at most 20 octets; 8 random bytes with the top bit cleared.
  const serial = () => {
    const b = random(8);
    b[0] = ((b[0] as number) & 0x7f) | 0x01;
    return bytesToBigInt(b);
  };
  const spec = keySpecFromName(o.key ?? 'p256');
  const algorithm: SignatureAlgorithm | undefined = o.algorithm ? signatureAlgorithmFromName(o.algorithm) : undefined;
  // The PEM is written only for keys that leave this function; encrypting (PBKDF2) is the slow part.
  const keyOf = (written: boolean) => {
    const pair = generateKeyPair(spec);
    const signer = softwareSigner({ privateKey: pair.privateKey, ...(algorithm ? { algorithm } : {}) });
    const pem = !written
      ? ''
      : o.passphrase
        ? encryptPkcs8Pem(pair.privateKey, o.passphrase)
        : encodePkcs8Pem(pair.privateKey);
    return { pem, signer };
  };
  const dp = o.crlDistributionPoints ? { crlDistributionPoints: o.crlDistributionPoints } : {};

  const cscaKey = keyOf(true);
  const csca = await issueCertificate(
    cscaTemplate({
      subject: { country, organization, commonName: `CSCA ${country}` },
      publicKey: cscaKey.signer.publicKey,
      serialNumber: serial(),
      notBefore: now,
      notAfter: new Date(now.getTime() + 15 * YEAR),
      privateKeyUsageEnd: new Date(now.getTime() + 5 * YEAR),
      ...dp,
    }),
    cscaKey.signer,
  );
  const dsKey = o.dsSigner ? undefined : keyOf(true);
  const dsSigner = o.dsSigner ?? (dsKey as { signer: Signer }).signer;
  const ds = await issueCertificate(
    documentSignerTemplate({
      issuer: csca,
      subject: { country, organization, commonName: `Document Signer ${country}` },
      publicKey: dsSigner.publicKey,
      serialNumber: serial(),
      notBefore: now,
      notAfter: new Date(now.getTime() + 10 * YEAR + 90 * DAY),
      privateKeyUsageEnd: new Date(now.getTime() + 90 * DAY),
      documentTypes: o.documentTypes ?? ['ID'],
      ...dp,
    }),
    cscaKey.signer,
  );
  const mlKey = keyOf(false);
  const masterListSigner = await issueCertificate(
    masterListSignerTemplate({
      issuer: csca,
      subject: { country, organization, commonName: `Master List Signer ${country}` },
      publicKey: mlKey.signer.publicKey,
      serialNumber: serial(),
      notBefore: now,
      notAfter: new Date(now.getTime() + 5 * YEAR),
      ...dp,
    }),
    cscaKey.signer,
  );
  // 9303-12 §7.1.4: a CSCA issues a CRL at least every 90 days.
  const crl = await issueCrl(
    { issuer: csca, thisUpdate: now, nextUpdate: new Date(now.getTime() + 90 * DAY), crlNumber: 1n },
    cscaKey.signer,
  );
  const masterList = await signMasterList({
    certificates: [csca],
    signer: mlKey.signer,
    signerCertificate: masterListSigner,
    issuerCertificate: csca,
    signingTime: now,
  });
  return { csca, cscaKeyPem: cscaKey.pem, ds, dsKeyPem: dsKey?.pem, dsSigner, masterListSigner, crl, masterList };
}
