// What a case sees while it runs (ICAO 9303-11 §4 access, §9.8 secure messaging; ISO/IEC 7816-4 §5): the
// recorded wire, plain and protected exchanges, sessions opened with BAC or PACE, and the document's files.
import { type BacResult, performBac } from '../access/bac.js';
import type { SessionKeys } from '../access/cipher-suite.js';
import { type PaceResult, performPace } from '../access/pace.js';
import { type CommandApdu, encodeCommand } from '../apdu/command.js';
import { selectApplication } from '../apdu/commands.js';
import { decodeResponse, type ResponseApdu } from '../apdu/response.js';
import { fromHex } from '../bytes.js';
import { CccdError } from '../errors.js';
import { createFileReader } from '../reader/read-file.js';
import { type SecureMessagingTransport, withSecureMessaging } from '../sm/transport.js';
import type { RecordingTransport } from '../transport/recorder.js';
import type { ClaimedFile, ClaimedPace, Claims } from './claims.js';
import type { LabConfig } from './types.js';
import { PreconditionError } from './verdicts.js';

/** A session opened by the harness: the SM transport and what ran. */
export interface OpenSession {
  readonly protocol: 'BAC' | 'PACE';
  readonly sm: SecureMessagingTransport;
  readonly keys: SessionKeys;
  readonly pace?: PaceResult;
  readonly bac?: BacResult;
  /** Sends a plain command through secure messaging and decodes the unprotected answer. */
  send(command: CommandApdu | Uint8Array, step?: string): Promise<ResponseApdu>;
}

export interface OpenOptions {
  /** Default: BAC when claimed (quick), else PACE with the first claimed parameters and password. */
  readonly method?: 'BAC' | 'PACE';
  readonly pace?: ClaimedPace;
  readonly password?: 'can' | 'mrz';
  /** Credentials instead of the lab's (wrong-password cases). */
  readonly credentials?: LabConfig['credentials'];
  /** Select the LDS1 application under SM after access (default true). */
  readonly selectApplication?: boolean;
}

/** The files read once per run for the data (layer 7) cases, and the case that read them. */
export interface DocumentData {
  readonly files: ReadonlyMap<string, Uint8Array>;
  /** Files that could not be read, with the reason. */
  readonly unread: ReadonlyMap<string, string>;
  readonly readBy: string;
}

export interface CaseContext {
  readonly id: string;
  readonly claims: Claims;
  readonly lab: LabConfig;
  /** The recorded wire (plain). */
  readonly wire: RecordingTransport;
  step(label: string): void;
  /** Sends a plain command and decodes the response. */
  send(command: CommandApdu | Uint8Array, step?: string): Promise<ResponseApdu>;
  /** Selects the LDS1 application in plain (before BAC). */
  selectApplication(): Promise<ResponseApdu>;
  open(options?: OpenOptions): Promise<OpenSession>;
  /** The document's files (read once per run through a fresh session). */
  document(): Promise<DocumentData>;
  /** A claimed file by name. */
  file(name: string): ClaimedFile;
}

export function aidOf(claims: Claims): Uint8Array {
  return fromHex(claims.profile.lds.aid);
}

function bytesOf(command: CommandApdu | Uint8Array): Uint8Array {
  return command instanceof Uint8Array ? command : encodeCommand(command);
}

/** Builds the context of one case; `shared` carries the document across the cases of a run. */
export function createCaseContext(init: {
  id: string;
  claims: Claims;
  lab: LabConfig;
  wire: RecordingTransport;
  shared: { document?: Promise<DocumentData> };
}): CaseContext {
  const { claims, lab, wire } = init;
  const send = async (command: CommandApdu | Uint8Array, step?: string) =>
    decodeResponse(await wire.transmit(bytesOf(command), step ? { step } : undefined));
  const ctx: CaseContext = {
    id: init.id,
    claims,
    lab,
    wire,
    step: (label) => wire.step(label),
    send,
    selectApplication: () => send(selectApplication(aidOf(claims)), 'select LDS1'),
    async open(options = {}) {
      const method = options.method ?? (claims.features.has('bac') ? 'BAC' : 'PACE');
      const credentials = options.credentials ?? lab.credentials;
      let keys: SessionKeys;
      let pace: PaceResult | undefined;
      let bac: BacResult | undefined;
      if (method === 'BAC') {
        const mrz = credentials.mrz;
        if (!mrz) throw new PreconditionError('BAC needs the MRZ (document number, birth and expiry dates)');
        await send(selectApplication(aidOf(claims)), 'select LDS1');
        wire.step('BAC');
        bac = await performBac(wire, { mrz, ...(lab.random ? { random: lab.random } : {}) });
        keys = bac.keys;
      } else {
        const offer = options.pace ?? claims.pace[0];
        if (!offer) throw new PreconditionError('the chip claims no PACE parameters');
        const kind = options.password ?? (claims.features.has('pace-can') && credentials.can ? 'can' : 'mrz');
        const password =
          kind === 'can'
            ? credentials.can === undefined
              ? undefined
              : ({ kind: 'can', value: credentials.can } as const)
            : credentials.mrz === undefined
              ? undefined
              : ({ kind: 'mrz', mrz: credentials.mrz } as const);
        if (!password) throw new PreconditionError(`PACE needs the ${kind.toUpperCase()}`);
        wire.step(`PACE ${offer.name} ${offer.parameterId} ${kind.toUpperCase()}`);
        pace = await performPace(wire, {
          protocol: offer.protocol,
          password,
          domainParameters: offer.parameterId,
          ...(claims.pace.length > 1 ? { domainParameterReference: offer.parameterId } : {}),
          ...(lab.random ? { random: lab.random } : {}),
        });
        keys = pace.keys;
      }
      const sm = withSecureMessaging(wire, keys);
      const session: OpenSession = {
        protocol: method,
        sm,
        keys,
        ...(pace ? { pace } : {}),
        ...(bac ? { bac } : {}),
        send: async (command, step) => {
          if (step) wire.step(step);
          return decodeResponse(await sm.transmit(bytesOf(command)));
        },
      };
      if (options.selectApplication !== false) await session.send(selectApplication(aidOf(claims)), 'select LDS1 (SM)');
      return session;
    },
    document() {
      init.shared.document ??= readDocumentFiles(ctx);
      return init.shared.document;
    },
    file(name) {
      const f = claims.files.find((x) => x.name === name);
      if (!f) throw new PreconditionError(`the chip claims no ${name}`);
      return f;
    },
  };
  return ctx;
}

/** Reads every claimed file the lab may read (not those behind Terminal Authentication). */
async function readDocumentFiles(ctx: CaseContext): Promise<DocumentData> {
  const files = new Map<string, Uint8Array>();
  const unread = new Map<string, string>();
  const readable = ctx.claims.files.filter((f) => f.access !== 'terminal-authentication' && f.access !== 'never');
  const reason = (e: unknown) => (e instanceof CccdError ? `${e.code}: ${e.message}` : String(e));
  for (const f of readable.filter((x) => x.location === 'MF' && x.access === 'always')) {
    try {
      ctx.step(`read ${f.name}`);
      files.set(
        f.name,
        (
          await createFileReader(ctx.wire, { selectMasterFile: 'skip' }).readFile({
            fid: f.fid,
            under: 'mf',
            name: f.name,
          })
        ).bytes,
      );
    } catch (e) {
      unread.set(f.name, reason(e));
    }
  }
  // EF.CardSecurity (MF, PACE only) is read before the application is selected.
  const mfLater = readable.filter((x) => x.location === 'MF' && x.access !== 'always');
  const needsPace = mfLater.some((x) => x.access === 'pace') && ctx.claims.features.has('pace');
  const session = await ctx.open({ selectApplication: false, ...(needsPace ? { method: 'PACE' } : {}) });
  const reader = createFileReader(session.sm, { selectMasterFile: 'skip' });
  const readInto = async (f: ClaimedFile) => {
    try {
      ctx.step(`read ${f.name}`);
      files.set(f.name, (await reader.readFile({ fid: f.fid, name: f.name })).bytes);
    } catch (e) {
      unread.set(f.name, reason(e));
    }
  };
  for (const f of mfLater) await readInto(f);
  if (!session.sm.closed) await session.send(selectApplication(aidOf(ctx.claims)), 'select LDS1 (SM)');
  for (const f of readable.filter((x) => x.location === 'LDS1')) {
    if (session.sm.closed) {
      unread.set(f.name, 'the secure messaging session ended');
      continue;
    }
    await readInto(f);
  }
  return { files, unread, readBy: ctx.id };
}
