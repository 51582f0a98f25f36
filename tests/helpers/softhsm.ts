// SoftHSM2 test tokens (docs/system-setup.md, "PKCS#11: SoftHSM2"): a private token directory per test file,
// selected with SOFTHSM2_CONF before the PKCS#11 module is initialised.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SOFTHSM_MODULE = '/usr/lib/softhsm/libsofthsm2.so';

/** Why SoftHSM2 tests cannot run here, or undefined when they can. In CI they run regardless (and fail). */
export function softhsmMissing(): string | undefined {
  if (process.env.CI === 'true') return undefined;
  if (!existsSync(SOFTHSM_MODULE)) return `${SOFTHSM_MODULE} is absent (apt-get install softhsm2)`;
  try {
    execFileSync('softhsm2-util', ['--version'], { stdio: 'ignore' });
  } catch {
    return 'softhsm2-util is not on PATH';
  }
  return undefined;
}

export interface SoftHsm {
  readonly dir: string;
  /** Creates a token with `label`, user PIN `pin` and SO PIN 5678. */
  initToken(label: string, pin: string): void;
  cleanup(): void;
}

/** Points SOFTHSM2_CONF at a fresh token directory; call before the first PKCS#11 use in the process. */
export function createSoftHsm(): SoftHsm {
  const dir = mkdtempSync(join(tmpdir(), 'cccd-softhsm-'));
  const conf = join(dir, 'softhsm2.conf');
  execFileSync('mkdir', ['-p', join(dir, 'tokens')]);
  writeFileSync(conf, `directories.tokendir = ${join(dir, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\n`);
  process.env.SOFTHSM2_CONF = conf;
  return {
    dir,
    initToken(label, pin) {
      execFileSync('softhsm2-util', ['--init-token', '--free', '--label', label, '--pin', pin, '--so-pin', '5678'], {
        env: { ...process.env, SOFTHSM2_CONF: conf },
        stdio: 'ignore',
      });
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
