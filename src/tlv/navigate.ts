// Helpers for walking decoded TLV trees with path-carrying errors, used by every LDS and ASN.1 decoder.
import { CccdError, type ErrorCode } from '../errors.js';
import { tagHex } from './decode.js';
import type { Tlv } from './types.js';

/** Throws unless `node` has `tag`; the error names the path and offset. */
export function expectTag(node: Tlv, tag: number, code: ErrorCode = 'ASN1_MALFORMED', path?: string): Tlv {
  if (node.tag !== tag) {
    throw new CccdError(code, `expected tag ${tagHex(tag)}, got ${tagHex(node.tag)}`, {
      path: path ?? node.path,
      offset: node.offset,
    });
  }
  return node;
}

/** The first child with `tag`, or undefined. */
export function findChild(node: Tlv, tag: number): Tlv | undefined {
  return node.children.find((c) => c.tag === tag);
}

/** All children with `tag`. */
export function findChildren(node: Tlv, tag: number): Tlv[] {
  return node.children.filter((c) => c.tag === tag);
}

/** The first child with `tag`; throws a path-carrying error when it is missing. */
export function requireChild(node: Tlv, tag: number, code: ErrorCode = 'ASN1_MALFORMED', name?: string): Tlv {
  const child = findChild(node, tag);
  if (!child) {
    throw new CccdError(code, `missing ${name ? `${name} ` : ''}(tag ${tagHex(tag)})`, {
      path: node.path,
      offset: node.offset,
    });
  }
  return child;
}

/** The child at `index`; throws a path-carrying error when there are fewer children. */
export function childAt(node: Tlv, index: number, code: ErrorCode = 'ASN1_MALFORMED', name?: string): Tlv {
  const child = node.children[index];
  if (!child) {
    throw new CccdError(code, `missing element ${index}${name ? ` (${name})` : ''}`, {
      path: node.path,
      offset: node.offset,
    });
  }
  return child;
}
