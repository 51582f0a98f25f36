// LDS (ICAO 9303-10) build and decode rates: DG13 (the CCCD citizen data), DG2 with a 20 KB image, and a
// whole CCCD 2021 card composed from the example citizen (EF.COM, DG1, DG2, DG13, DG14, DG15, EF.CardAccess).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCitizen } from '../src/citizen/schema.js';
import { generateKeyPair } from '../src/crypto/keygen.js';
import { encodeSpki } from '../src/crypto/keys.js';
import { composeCard } from '../src/lds/compose.js';
import { buildDg2, decodeDg2, FACE_HEADER } from '../src/lds/dg2.js';
import { buildDg13, decodeDg13 } from '../src/lds/dg13.js';
import { decodeEf } from '../src/lds/ef.js';
import type { FaceImage } from '../src/lds/face-record.js';
import { builtinProfile } from '../src/profile/builtin.js';
import { bench, report } from './harness.js';

const CITIZENS = join(import.meta.dirname, '..', 'examples', 'citizens');

export default async function (): Promise<string> {
  const citizen = loadCitizen(readFileSync(join(CITIZENS, 'nguyen-van-an.json')), CITIZENS);
  const portrait = new Uint8Array(readFileSync(citizen.portrait));
  const profile = builtinProfile('cccd-2021');
  const chipPublicKeys = {
    ca: encodeSpki(generateKeyPair({ kind: 'ec', curve: 'brainpoolP256r1' }).publicKey),
    aa: encodeSpki(generateKeyPair({ kind: 'ec', curve: 'brainpoolP256r1' }).publicKey),
  };
  const card = composeCard({ citizen, profile, portrait, chipPublicKeys });
  const dg13 = card.files.DG13 as Uint8Array;
  const dg13Fields = decodeDg13(dg13);
  const image = new Uint8Array(20_000);
  image.set(portrait.subarray(0, 2));
  const face: FaceImage = {
    gender: 1,
    eyeColour: 0,
    hairColour: 0,
    propertyMask: 0,
    expression: 0,
    poseAngle: [0, 0, 0],
    poseAngleUncertainty: [0, 0, 0],
    featurePoints: [],
    faceImageType: 1,
    imageDataType: 'jpeg',
    width: 480,
    height: 640,
    colourSpace: 1,
    sourceType: 2,
    deviceType: 0,
    quality: 0,
    image,
  };
  const dg2Input = { instances: [{ header: FACE_HEADER, record: { images: [face] } }] };
  const dg2 = buildDg2(dg2Input);
  const files = Object.values(card.files) as Uint8Array[];
  const results = [
    await bench('DG13 build (386 bytes)', () => buildDg13(dg13Fields)),
    await bench('DG13 decode', () => decodeDg13(dg13)),
    await bench(`DG2 build (20 KB image, ${dg2.length} bytes)`, () => buildDg2(dg2Input)),
    await bench('DG2 decode (20 KB image)', () => decodeDg2(dg2)),
    await bench('compose a CCCD 2021 card (7 files)', () =>
      composeCard({ citizen, profile, portrait, chipPublicKeys }),
    ),
    await bench('decode a CCCD 2021 card (7 files, decodeEf)', () => {
      for (const f of files) decodeEf(f);
    }),
  ];
  return report(results);
}
