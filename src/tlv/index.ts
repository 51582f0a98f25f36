// BER-TLV codec (ISO/IEC 8825-1, ISO/IEC 7816-4 §5.2), the one used everywhere in the toolkit.
export { decodeTlv, decodeTlvList, peekTlvLength, readTlv, TlvReader, tagHex } from './decode.js';
export { encodeLength, encodeTag, encodeTlv } from './encode.js';
export { childAt, expectTag, findChild, findChildren, requireChild } from './navigate.js';
export type { Tlv, TlvDecodeOptions } from './types.js';
