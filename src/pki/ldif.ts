// RFC 2849 LDIF as the ICAO PKD exports it (9303-12 §9.2): entries with userCertificate;binary,
// certificateRevocationList;binary and CscaMasterListData attributes, base64 after '::'.
import { bytesToUtf8 } from '../bytes.js';
import { CccdError } from '../errors.js';
import { fromBase64 } from './pem.js';

/** The binary objects of an LDIF export, each with the DN of its entry (for error paths). */
export interface LdifObjects {
  readonly certificates: { dn: string; der: Uint8Array }[];
  readonly crls: { dn: string; der: Uint8Array }[];
  readonly masterLists: { dn: string; der: Uint8Array }[];
}

/** Attribute (lower case, options stripped) -> the collection its values go to. */
const ATTRIBUTES: Readonly<Record<string, keyof LdifObjects>> = {
  usercertificate: 'certificates',
  cacertificate: 'certificates',
  certificaterevocationlist: 'crls',
  cscamasterlistdata: 'masterLists',
};

/** Parses an LDIF export; malformed lines are PKI_MALFORMED with `LDIF/line N` as path. */
export function parseLdif(input: Uint8Array | string, path = 'LDIF'): LdifObjects {
  const text = typeof input === 'string' ? input : bytesToUtf8(input);
  const out: LdifObjects = { certificates: [], crls: [], masterLists: [] };
  // RFC 2849 §2: a line starting with one space continues the previous one.
  const logical: { text: string; line: number }[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const last = logical[logical.length - 1];
    if (raw.startsWith(' ') && last && last.text !== '') last.text += raw.slice(1);
    else logical.push({ text: raw, line: i + 1 });
  });
  let dn = '';
  for (const { text: l, line } of logical) {
    if (l === '') {
      dn = '';
      continue;
    }
    if (l.startsWith('#') || l.startsWith('version:')) continue;
    const m = /^([A-Za-z0-9;.-]+)(::?)\s*(.*)$/.exec(l);
    if (!m) throw new CccdError('PKI_MALFORMED', 'not an LDIF attribute line', { path: `${path}/line ${line}` });
    const [, attr, sep, value] = m as unknown as [string, string, string, string];
    const name = attr.split(';')[0]?.toLowerCase() ?? '';
    if (name === 'dn') {
      dn = sep === '::' ? bytesToUtf8(fromBase64(value, `${path}/line ${line}`)) : value;
      continue;
    }
    const target = ATTRIBUTES[name];
    if (!target) continue;
    if (sep !== '::') {
      throw new CccdError('PKI_MALFORMED', `${attr} must be base64 ('::')`, { path: `${path}/line ${line}` });
    }
    out[target].push({ dn, der: fromBase64(value, `${path}/line ${line}`) });
  }
  return out;
}
