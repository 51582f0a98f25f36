// Crypto backend comparison: ECDSA P-256 and brainpoolP256r1 sign/verify (node:crypto vs @noble), and the
// block primitives secure messaging and BAC rely on.
import { asciiToBytes } from '../src/bytes.js';
import { decrypt, encrypt } from '../src/crypto/cipher.js';
import { ecdsaSign, ecdsaVerify } from '../src/crypto/ecdsa.js';
import { generateKeyPair } from '../src/crypto/keygen.js';
import type { EcPrivateKey, EcPublicKey } from '../src/crypto/keys.js';
import { nodeBackend } from '../src/crypto/node-backend.js';
import { pureBackend } from '../src/crypto/pure-backend.js';
import { type BenchResult, bench, report } from './harness.js';

export default async function (): Promise<string> {
  const message = asciiToBytes('signed attributes of an EF.SOD');
  const results: BenchResult[] = [];
  for (const curve of ['secp256r1', 'brainpoolP256r1'] as const) {
    const { privateKey, publicKey } = generateKeyPair({ kind: 'ec', curve });
    const key = privateKey as EcPrivateKey;
    const pub = publicKey as EcPublicKey;
    const sig = ecdsaSign(key, message, { hash: 'SHA-256' });
    for (const backend of [nodeBackend, pureBackend]) {
      results.push(
        await bench(`ECDSA ${curve} sign (${backend.name})`, () =>
          ecdsaSign(key, message, { hash: 'SHA-256', backend }),
        ),
      );
      results.push(
        await bench(`ECDSA ${curve} verify (${backend.name})`, () =>
          ecdsaVerify(pub, message, sig, { hash: 'SHA-256', backend }),
        ),
      );
    }
  }
  const key16 = new Uint8Array(16).fill(7);
  const block = new Uint8Array(256);
  for (const backend of [nodeBackend, pureBackend]) {
    results.push(
      await bench(`AES-128-CBC 256 B one-shot (${backend.name})`, () => encrypt('AES', key16, block, { backend })),
    );
    results.push(
      await bench(`3DES-CBC 256 B one-shot (${backend.name})`, () => decrypt('3DES', key16, block, { backend })),
    );
  }
  const ratio = (a: number, b: number) => (results[a]!.opsPerSecond / results[b]!.opsPerSecond).toFixed(1);
  return `${report(results)}\nP-256 node/pure: sign ${ratio(0, 2)}x, verify ${ratio(1, 3)}x`;
}
