// Scripted sessions over a Transport, shared by the transcript tests and the golden files in apdu/transcripts.
import { encodeCommand } from '../../src/apdu/command.js';
import { generalAuthenticate, mseSetAtPace } from '../../src/apdu/commands.js';
import { fromHex, toHex } from '../../src/bytes.js';
import type { Transport } from '../../src/transport/types.js';
import { hexOf, vector } from './vectors.js';

/** The unprotected APDUs of ICAO 9303-11 App. G.1 (PACE ECDH GM), built by our builders, each with a step label. */
export async function paceG1Session(t: Transport): Promise<Uint8Array[]> {
  const pace = vector('icao9303-11-appendix-g-pace-gm.json', 'icao9303-11.G.1.pace-ecdh-gm');
  const commands: [string, Uint8Array][] = [
    ['PACE mse-set-at', encodeCommand(mseSetAtPace({ protocol: hexOf(pace, 'pace_oid'), password: 'mrz' }))],
    ['PACE general-authenticate-1', encodeCommand(generalAuthenticate(new Uint8Array(0), { chained: true }))],
    [
      'PACE general-authenticate-2',
      encodeCommand(generalAuthenticate(fromHex(`8141${pace.pk_map_ifd}`), { chained: true })),
    ],
    [
      'PACE general-authenticate-3',
      encodeCommand(generalAuthenticate(fromHex(`8341${pace.pk_ifd}`), { chained: true })),
    ],
    ['PACE general-authenticate-4', encodeCommand(generalAuthenticate(fromHex(`8508${pace.t_ifd}`)))],
  ];
  const out: Uint8Array[] = [];
  for (const [step, cmd] of commands) out.push(await t.transmit(cmd, { step }));
  return out;
}

/** A card answering the App. G.1 commands with the published responses, and 6D00 to anything else. */
export function paceG1Card(): Transport {
  const a = vector('icao9303-11-appendix-g-pace-gm.json', 'icao9303-11.G.1.apdus');
  const answers = new Map<string, string>();
  for (const k of ['ga1', 'ga2', 'ga3', 'ga4']) answers.set(a[`${k}_capdu`] as string, a[`${k}_rapdu`] as string);
  answers.set(a.mse_set_at as string, a.mse_set_at_rapdu as string);
  return {
    info: { name: 'icao9303-11 App. G.1 chip' },
    async transmit(cmd) {
      return fromHex(answers.get(toHex(cmd)) ?? '6D00');
    },
  };
}

/** A clock that advances 0.25 ms at every reading, so that recorded times are the same on every run. */
export function steppingClock(): () => number {
  let t = 0;
  return () => {
    t += 0.25;
    return t;
  };
}
