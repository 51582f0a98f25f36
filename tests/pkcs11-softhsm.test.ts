// PKCS#11 v2.40 signing with keys generated inside a SoftHSM2 token: DS certificates for token keys, EF.SOD
// signed in the token and verified by passive authentication; clear errors for module, token, key and PIN.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oid } from '../src/asn1/oids.js';
import { isCccdError } from '../src/errors.js';
import { buildDg1 } from '../src/lds/dg1.js';
import { decodeSod, signSod } from '../src/lds/sod.js';
import { signatureAlgorithmFromName } from '../src/pki/algorithms.js';
import { issueCertificate } from '../src/pki/certificate.js';
import { createDevelopmentPki, type DevelopmentPki } from '../src/pki/dev-pki.js';
import { passiveAuthentication } from '../src/pki/passive-authentication.js';
import { generatePkcs11KeyPair, openPkcs11Signer, type Pkcs11Signer } from '../src/pki/pkcs11-signer.js';
import { documentSignerTemplate } from '../src/pki/profiles.js';
import { softwareSigner } from '../src/pki/software-signer.js';
import { loadTrustStore } from '../src/pki/trust-store.js';
import { verifySignerInfo } from '../src/pki/verify.js';
import { createSoftHsm, SOFTHSM_MODULE, type SoftHsm, softhsmMissing } from './helpers/softhsm.js';

const missing = softhsmMissing();
if (missing) console.log(`pkcs11-softhsm: skipped: ${missing}`);

const PIN = '4321';
const TOKEN = 'cccd-ds';
const env = { CCCD_PKCS11_PIN: PIN };
const DG1 = buildDg1({
  lines: ['IDVNM0990123459001099012345<<0', '9901018M3901016VNM<<<<<<<<<<<0', 'NGUYEN<<VAN<AN<<<<<<<<<<<<<<<<'],
});
const NOW = new Date('2026-01-15T08:30:00Z');

async function failure(p: () => Promise<unknown>): Promise<{ code?: string; message?: string }> {
  try {
    await p();
  } catch (e) {
    return isCccdError(e) ? { code: e.code, message: e.message } : { code: 'not a CccdError', message: String(e) };
  }
  return {};
}

describe.skipIf(missing !== undefined)('PKCS#11 signer on a SoftHSM2 token', () => {
  let hsm: SoftHsm;
  let pki: DevelopmentPki;
  const open: Pkcs11Signer[] = [];

  beforeAll(async () => {
    hsm = createSoftHsm();
    hsm.initToken(TOKEN, PIN);
    pki = await createDevelopmentPki({ now: () => NOW });
  });

  afterAll(() => {
    for (const s of open) s.close();
    hsm?.cleanup();
  });

  async function tokenDs(label: string, key: { curve: string } | { rsaBits: number }, algorithm?: string) {
    await generatePkcs11KeyPair({ module: SOFTHSM_MODULE, token: TOKEN, keyLabel: label, key, env });
    const signer = await openPkcs11Signer({
      module: SOFTHSM_MODULE,
      token: TOKEN,
      keyLabel: label,
      env,
      ...(algorithm ? { algorithm: signatureAlgorithmFromName(algorithm) } : {}),
    });
    open.push(signer);
    const cert = await issueCertificate(
      documentSignerTemplate({
        issuer: pki.csca,
        subject: { country: 'VN', commonName: `DS ${label}` },
        publicKey: signer.publicKey,
        serialNumber: BigInt(open.length + 100),
        notBefore: NOW,
        notAfter: new Date('2036-01-01T00:00:00Z'),
        documentTypes: ['ID'],
      }),
      softwareSigner({ privateKey: pki.cscaKeyPem }),
    );
    return { signer, cert };
  }

  it('generates a P-256 key in the token, certifies it and signs an EF.SOD that passes passive authentication', async () => {
    const { signer, cert } = await tokenDs('ds-p256', { curve: oid('secp256r1') });
    expect(signer.description).toBe(`pkcs11:${TOKEN}/ds-p256`);
    expect(signer.algorithm).toEqual({ kind: 'ecdsa', hash: 'SHA-256' });
    const sod = await signSod({ dataGroups: new Map([[1, DG1]]), signer, certificate: cert, signingTime: NOW });
    const trust = loadTrustStore([
      { name: 'ml', bytes: pki.masterList },
      { name: 'crl', bytes: pki.crl.raw },
    ]);
    const r = passiveAuthentication({ sod, dataGroups: new Map([[1, DG1]]), trust, now: () => NOW });
    expect(r.checks.filter((c) => c.status !== 'passed')).toEqual([]);
    expect(r.valid).toBe(true);
  });

  it('signs with brainpoolP256r1 and brainpoolP384r1 keys (host hash + CKM_ECDSA)', async () => {
    for (const curve of ['brainpoolP256r1', 'brainpoolP384r1'] as const) {
      const { signer, cert } = await tokenDs(`ds-${curve}`, { curve: oid(curve) });
      const sod = decodeSod(await signSod({ dataGroups: new Map([[1, DG1]]), signer, certificate: cert }));
      expect(verifySignerInfo(sod.signedData, sod.signedData.signerInfos[0]!, cert).valid).toBe(true);
    }
  });

  it('signs with RSA-2048 using CKM_SHA256_RSA_PKCS and CKM_SHA256_RSA_PKCS_PSS', async () => {
    for (const algorithm of ['rsa-sha256', 'rsa-pss-sha256']) {
      const { signer, cert } = await tokenDs(`ds-${algorithm}`, { rsaBits: 2048 }, algorithm);
      const sod = decodeSod(await signSod({ dataGroups: new Map([[1, DG1]]), signer, certificate: cert }));
      expect(sod.signedData.signerInfos[0]!.signatureAlgorithm.kind).toBe(
        algorithm === 'rsa-sha256' ? 'rsa-pkcs1' : 'rsa-pss',
      );
      expect(verifySignerInfo(sod.signedData, sod.signedData.signerInfos[0]!, cert).valid).toBe(true);
    }
  });

  it('takes the PIN from a prompt when CCCD_PKCS11_PIN is not set', async () => {
    let asked = 0;
    const signer = await openPkcs11Signer({
      module: SOFTHSM_MODULE,
      token: TOKEN,
      keyLabel: 'ds-p256',
      env: {},
      prompt: async () => {
        asked++;
        return PIN;
      },
    });
    open.push(signer);
    expect(asked).toBe(1);
    expect((await signer.sign(DG1)).length).toBeGreaterThan(64);
  });

  it('names what to fix: a wrong PIN, a missing PIN, token, key or module, never echoing the PIN', async () => {
    // PKCS#11 keeps the login per token and application: end the open sessions so that the PIN is asked again.
    for (const s of open.splice(0)) s.close();
    const wrong = await failure(() =>
      openPkcs11Signer({
        module: SOFTHSM_MODULE,
        token: TOKEN,
        keyLabel: 'ds-p256',
        env: { CCCD_PKCS11_PIN: '999999' },
      }),
    );
    expect(wrong.code).toBe('PKCS11_UNAVAILABLE');
    expect(wrong.message).toMatch(/CKR_PIN_INCORRECT.*CCCD_PKCS11_PIN/);
    expect(wrong.message).not.toContain('999999');
    const noPin = await failure(() =>
      openPkcs11Signer({ module: SOFTHSM_MODULE, token: TOKEN, keyLabel: 'ds-p256', env: {} }),
    );
    expect(noPin).toMatchObject({ code: 'PKCS11_UNAVAILABLE' });
    expect(noPin.message).toMatch(/CCCD_PKCS11_PIN/);
    const token = await failure(() =>
      openPkcs11Signer({ module: SOFTHSM_MODULE, token: 'nope', keyLabel: 'ds-p256', env }),
    );
    expect(token.code).toBe('PKCS11_UNAVAILABLE');
    expect(token.message).toMatch(/token 'nope' not found.*cccd-ds/);
    const key = await failure(() =>
      openPkcs11Signer({ module: SOFTHSM_MODULE, token: TOKEN, keyLabel: 'absent', env }),
    );
    expect(key.code).toBe('PKCS11_UNAVAILABLE');
    expect(key.message).toMatch(/key 'absent' not found/);
    const mod = await failure(() =>
      openPkcs11Signer({ module: '/nonexistent/libpkcs11.so', token: TOKEN, keyLabel: 'x', env }),
    );
    expect(mod.code).toBe('PKCS11_UNAVAILABLE');
    expect(mod.message).toMatch(/\/nonexistent\/libpkcs11\.so/);
  });
});
