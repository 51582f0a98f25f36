// The one OID table, named exactly as in the ASN.1 modules of ICAO 9303-10/-11/-12, BSI TR-03110 Part 3
// (Appendix A) and TR-03111, RFC 5280, RFC 5652, RFC 8017 and RFC 5639. Every lookup derives from it.

const BSI = '0.4.0.127.0.7';
const PACE = `${BSI}.2.2.4`;
const CA = `${BSI}.2.2.3`;
const TA = `${BSI}.2.2.2`;
const PK = `${BSI}.2.2.1`;
const ICAO = '2.23.136.1.1';

export const OIDS = {
  // BSI TR-03110 Part 3, A.1.1: SecurityInfos and protocol identifiers.
  'id-PK-DH': `${PK}.1`,
  'id-PK-ECDH': `${PK}.2`,
  'id-TA': TA,
  'id-TA-RSA': `${TA}.1`,
  'id-TA-ECDSA': `${TA}.2`,
  'id-CA-DH': `${CA}.1`,
  'id-CA-DH-3DES-CBC-CBC': `${CA}.1.1`,
  'id-CA-DH-AES-CBC-CMAC-128': `${CA}.1.2`,
  'id-CA-DH-AES-CBC-CMAC-192': `${CA}.1.3`,
  'id-CA-DH-AES-CBC-CMAC-256': `${CA}.1.4`,
  'id-CA-ECDH': `${CA}.2`,
  'id-CA-ECDH-3DES-CBC-CBC': `${CA}.2.1`,
  'id-CA-ECDH-AES-CBC-CMAC-128': `${CA}.2.2`,
  'id-CA-ECDH-AES-CBC-CMAC-192': `${CA}.2.3`,
  'id-CA-ECDH-AES-CBC-CMAC-256': `${CA}.2.4`,
  'id-PACE-DH-GM': `${PACE}.1`,
  'id-PACE-DH-GM-3DES-CBC-CBC': `${PACE}.1.1`,
  'id-PACE-DH-GM-AES-CBC-CMAC-128': `${PACE}.1.2`,
  'id-PACE-DH-GM-AES-CBC-CMAC-192': `${PACE}.1.3`,
  'id-PACE-DH-GM-AES-CBC-CMAC-256': `${PACE}.1.4`,
  'id-PACE-ECDH-GM': `${PACE}.2`,
  'id-PACE-ECDH-GM-3DES-CBC-CBC': `${PACE}.2.1`,
  'id-PACE-ECDH-GM-AES-CBC-CMAC-128': `${PACE}.2.2`,
  'id-PACE-ECDH-GM-AES-CBC-CMAC-192': `${PACE}.2.3`,
  'id-PACE-ECDH-GM-AES-CBC-CMAC-256': `${PACE}.2.4`,
  'id-PACE-DH-IM': `${PACE}.3`,
  'id-PACE-DH-IM-3DES-CBC-CBC': `${PACE}.3.1`,
  'id-PACE-DH-IM-AES-CBC-CMAC-128': `${PACE}.3.2`,
  'id-PACE-DH-IM-AES-CBC-CMAC-192': `${PACE}.3.3`,
  'id-PACE-DH-IM-AES-CBC-CMAC-256': `${PACE}.3.4`,
  'id-PACE-ECDH-IM': `${PACE}.4`,
  'id-PACE-ECDH-IM-3DES-CBC-CBC': `${PACE}.4.1`,
  'id-PACE-ECDH-IM-AES-CBC-CMAC-128': `${PACE}.4.2`,
  'id-PACE-ECDH-IM-AES-CBC-CMAC-192': `${PACE}.4.3`,
  'id-PACE-ECDH-IM-AES-CBC-CMAC-256': `${PACE}.4.4`,
  'id-PACE-ECDH-CAM': `${PACE}.6`,
  'id-PACE-ECDH-CAM-AES-CBC-CMAC-128': `${PACE}.6.2`,
  'id-PACE-ECDH-CAM-AES-CBC-CMAC-192': `${PACE}.6.3`,
  'id-PACE-ECDH-CAM-AES-CBC-CMAC-256': `${PACE}.6.4`,
  'id-RI': `${BSI}.2.2.5`,
  'id-CI': `${BSI}.2.2.6`,
  'id-eIDSecurity': `${BSI}.2.2.7`,
  'id-PT': `${BSI}.2.2.8`,
  // BSI TR-03110 Part 3, A.1.1.4 / ICAO 9303-11 §9.2.4: EF.CardSecurity content type.
  'id-SecurityObject': `${BSI}.3.2.1`,
  // BSI TR-03110 Part 3, A.2.1.1: standardized domain parameters (the parameter ID follows in PACEInfo).
  standardizedDomainParameters: `${BSI}.1.2`,
  // BSI TR-03111 §5.2.1: plain-format ECDSA signatures (r||s), used by Active Authentication.
  'ecdsa-plain-SHA1': `${BSI}.1.1.4.1.1`,
  'ecdsa-plain-SHA224': `${BSI}.1.1.4.1.2`,
  'ecdsa-plain-SHA256': `${BSI}.1.1.4.1.3`,
  'ecdsa-plain-SHA384': `${BSI}.1.1.4.1.4`,
  'ecdsa-plain-SHA512': `${BSI}.1.1.4.1.5`,
  'ecdsa-plain-RIPEMD160': `${BSI}.1.1.4.1.6`,
  // ICAO 9303-10 §4.6 and 9303-12: the ICAO security arc.
  'id-icao-mrtd-security-ldsSecurityObject': `${ICAO}.1`,
  'id-icao-cscaMasterList': `${ICAO}.2`,
  'id-icao-cscaMasterListSigningKey': `${ICAO}.3`,
  'id-icao-mrtd-security-aaProtocolObject': `${ICAO}.5`,
  'id-icao-mrtd-security-extensions': `${ICAO}.6`,
  'id-icao-mrtd-security-extensions-nameChange': `${ICAO}.6.1`,
  'id-icao-mrtd-security-extensions-documentTypeList': `${ICAO}.6.2`,
  'id-icao-DeviationList': `${ICAO}.7`,
  'id-icao-DeviationListSigningKey': `${ICAO}.8`,
  // ISO/IEC 10646 UTF-8 identifier, used in the header of the CCCD DG13.
  'iso10646-utf8': '1.0.10646.1.0.8',
  // Hash algorithms (FIPS 180-4; NIST CSOR and OIW arcs).
  'id-sha1': '1.3.14.3.2.26',
  'id-sha224': '2.16.840.1.101.3.4.2.4',
  'id-sha256': '2.16.840.1.101.3.4.2.1',
  'id-sha384': '2.16.840.1.101.3.4.2.2',
  'id-sha512': '2.16.840.1.101.3.4.2.3',
  // RSA (RFC 8017, Appendix C).
  rsaEncryption: '1.2.840.113549.1.1.1',
  'id-mgf1': '1.2.840.113549.1.1.8',
  'id-RSASSA-PSS': '1.2.840.113549.1.1.10',
  sha1WithRSAEncryption: '1.2.840.113549.1.1.5',
  sha224WithRSAEncryption: '1.2.840.113549.1.1.14',
  sha256WithRSAEncryption: '1.2.840.113549.1.1.11',
  sha384WithRSAEncryption: '1.2.840.113549.1.1.12',
  sha512WithRSAEncryption: '1.2.840.113549.1.1.13',
  // PKCS #5 v2.1 (RFC 8018 Appendix C) password-based encryption of PKCS #8 private keys.
  'id-PBES2': '1.2.840.113549.1.5.13',
  'id-PBKDF2': '1.2.840.113549.1.5.12',
  'id-hmacWithSHA1': '1.2.840.113549.2.7',
  'id-hmacWithSHA256': '1.2.840.113549.2.9',
  'aes128-CBC-PAD': '2.16.840.1.101.3.4.1.2',
  'aes256-CBC-PAD': '2.16.840.1.101.3.4.1.42',
  // Diffie-Hellman keys (PKCS #3 and ANSI X9.42).
  dhKeyAgreement: '1.2.840.113549.1.3.1',
  dhpublicnumber: '1.2.840.10046.2.1',
  // Elliptic curves (RFC 5480, RFC 3279, RFC 5639) and ECDSA (RFC 5758).
  'id-ecPublicKey': '1.2.840.10045.2.1',
  'prime-field': '1.2.840.10045.1.1',
  'ecdsa-with-SHA1': '1.2.840.10045.4.1',
  'ecdsa-with-SHA224': '1.2.840.10045.4.3.1',
  'ecdsa-with-SHA256': '1.2.840.10045.4.3.2',
  'ecdsa-with-SHA384': '1.2.840.10045.4.3.3',
  'ecdsa-with-SHA512': '1.2.840.10045.4.3.4',
  secp192r1: '1.2.840.10045.3.1.1',
  secp224r1: '1.3.132.0.33',
  secp256r1: '1.2.840.10045.3.1.7',
  secp384r1: '1.3.132.0.34',
  secp521r1: '1.3.132.0.35',
  brainpoolP160r1: '1.3.36.3.3.2.8.1.1.1',
  brainpoolP192r1: '1.3.36.3.3.2.8.1.1.3',
  brainpoolP224r1: '1.3.36.3.3.2.8.1.1.5',
  brainpoolP256r1: '1.3.36.3.3.2.8.1.1.7',
  brainpoolP320r1: '1.3.36.3.3.2.8.1.1.9',
  brainpoolP384r1: '1.3.36.3.3.2.8.1.1.11',
  brainpoolP512r1: '1.3.36.3.3.2.8.1.1.13',
  // CMS (RFC 5652 §4, §5, §11).
  'id-data': '1.2.840.113549.1.7.1',
  'id-signedData': '1.2.840.113549.1.7.2',
  'id-contentType': '1.2.840.113549.1.9.3',
  'id-messageDigest': '1.2.840.113549.1.9.4',
  'id-signingTime': '1.2.840.113549.1.9.5',
  // X.520 attribute types (RFC 5280 Appendix A).
  'id-at-commonName': '2.5.4.3',
  'id-at-serialNumber': '2.5.4.5',
  'id-at-countryName': '2.5.4.6',
  'id-at-localityName': '2.5.4.7',
  'id-at-stateOrProvinceName': '2.5.4.8',
  'id-at-organizationName': '2.5.4.10',
  'id-at-organizationalUnitName': '2.5.4.11',
  // X.509 extensions (RFC 5280 §4.2).
  'id-ce-subjectKeyIdentifier': '2.5.29.14',
  'id-ce-keyUsage': '2.5.29.15',
  'id-ce-privateKeyUsagePeriod': '2.5.29.16',
  'id-ce-subjectAltName': '2.5.29.17',
  'id-ce-issuerAltName': '2.5.29.18',
  'id-ce-basicConstraints': '2.5.29.19',
  'id-ce-cRLNumber': '2.5.29.20',
  'id-ce-cRLDistributionPoints': '2.5.29.31',
  'id-ce-certificatePolicies': '2.5.29.32',
  'id-ce-authorityKeyIdentifier': '2.5.29.35',
  'id-ce-extKeyUsage': '2.5.29.37',
} as const;

export type OidName = keyof typeof OIDS;

const BY_VALUE: ReadonlyMap<string, OidName> = new Map(
  (Object.entries(OIDS) as [OidName, string][]).map(([name, oid]) => [oid, name]),
);

/** The dotted OID of a registered name. */
export function oid(name: OidName): string {
  return OIDS[name];
}

/** The registered name of a dotted OID, or undefined when the table does not know it. */
export function oidName(dotted: string): OidName | undefined {
  return BY_VALUE.get(dotted);
}

/** A readable label: the registered name, or the dotted form when unknown. */
export function describeOid(dotted: string): string {
  return BY_VALUE.get(dotted) ?? dotted;
}
