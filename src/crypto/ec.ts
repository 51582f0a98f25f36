// Elliptic-curve group arithmetic over prime fields (BSI TR-03111 §2.3, SEC 1 §2.3.3-2.3.4) for PACE mapping,
// ECDH key agreement (ICAO 9303-11 §9.5, Chip Authentication) and ECDSA: one construction for named and
// explicit-parameter curves, built on @noble/curves `weierstrass`.
import {
  type ECDSA,
  ecdsa as nobleEcdsa,
  type WeierstrassPointCons,
  weierstrass,
} from '@noble/curves/abstract/weierstrass.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { oidName, oid as oidOf } from '../asn1/oids.js';
import { bytesToBigInt, numberToBytes } from '../bytes.js';
import { CccdError } from '../errors.js';
import { type CurveName, NAMED_CURVES } from './curves.js';
import { defaultRandom, type RandomSource } from './random.js';

export type { CurveName } from './curves.js';

/** Explicit curve parameters (the ECParameters of RFC 3279 / TR-03111 §4.1 without the encoding). */
export interface CurveParameters {
  readonly p: bigint;
  readonly a: bigint;
  readonly b: bigint;
  readonly gx: bigint;
  readonly gy: bigint;
  /** Order of the base point. */
  readonly n: bigint;
  /** Cofactor (1 for every curve of the ICAO table). */
  readonly h: bigint;
}

/** A curve: a named one from the table, or one built from explicit parameters (name undefined). */
export interface Curve extends CurveParameters {
  readonly kind: 'ec';
  readonly name: CurveName | undefined;
  /** Dotted OID for a named curve. */
  readonly oid: string | undefined;
  /** Bytes of a field element (fixed width of X, Y and of the ECDH shared secret). */
  readonly fieldLength: number;
  /** Bytes of a scalar modulo n (fixed width of private keys and of r, s). */
  readonly orderLength: number;
}

interface NobleCurve {
  Point: WeierstrassPointCons<bigint>;
  ecdsa: ECDSA;
}

const NOBLE = new WeakMap<Curve, NobleCurve>();
const BY_NAME = new Map<CurveName, Curve>();

const byteLength = (v: bigint) => Math.ceil(v.toString(2).length / 8);

function build(params: CurveParameters, name: CurveName | undefined): Curve {
  const curve: Curve = Object.freeze({
    kind: 'ec' as const,
    name,
    oid: name === undefined ? undefined : oidOf(name),
    p: params.p,
    a: params.a,
    b: params.b,
    gx: params.gx,
    gy: params.gy,
    n: params.n,
    h: params.h,
    fieldLength: byteLength(params.p),
    orderLength: byteLength(params.n),
  });
  let Point: WeierstrassPointCons<bigint>;
  try {
    Point = weierstrass({
      p: params.p,
      n: params.n,
      h: params.h,
      a: params.a,
      b: params.b,
      Gx: params.gx,
      Gy: params.gy,
    });
  } catch (cause) {
    throw new CccdError('CRYPTO_FAILED', 'curve parameters do not define a valid curve', { cause });
  }
  // RFC 6979 deterministic nonces use HMAC-SHA-256 here; the message digest is computed by the caller.
  NOBLE.set(curve, { Point, ecdsa: nobleEcdsa(Point, sha256) });
  return curve;
}

/** Every named curve of the table. */
export const CURVE_NAMES = Object.keys(NAMED_CURVES) as CurveName[];

/** A named curve from the table (CRYPTO_UNSUPPORTED for others). */
export function curveByName(name: CurveName): Curve {
  const cached = BY_NAME.get(name);
  if (cached) return cached;
  const data = (NAMED_CURVES as Record<string, (typeof NAMED_CURVES)[CurveName]>)[name];
  if (!data) throw new CccdError('CRYPTO_UNSUPPORTED', `curve ${String(name)} is not in the table`);
  const h = (s: string) => BigInt(`0x${s}`);
  const curve = build(
    { p: h(data.p), a: h(data.a), b: h(data.b), gx: h(data.gx), gy: h(data.gy), n: h(data.n), h: 1n },
    name,
  );
  BY_NAME.set(name, curve);
  return curve;
}

/** A named curve by its dotted OID (namedCurve of RFC 5480). */
export function curveByOid(dotted: string): Curve {
  const name = oidName(dotted);
  if (!name || !Object.hasOwn(NAMED_CURVES, name)) {
    throw new CccdError('CRYPTO_UNSUPPORTED', `curve OID ${dotted} is not in the table`);
  }
  return curveByName(name as CurveName);
}

/**
 * A curve from explicit parameters (PACEDomainParameterInfo, explicit-parameter DS or AA keys). When they equal a
 * named curve, that curve is returned, so that explicit and named forms of the same curve compare equal.
 */
export function curveFromParameters(params: CurveParameters): Curve {
  for (const name of CURVE_NAMES) {
    const c = curveByName(name);
    if (
      c.p === params.p &&
      c.a === params.a &&
      c.b === params.b &&
      c.gx === params.gx &&
      c.gy === params.gy &&
      c.n === params.n
    ) {
      return c;
    }
  }
  return build(params, undefined);
}

/** @internal The noble point constructor and ECDSA of a curve (for ecdsa.ts and the backends). */
export function nobleOf(curve: Curve): NobleCurve {
  const found = NOBLE.get(curve);
  if (!found) throw new CccdError('INVALID_ARGUMENT', 'curve: not built by curveByName/curveFromParameters');
  return found;
}

/** An affine point; use encodePoint/decodePoint for the 04 || X || Y form of TR-03111 §3.2.1. */
export interface AffinePoint {
  readonly x: bigint;
  readonly y: bigint;
}

type NoblePoint = InstanceType<WeierstrassPointCons<bigint>>;

function toNoble(curve: Curve, point: Uint8Array, title: string): NoblePoint {
  const { Point } = nobleOf(curve);
  const L = curve.fieldLength;
  if (!(point instanceof Uint8Array) || point.length !== 1 + 2 * L || point[0] !== 0x04) {
    throw new CccdError('CRYPTO_FAILED', `${title}: expected an uncompressed point of ${1 + 2 * L} bytes`);
  }
  try {
    const p = Point.fromAffine({ x: bytesToBigInt(point.subarray(1, 1 + L)), y: bytesToBigInt(point.subarray(1 + L)) });
    p.assertValidity();
    return p;
  } catch (cause) {
    throw new CccdError('CRYPTO_FAILED', `${title}: point is not on the curve`, { cause });
  }
}

function fromNoble(curve: Curve, p: NoblePoint, title: string): Uint8Array {
  if (p.is0()) throw new CccdError('CRYPTO_FAILED', `${title}: result is the point at infinity`);
  return encodePoint(curve, p.toAffine());
}

/** 04 || X || Y with X and Y at the field's fixed width (TR-03111 §3.2.1 uncompressed encoding). */
export function encodePoint(curve: Curve, point: AffinePoint): Uint8Array {
  const L = curve.fieldLength;
  const out = new Uint8Array(1 + 2 * L);
  out[0] = 0x04;
  out.set(numberToBytes(point.x, L), 1);
  out.set(numberToBytes(point.y, L), 1 + L);
  return out;
}

/** Decodes and validates an uncompressed point; CRYPTO_FAILED unless it lies on the curve (and is not infinity). */
export function decodePoint(curve: Curve, encoded: Uint8Array): AffinePoint {
  const p = toNoble(curve, encoded, 'point').toAffine();
  return { x: p.x, y: p.y };
}

/** Whether `encoded` is a valid uncompressed point of the curve (public key validation, TR-03111 §4.3.3). */
export function isValidPoint(curve: Curve, encoded: Uint8Array): boolean {
  try {
    toNoble(curve, encoded, 'point');
    return true;
  } catch {
    return false;
  }
}

/** The base point G, encoded. */
export function generator(curve: Curve): Uint8Array {
  return encodePoint(curve, { x: curve.gx, y: curve.gy });
}

function scalarOf(curve: Curve, k: bigint | Uint8Array, title: string): bigint {
  const v = typeof k === 'bigint' ? k : bytesToBigInt(k);
  if (v <= 0n || v >= curve.n) throw new CccdError('CRYPTO_FAILED', `${title}: scalar not in [1, n-1]`);
  return v;
}

const PRECOMPUTED = new WeakSet<Curve>();

/**
 * The generator as a noble point with fixed-base precomputation (window 8), built on first use: ephemeral and
 * static key pairs (d · G) are the most frequent multiplications of PACE, CA and key generation.
 */
function baseOf(curve: Curve): NoblePoint {
  const { Point } = nobleOf(curve);
  if (!PRECOMPUTED.has(curve)) {
    Point.BASE.precompute(8);
    PRECOMPUTED.add(curve);
  }
  return Point.BASE;
}

function isGenerator(curve: Curve, point: Uint8Array): boolean {
  const L = curve.fieldLength;
  return (
    point.length === 1 + 2 * L &&
    point[0] === 0x04 &&
    bytesToBigInt(point.subarray(1, 1 + L)) === curve.gx &&
    bytesToBigInt(point.subarray(1 + L)) === curve.gy
  );
}

/** k · P for a scalar in [1, n-1] (ICAO 9303-11 §4.4.3.3.1 generic mapping, ECDH). */
export function multiplyPoint(curve: Curve, point: Uint8Array, scalar: bigint | Uint8Array): Uint8Array {
  // Named curves only: an explicit toy curve of small order cannot take a window of 8.
  const p = curve.name !== undefined && isGenerator(curve, point) ? baseOf(curve) : toNoble(curve, point, 'point');
  return fromNoble(curve, p.multiply(scalarOf(curve, scalar, 'scalar')), 'k·P');
}

/** P + Q (ICAO 9303-11 §4.4.3.3.1: G' = s·G + H). CRYPTO_FAILED when the sum is the point at infinity. */
export function addPoints(curve: Curve, a: Uint8Array, b: Uint8Array): Uint8Array {
  return fromNoble(curve, toNoble(curve, a, 'a').add(toNoble(curve, b, 'b')), 'P+Q');
}

export interface EcKeyPair {
  /** The private scalar, big-endian at the order's fixed width. */
  readonly privateKey: Uint8Array;
  /** The public point, uncompressed. */
  readonly publicKey: Uint8Array;
}

/** The public point d · G of a private scalar. */
export function ecPublicKey(curve: Curve, privateKey: bigint | Uint8Array, base?: Uint8Array): Uint8Array {
  return multiplyPoint(curve, base ?? generator(curve), privateKey);
}

/**
 * A key pair on `curve`, with the generator `base` (default G; PACE passes the mapped generator G').
 * The scalar comes from `privateKey` when given, else from `random` (default: the platform CSPRNG), reduced
 * into [1, n-1] from 8 extra bytes so the bias is negligible (FIPS 186-5 A.2.1).
 */
export function ecKeyPair(
  curve: Curve,
  options: { random?: RandomSource; privateKey?: bigint | Uint8Array; base?: Uint8Array } = {},
): EcKeyPair {
  const d =
    options.privateKey !== undefined
      ? scalarOf(curve, options.privateKey, 'privateKey')
      : (bytesToBigInt((options.random ?? defaultRandom)(curve.orderLength + 8)) % (curve.n - 1n)) + 1n;
  return { privateKey: numberToBytes(d, curve.orderLength), publicKey: ecPublicKey(curve, d, options.base) };
}

/**
 * The ECDH shared secret: the x-coordinate of d · Q at the field's fixed width (TR-03111 §4.3.1, ECKA-DH with
 * cofactor 1; ICAO 9303-11 §9.6). Validates Q first and fails closed on the point at infinity.
 */
export function ecdhSharedSecret(curve: Curve, privateKey: bigint | Uint8Array, peerPublicKey: Uint8Array): Uint8Array {
  const shared = multiplyPoint(curve, peerPublicKey, privateKey);
  return shared.slice(1, 1 + curve.fieldLength);
}
