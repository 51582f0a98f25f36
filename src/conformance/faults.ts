// The fault catalogue: each way the simulated chip can be broken (a switch of src/card/faults.ts, or personalized
// data that violates ICAO 9303-10/-12), with the units of the suite that should notice it.
import type { FaultName } from '../card/faults.js';
import type { ChipState, EfState } from '../card/state.js';
import { DATA_FAULTS, type DataFault } from './faults-data.js';
import type { Feature } from './types.js';

/** One fault of the catalogue. */
export interface FaultDefinition {
  readonly id: string;
  readonly description: string;
  /** Units (e.g. `BAC`, `SOD`) whose cases are run against the mutant. */
  readonly units: readonly string[];
  /** A chip switch, or a change to the personalized state. */
  readonly apply:
    | { readonly kind: 'switch'; readonly name: FaultName; readonly value?: number }
    | { readonly kind: 'state'; readonly mutate: (s: ChipState) => void }
    | { readonly kind: 'data'; readonly fault: DataFault };
  /** Claims without which the fault cannot show (e.g. no DG13 to break): the fault is then not applicable. */
  readonly requires?: readonly Feature[];
}

const sw = (id: string, name: FaultName, units: string[], description: string, value?: number): FaultDefinition => ({
  id,
  description,
  units,
  apply: value === undefined ? { kind: 'switch', name } : { kind: 'switch', name, value },
});

/** An EF by FID: EF.CardAccess in the MF, the others in LDS1 (EF.SOD and EF.CardSecurity share 011D). */
const efOf = (s: ChipState, fid: number): EfState | undefined =>
  (fid === 0x011c ? s.dfs : s.dfs.filter((d) => d.name !== 'MF')).flatMap((d) => d.files).find((f) => f.fid === fid);

/** Flips one byte of a file's content at `offset` from the end. */
const flip = (fid: number, fromEnd: number) => (s: ChipState) => {
  const ef = efOf(s, fid);
  if (ef) {
    const i = ef.data.length - fromEnd;
    ef.data = ef.data.slice();
    ef.data[i] = (ef.data[i] as number) ^ 0x01;
  }
};

const state = (id: string, units: string[], description: string, mutate: (s: ChipState) => void): FaultDefinition => ({
  id,
  description,
  units,
  apply: { kind: 'state', mutate },
});

/** The catalogue. */
export const FAULTS: readonly FaultDefinition[] = [
  sw(
    'wrong-response-mac',
    'wrongResponseMac',
    ['SM', 'BAC', 'CA', 'SEL'],
    'answers every SM response with a corrupted MAC',
  ),
  sw('truncate-response', 'truncateResponse', ['RB', 'SEL'], 'cuts the last byte of every response data field', 1),
  sw('huge-length', 'hugeLength', ['RB', 'COM'], 'claims a huge length in the header of every file read at offset 0'),
  sw('endless-61xx', 'endless61xx', ['RB', 'ISO'], 'answers every command with 61 10 forever'),
  sw('accept-wrong-password', 'acceptWrongPassword', ['BAC', 'PACE'], 'accepts a wrong BAC key or PACE password'),
  sw('read-without-authentication', 'readWithoutAuthentication', ['AC'], 'serves protected files without BAC/PACE'),
  {
    ...sw('dg3-without-ta', 'dg3WithoutTerminalAuthentication', ['AC'], 'serves DG3 without Terminal Authentication'),
    requires: ['terminal-authentication'],
  },
  sw(
    'life-cycle-not-locked',
    'lifeCycleNotLocked',
    ['LC'],
    'keeps accepting personalization commands after ACTIVATE FILE',
  ),
  sw('select-missing-file-ok', 'selectMissingFileOk', ['SEL'], 'answers SELECT of a missing file with 9000'),
  sw('read-beyond-end-ok', 'readBeyondEndOk', ['RB'], 'answers READ BINARY beyond the end with 9000'),
  sw('ca-keys-not-switched', 'caKeysNotSwitched', ['CA'], 'keeps the old SM keys after Chip Authentication'),
  sw('aa-wrong-signature', 'aaWrongSignature', ['AA'], 'signs the AA challenge with a bit flipped'),
  sw('static-challenge', 'staticChallenge', ['GC', 'BAC'], 'returns the same GET CHALLENGE value every time'),
  sw(
    'wrong-conditions-status',
    'wrongConditionsStatus',
    ['PACE', 'BAC'],
    'answers a protocol step out of order with 6A80 instead of 6985',
  ),
  sw(
    'wrong-password-status',
    'wrongPasswordStatus',
    ['PACE', 'BAC'],
    'answers a wrong PACE password or BAC key with 9000 instead of 6300',
  ),
  sw('sm-error-keeps-session', 'smErrorKeepsSession', ['SM'], 'keeps the security status after an SM error'),
  sw(
    'plain-command-keeps-session',
    'plainCommandKeepsSession',
    ['SM', 'BAC'],
    'a plain command does not end secure messaging',
  ),
  sw('wrong-sm-error-status', 'wrongSmErrorStatus', ['SM'], 'answers SM errors with 6F00 instead of 6987/6988'),
  sw('read-binary-ignores-offset', 'readBinaryIgnoresOffset', ['RB'], 'READ BINARY always reads from offset 0'),
  sw('sfi-not-supported', 'sfiNotSupported', ['RB'], 'READ BINARY by short EF identifier answers 6A86'),
  sw('odd-ins-not-supported', 'oddInsNotSupported', ['RB'], 'READ BINARY with odd INS answers 6D00'),
  sw('le-ignored', 'leIgnored', ['RB'], 'READ BINARY returns more than Ne'),
  sw('extended-length-refused', 'extendedLengthRefused', ['RB', 'ISO'], 'refuses extended-length APDUs it claims'),
  sw('unknown-ins-ok', 'unknownInsOk', ['ISO'], 'answers an unknown INS with 9000'),
  sw('cla-not-checked', 'claNotChecked', ['ISO'], 'processes commands with an unsupported CLA'),
  sw('fcp-missing', 'fcpMissing', ['SEL'], 'SELECT asking for the FCP returns none'),
  sw('select-lenient', 'selectLenient', ['SEL'], 'SELECT accepts malformed FIDs and unknown P1'),
  sw('short-challenge', 'shortChallenge', ['GC'], 'GET CHALLENGE returns 4 bytes'),
  sw(
    'mse-accepts-anything',
    'mseAcceptsAnything',
    ['PACE', 'CA'],
    'MSE:Set AT answers 9000 to unknown protocols and parameters',
  ),
  sw(
    'ga-out-of-order-ok',
    'generalAuthenticateOutOfOrderOk',
    ['PACE'],
    'GENERAL AUTHENTICATE out of sequence answers 9000',
  ),
  sw('aa-static-response', 'aaStaticResponse', ['AA'], 'AA answers every challenge with its first signature'),
  sw('aa-ignore-challenge', 'aaIgnoreChallenge', ['AA'], 'AA signs another nonce than the challenge'),
  sw('bac-accept-wrong-challenge', 'bacAcceptWrongChallenge', ['BAC'], 'BAC does not check that RND.IC came back'),
  sw('bac-wrong-response-mac', 'bacWrongResponseMac', ['BAC'], 'BAC sends a wrong M.IC'),
  sw('bac-wrong-terminal-nonce', 'bacWrongTerminalNonce', ['BAC'], 'BAC returns a wrong RND.IFD'),
  sw(
    'bac-reuse-challenge',
    'bacReuseChallenge',
    ['BAC', 'GC'],
    'BAC answers every GET CHALLENGE with the first challenge',
  ),
  sw('pace-wrong-token', 'paceWrongToken', ['PACE'], 'PACE sends a corrupted T_IC'),
  sw('pace-reuse-nonce', 'paceReuseNonce', ['PACE'], 'PACE reuses its first nonce'),
  sw('pace-echo-terminal-key', 'paceEchoTerminalKey', ['PACE'], "PACE echoes the terminal's ephemeral key"),
  sw('pace-invalid-public-key', 'paceInvalidPublicKey', ['PACE'], 'PACE sends an ephemeral key off the curve'),
  sw('pace-accept-invalid-key', 'paceAcceptInvalidKey', ['PACE'], 'PACE accepts invalid terminal keys'),
  sw('ca-accept-invalid-key', 'caAcceptInvalidKey', ['CA'], 'CA accepts an invalid terminal key'),
  sw('ca-wrong-keys', 'caWrongKeys', ['CA'], 'CA derives the session keys from a corrupted secret'),
  state('sod-signature-corrupt', ['SOD', 'PA'], 'the EF.SOD signature has a bit flipped', flip(0x011d, 1)),
  state(
    'dg1-hash-mismatch',
    ['SOD', 'PA'],
    'DG1 differs from its hash in EF.SOD (a byte of the name changed)',
    flip(0x0101, 2),
  ),
  state('dg2-hash-mismatch', ['SOD', 'PA'], 'DG2 differs from its hash in EF.SOD', flip(0x0102, 4)),
  state('dg11-hash-mismatch', ['SOD', 'PA'], 'DG11 differs from its hash in EF.SOD', flip(0x010b, 2)),
  state('dg12-hash-mismatch', ['SOD', 'PA'], 'DG12 differs from its hash in EF.SOD', flip(0x010c, 2)),
  state('dg13-hash-mismatch', ['SOD', 'PA'], 'DG13 differs from its hash in EF.SOD', flip(0x010d, 2)),
  state('dg14-hash-mismatch', ['SOD', 'PA'], 'DG14 differs from its hash in EF.SOD', flip(0x010e, 2)),
  state(
    'dg15-hash-mismatch',
    ['SOD', 'PA', 'AA'],
    'DG15 differs from its hash in EF.SOD (AA key changed)',
    flip(0x010f, 2),
  ),
  state('com-wrong-lds-version', ['COM'], 'EF.COM states LDS version 0106', (s) => {
    const ef = efOf(s, 0x011e);
    const i = ef ? ef.data.findIndex((b, j) => b === 0x5f && ef.data[j + 1] === 0x01) : -1;
    if (ef && i >= 0) {
      ef.data = ef.data.slice();
      ef.data[i + 6] = 0x36;
    }
  }),
  state('file-missing-dg2', ['SEL', 'RB', 'COM', 'SOD', 'DG2'], 'DG2 was never written', (s) => {
    for (const d of s.dfs) d.files = d.files.filter((f) => f.fid !== 0x0102);
  }),
  state('dg1-readable-without-access', ['AC'], 'DG1 is personalized with access condition "always"', (s) => {
    const ef = efOf(s, 0x0101);
    if (ef) ef.access = 'always';
  }),
  state('not-activated', ['LC', 'AC'], 'the chip was never locked (life cycle personalization)', (s) => {
    s.lifeCycle = 'personalization';
  }),
  state('wrong-aid', ['SEL'], 'the LDS1 application was created under another AID', (s) => {
    const df = s.dfs.find((d) => d.name !== 'MF');
    if (df?.aid) df.aid = Uint8Array.of(...df.aid.subarray(0, -1), (df.aid.at(-1) as number) ^ 0x01);
  }),
  state('select-mf-status', ['SEL'], 'SELECT MF answers another status word than the profile states', (s) => {
    s.config.selectMfStatus = s.config.selectMfStatus === 0x6d00 ? 0x9000 : 0x6d00;
  }),
  state(
    'card-access-unimplemented-parameter',
    ['CAC', 'PACE'],
    'EF.CardAccess announces a PACE parameter the chip does not run',
    (s) => {
      const ef = efOf(s, 0x011c);
      if (!ef) return;
      s.secrets.paceSettings = ef.data.slice();
      // PACEInfo: ... version INTEGER 2, parameterId INTEGER X: announce another standardized parameter.
      const i = ef.data.findIndex(
        (b, j) =>
          b === 0x02 &&
          ef.data[j + 1] === 0x01 &&
          ef.data[j + 2] === 0x02 &&
          ef.data[j + 3] === 0x02 &&
          ef.data[j + 4] === 0x01,
      );
      if (i < 0) return;
      ef.data = ef.data.slice();
      ef.data[i + 5] = ef.data[i + 5] === 12 ? 13 : 12;
    },
  ),
  ...DATA_FAULTS.map(
    (f): FaultDefinition => ({
      id: f.id,
      description: f.description,
      units: f.units,
      apply: { kind: 'data', fault: f },
      ...(f.requires ? { requires: f.requires } : {}),
    }),
  ),
];
