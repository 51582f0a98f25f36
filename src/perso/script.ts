// Turns a chip image into the personalization APDU script (apdu/personalization.md): CREATE FILE + UPDATE BINARY
// per file (ISO/IEC 7816-9 §6.1, ISO/IEC 7816-4 §11.2.4), PUT DATA of the secrets (marked secret), ACTIVATE FILE.
import { command, encodeCommand } from '../apdu/command.js';
import type { ApduScript, ScriptCommand, ScriptStep } from '../apdu/script.js';
import { asciiToBytes } from '../bytes.js';
import { encodeFcp } from '../card/fcp.js';
import { PERSO_INS, type PutDataName, putDataByName } from '../card/perso-command-set.js';
import { CccdError } from '../errors.js';
import { encodeTlv } from '../tlv/index.js';
import type { ChipImage, ImageFile } from './chip-image.js';

export interface ScriptOptions {
  /**
   * Largest data field of one UPDATE BINARY. Default 32,767 with extended length; use 255 (short APDUs) for
   * readers or tools without extended length (e.g. the scriptor export).
   */
  maxChunk?: number;
  /** Header fields to record (profile, document number); never secrets. */
  header?: Record<string, string>;
}

const OK = [0x9000] as const;

function apdu(init: Parameters<typeof command>[0]): Uint8Array {
  return encodeCommand(command(init));
}

/** UPDATE BINARY with even INS up to offset 32,767, odd INS D7 with DO'54' beyond (ISO/IEC 7816-4 §11.2.4). */
function updateAt(offset: number, chunk: Uint8Array): Uint8Array {
  if (offset <= 0x7fff) return apdu({ ins: PERSO_INS.UPDATE_BINARY, p1: offset >> 8, p2: offset & 0xff, data: chunk });
  const off = Uint8Array.of((offset >> 16) & 0xff, (offset >> 8) & 0xff, offset & 0xff);
  return apdu({
    ins: PERSO_INS.UPDATE_BINARY_ODD,
    data: new Uint8Array([...encodeTlv(0x54, off), ...encodeTlv(0x53, chunk)]),
  });
}

function fileStep(where: string, file: ImageFile, maxChunk: number): ScriptStep {
  const commands: ScriptCommand[] = [
    {
      apdu: apdu({
        ins: PERSO_INS.CREATE_FILE,
        data: encodeFcp({ kind: 'ef', fid: file.fid, size: file.data.length, sfi: file.sfi, access: file.access }),
      }),
      expect: OK,
      secret: false,
      note: `create ${file.name} (${file.data.length} bytes)`,
    },
  ];
  for (let offset = 0; offset < file.data.length; offset += maxChunk) {
    const chunk = file.data.subarray(offset, Math.min(file.data.length, offset + maxChunk));
    commands.push({ apdu: updateAt(offset, chunk), expect: OK, secret: false });
  }
  return { name: `${where}: ${file.name}`, commands };
}

function putData(name: PutDataName, data: Uint8Array): ScriptCommand {
  const object = putDataByName(name);
  return {
    apdu: apdu({ ins: PERSO_INS.PUT_DATA, p1: object.p1p2 >> 8, p2: object.p1p2 & 0xff, data }),
    expect: OK,
    secret: object.secret,
    note: name,
  };
}

/**
 * The personalization script of a chip image, in the order a chip expects: MF files, the LDS1 application
 * and its files, the secrets, then ACTIVATE FILE (after which the chip refuses personalization).
 */
export function personalizationScript(image: ChipImage, options: ScriptOptions = {}): ApduScript {
  const maxChunk = options.maxChunk ?? 0x7fff;
  if (!Number.isInteger(maxChunk) || maxChunk < 16 || maxChunk > 0xffff - 8) {
    throw new CccdError('INVALID_ARGUMENT', `maxChunk: ${maxChunk} out of range 16..65527`);
  }
  if (maxChunk <= 255 && image.applicationFiles.some((f) => f.data.length > 0x7fff)) {
    throw new CccdError('INVALID_ARGUMENT', 'files beyond 32,767 bytes need extended length (odd INS D7)');
  }
  const steps: ScriptStep[] = image.mfFiles.map((f) => fileStep('MF', f, maxChunk));
  steps.push({
    name: 'create the LDS1 application',
    commands: [
      {
        apdu: apdu({ ins: PERSO_INS.CREATE_FILE, data: encodeFcp({ kind: 'df', aid: image.aid }) }),
        expect: OK,
        secret: false,
      },
    ],
  });
  for (const f of image.applicationFiles) steps.push(fileStep('LDS1', f, maxChunk));
  const s = image.secrets;
  const secrets = [putData('mrz-key', s.mrzKey), putData('can', asciiToBytes(s.can))];
  if (s.caPrivateKey) secrets.push(putData('ca-private-key', s.caPrivateKey));
  if (s.aaPrivateKey) secrets.push(putData('aa-private-key', s.aaPrivateKey));
  if (image.paceSettings) secrets.push(putData('pace-settings', image.paceSettings));
  steps.push({ name: 'access keys and chip keys', commands: secrets });
  steps.push({
    name: 'lock (ACTIVATE FILE)',
    commands: [{ apdu: apdu({ ins: PERSO_INS.ACTIVATE_FILE }), expect: OK, secret: false }],
  });
  return { header: { ...options.header }, steps };
}
