import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concatBytes, fromHex, toHex } from '../src/bytes.js';
import { isCccdError } from '../src/errors.js';
import {
  decodeTlv,
  decodeTlvList,
  encodeTlv,
  peekTlvLength,
  readTlv,
  type Tlv,
  type TlvReader,
} from '../src/tlv/index.js';
import { codeOf } from './helpers/error-code.js';

const EF_COM = '60145F0104303130365F36063034303030305C026175';

describe('ISO/IEC 8825-1 BER-TLV decoding', () => {
  it('decodes the ICAO 9303-10 EF.COM with two-byte tags and keeps raw bytes', () => {
    const node = decodeTlv(fromHex(EF_COM));
    expect(node.tag).toBe(0x60);
    expect(node.constructed).toBe(true);
    expect(node.children.map((c) => c.tag)).toEqual([0x5f01, 0x5f36, 0x5c]);
    expect(toHex(node.children[2]!.value)).toBe('6175');
    expect(toHex(node.raw)).toBe(EF_COM);
    expect(node.children[1]!.offset).toBe(9);
  });

  it('decodes long-form lengths (81 and 82)', () => {
    const value = new Uint8Array(300).fill(7);
    const bytes = encodeTlv(0x5f2e, value);
    expect(toHex(bytes.subarray(0, 5))).toBe('5F2E82012C');
    expect(decodeTlv(bytes).value.length).toBe(300);
  });

  it('rejects non-minimal lengths unless allowed', () => {
    const bytes = fromHex('048105' + '0102030405');
    expect(codeOf(() => decodeTlv(bytes))).toBe('TLV_MALFORMED');
    expect(decodeTlv(bytes, { allowNonMinimalLength: true }).value.length).toBe(5);
  });

  it('rejects indefinite lengths unless allowed, then finds the end-of-contents', () => {
    const bytes = fromHex('3080' + '020101' + '0403AABBCC' + '0000');
    expect(codeOf(() => decodeTlv(bytes))).toBe('TLV_MALFORMED');
    const node = decodeTlv(bytes, { allowIndefinite: true });
    expect(node.indefinite).toBe(true);
    expect(node.children.length).toBe(2);
    expect(toHex(node.raw)).toBe(toHex(bytes));
  });

  it('checks a declared length against the bytes present before allocating (a 4 GB claim)', () => {
    const bytes = fromHex('7784FFFFFFF0' + '00');
    expect(codeOf(() => decodeTlv(bytes))).toBe('TLV_TRUNCATED');
  });

  it('rejects trailing bytes unless padding is allowed', () => {
    const bytes = concatBytes(fromHex(EF_COM), fromHex('0000'));
    expect(codeOf(() => decodeTlv(bytes))).toBe('TLV_MALFORMED');
    expect(decodeTlv(bytes, { allowTrailing: true }).tag).toBe(0x60);
  });

  it('bounds nesting depth and node count', () => {
    let deep = fromHex('0400');
    for (let i = 0; i < 40; i++) deep = encodeTlv(0x30, deep);
    expect(codeOf(() => decodeTlv(deep))).toBe('TLV_LIMIT');
    const many = encodeTlv(0x30, ...Array.from({ length: 20 }, () => fromHex('0500')));
    expect(codeOf(() => decodeTlv(many, { maxNodes: 10 }))).toBe('TLV_LIMIT');
  });

  it('names the path and offset of a failure', () => {
    try {
      decodeTlv(fromHex('6E0831063004060404' + '00'), { path: 'DG14' });
      expect.unreachable();
    } catch (e) {
      expect(isCccdError(e, 'TLV_TRUNCATED')).toBe(true);
      const err = e as { path: string; offset: number; message: string };
      expect(err.path).toMatch(/^DG14\/6E\/31/);
      expect(err.message).toMatch(/offset \d+/);
    }
  });

  it('peeks the total length of a file from its first bytes', () => {
    expect(peekTlvLength(fromHex('6014'))).toBe(22);
    expect(peekTlvLength(fromHex('778201'))).toBeUndefined();
    expect(peekTlvLength(fromHex('7782010A'))).toBe(4 + 0x10a);
  });

  it('round-trips any tree it encodes (property)', () => {
    const leaf = fc
      .record({ tag: fc.constantFrom(0x04, 0x5f1f, 0x80, 0x9f1e, 0x5f2e), value: fc.uint8Array({ maxLength: 300 }) })
      .map(({ tag, value }) => encodeTlv(tag, value));
    const tree = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        leaf,
        fc
          .record({
            tag: fc.constantFrom(0x30, 0x31, 0x7f49, 0x61, 0xa0),
            kids: fc.array(tie('node'), { maxLength: 4 }),
          })
          .map(({ tag, kids }) => encodeTlv(tag, ...(kids as Uint8Array[]))),
      ),
    })).node as fc.Arbitrary<Uint8Array>;
    fc.assert(
      fc.property(tree, (bytes) => {
        const node = decodeTlv(bytes);
        expect(toHex(node.raw)).toBe(toHex(bytes));
        const reencode = (n: typeof node): Uint8Array =>
          n.constructed ? encodeTlv(n.tag, ...n.children.map(reencode)) : encodeTlv(n.tag, n.value);
        expect(toHex(reencode(node))).toBe(toHex(bytes));
      }),
      { numRuns: 300 },
    );
  });

  it('throws only typed errors on random and mutated input (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        try {
          decodeTlvList(bytes, { allowIndefinite: true });
        } catch (e) {
          expect(isCccdError(e)).toBe(true);
        }
      }),
      { numRuns: 5000 },
    );
  });
});

/** Trees of leaves and constructed objects; `indefinite` writes some constructed ones in the BER 80 .. 00 00 form. */
function tlvTree(indefinite: boolean): fc.Arbitrary<Uint8Array> {
  const leaf = fc
    .record({
      tag: fc.constantFrom(0x04, 0x5f1f, 0x80, 0x9f1e, 0x5f2e, 0x02),
      value: fc.uint8Array({ maxLength: 300 }),
    })
    .map(({ tag, value }) => encodeTlv(tag, value));
  return fc.letrec((tie) => ({
    node: fc.oneof(
      { depthSize: 'small' },
      leaf,
      fc
        .record({
          tag: fc.constantFrom(0x30, 0x31, 0x7f49, 0x61, 0xa0, 0x24),
          kids: fc.array(tie('node'), { maxLength: 4 }),
          open: fc.boolean(),
        })
        .map(({ tag, kids, open }) =>
          indefinite && open
            ? concatBytes(
                encodeTlv(tag).subarray(0, tag > 0xff ? 2 : 1),
                Uint8Array.of(0x80),
                ...(kids as Uint8Array[]),
                Uint8Array.of(0, 0),
              )
            : encodeTlv(tag, ...(kids as Uint8Array[])),
        ),
    ),
  })).node as fc.Arbitrary<Uint8Array>;
}

/** The tree the reader sees, written as text: tag, offsets and value of every object, children in order. */
function readerView(r: TlvReader, pos: number, end: number): string {
  r.at(pos, end);
  const { tag, constructed, indefinite, start, valueStart, valueEnd } = r;
  const head = `${tag.toString(16)}@${start}+${valueStart - start}${indefinite ? 'i' : ''}`;
  if (!constructed) return `${head}=${toHex(r.view(valueStart, valueEnd))}`;
  const kids: string[] = [];
  for (let q = valueStart; q < valueEnd; ) {
    r.at(q, valueEnd);
    const next = r.end;
    kids.push(readerView(r, q, valueEnd));
    q = next;
  }
  expect(r.count(valueStart, valueEnd)).toBe(kids.length);
  return `${head}(${kids.join(',')})`;
}

function nodeView(n: Tlv): string {
  const head = `${n.tag.toString(16)}@${n.offset}+${n.headerLength}${n.indefinite ? 'i' : ''}`;
  return n.constructed ? `${head}(${n.children.map(nodeView).join(',')})` : `${head}=${toHex(n.value)}`;
}

describe('ISO/IEC 8825-1 BER-TLV reading in place (TlvReader)', () => {
  it('reads every object where the node decoder finds it, indefinite lengths included (property)', () => {
    fc.assert(
      fc.property(tlvTree(true), (bytes) => {
        const options = { allowIndefinite: true };
        const r = readTlv(bytes, options);
        expect(readerView(r, 0, bytes.length)).toBe(nodeView(decodeTlv(bytes, options)));
        // node() hands out the same object as the node decoder, and holds() compares whole objects.
        r.at(0, bytes.length);
        expect(r.end).toBe(bytes.length);
        expect(toHex(r.node(0, bytes.length).raw)).toBe(toHex(bytes));
        expect(r.holds(bytes)).toBe(true);
        expect(r.holds(bytes.subarray(0, bytes.length - 1))).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('rejects exactly what decodeTlv rejects, with the same error (property)', () => {
    const outcome = (f: () => unknown) => {
      try {
        f();
        return 'ok';
      } catch (e) {
        return isCccdError(e) ? `${e.code} ${e.path} ${e.offset}` : `crash ${String(e)}`;
      }
    };
    const mutated = fc.tuple(tlvTree(true), fc.nat(), fc.nat(255), fc.nat()).map(([bytes, at, b, cut]) => {
      const out = bytes.slice(0, bytes.length - (cut % 3));
      if (out.length) out[at % out.length] = b;
      return out;
    });
    fc.assert(
      fc.property(fc.oneof(mutated, fc.uint8Array({ maxLength: 64 })), fc.boolean(), (bytes, lenient) => {
        const options = { allowIndefinite: lenient, allowNonMinimalLength: lenient, path: 'X' };
        expect(outcome(() => readTlv(bytes, options))).toBe(outcome(() => decodeTlv(bytes, options)));
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps the header last read while counting children', () => {
    const bytes = fromHex('3008 0201 05 3003 040100'.replaceAll(' ', ''));
    const r = readTlv(bytes);
    r.at(2, 10);
    expect(r.count(7, 10)).toBe(1);
    expect([r.tag, r.start, r.valueStart, r.end]).toEqual([0x02, 2, 4, 5]);
  });
});
