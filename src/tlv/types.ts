// ISO/IEC 8825-1 (BER) and ISO/IEC 7816-4 §5.2 data objects, as used by every ICAO 9303-10 structure.

/**
 * One decoded data object. `raw` and `value` are views into the input, so hashes run on bytes as received; children
 * are read from the input when first asked for (it was checked whole when decoded), so the input must not change
 * while its nodes are in use.
 */
export interface Tlv {
  /** Tag as the integer of its bytes, e.g. 0x61, 0x5F1F, 0x7F61 (at most 4 tag bytes). */
  readonly tag: number;
  /** Bit 6 of the first tag byte. */
  readonly constructed: boolean;
  /** Content bytes (for an indefinite-length object: the content without the end-of-contents octets). */
  readonly value: Uint8Array;
  /** The whole object (tag, length, value, and end-of-contents if indefinite) exactly as received. */
  readonly raw: Uint8Array;
  /** Offset of the first tag byte, counted from the start of the outermost input. */
  readonly offset: number;
  /** Number of tag and length bytes before the value. */
  readonly headerLength: number;
  /** True when the object used the BER indefinite length form (only with `allowIndefinite`). */
  readonly indefinite: boolean;
  /** Children of a constructed object, decoded eagerly (bounded by maxDepth and maxNodes). */
  readonly children: readonly Tlv[];
  /** Path of this node for error messages, e.g. `6E/31/30[2]/06`. */
  readonly path: string;
}

export interface TlvDecodeOptions {
  /** Accept the BER indefinite length form (0x80 ... 00 00); real EF.SOD files of 2013 use it. Default false. */
  allowIndefinite?: boolean;
  /** Accept long-form lengths that a shorter form could encode (e.g. 81 05); seen on real chips. Default false. */
  allowNonMinimalLength?: boolean;
  /** Accept bytes after the last object (e.g. 00/FF padding at the end of a file). Default false. */
  allowTrailing?: boolean;
  /** Maximum nesting depth (default 32). */
  maxDepth?: number;
  /** Maximum number of objects in one decode (default 10,000). */
  maxNodes?: number;
  /** Name of the input for error paths, e.g. `DG14` (default: none). */
  path?: string;
  /** Offset of `bytes[0]` in a larger input, so errors point into the original file. Default 0. */
  baseOffset?: number;
}
