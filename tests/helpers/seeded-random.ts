// A deterministic RandomSource for golden files: SHA-256(seed || counter) blocks. Never for real keys.
import { asciiToBytes, concatBytes, numberToBytes } from '../../src/bytes.js';
import { hash } from '../../src/crypto/hash.js';
import type { RandomSource } from '../../src/crypto/random.js';

export function seededRandom(seed: string): RandomSource {
  let counter = 0;
  const s = asciiToBytes(seed);
  return (length) => {
    const blocks: Uint8Array[] = [];
    let n = 0;
    while (n < length) {
      const b = hash('SHA-256', concatBytes(s, numberToBytes(counter++, 4)));
      blocks.push(b);
      n += b.length;
    }
    return concatBytes(...blocks).subarray(0, length);
  };
}
