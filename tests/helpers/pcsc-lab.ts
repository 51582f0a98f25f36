// The isolated PC/SC lab for tests through the real stack (../shared/docs/system-setup.md): pcscd with only a
// vpcd reader, in its own network namespace (quickack on loopback) and mount namespace (private /run/pcscd),
// cards bridged into that namespace, everything started here stopped here by PID.
import { type ChildProcess, spawn } from 'node:child_process';
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { createInterface } from 'node:readline';
import { loadPcscBinding } from '../../src/transport/pcsc-binding.js';

export const VPCD_DRIVER = '/usr/lib/pcsc/drivers/serial/libifdvpcd.so';
/** vpcd's slots: "Virtual PCD 00 00" on port 35963, "Virtual PCD 00 01" on 35964. */
export const LAB_READERS = ['Virtual PCD 00 00', 'Virtual PCD 00 01'] as const;
export const LAB_PORTS = [35963, 35964] as const;

const HERE = import.meta.dirname;
const SCRIPT = join(HERE, 'pcsc-lab.sh');
const LAB_CARD = join(HERE, 'pcsc-lab-card.ts');
const TOOLS = ['pcscd', 'unshare', 'nsenter', 'ip', 'mount'];

function onPath(tool: string): boolean {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/sbin'];
  return dirs.some((d) => {
    try {
      accessSync(join(d, tool), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Why the lab cannot run here, or undefined when it can. */
export async function pcscLabUnavailable(): Promise<string | undefined> {
  if (process.platform !== 'linux') return `the lab needs Linux namespaces (platform ${process.platform})`;
  if (process.getuid?.() !== 0) return 'the lab needs root (unshare --net, mount)';
  const missing = TOOLS.filter((t) => !onPath(t));
  if (missing.length) return `missing ${missing.join(', ')} (apt-get install pcscd iproute2 util-linux)`;
  if (!existsSync(VPCD_DRIVER)) return `missing ${VPCD_DRIVER} (apt-get install vsmartcard-vpcd)`;
  try {
    await loadPcscBinding();
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  return undefined;
}

/**
 * Whether lab tests skip: never in CI (`CI=true`: they must run and fail loudly), otherwise when the lab cannot
 * run here, with the reason printed.
 */
export async function skipPcscLab(): Promise<boolean> {
  const reason = await pcscLabUnavailable();
  if (reason === undefined || process.env.CI === 'true') return false;
  console.warn(`PC/SC lab tests skipped: ${reason}`);
  return true;
}

/** A process started in the lab, with its stdout JSON events. */
export interface LabProcess {
  readonly pid: number;
  /** Every JSON line printed so far. */
  readonly events: Record<string, unknown>[];
  /** Resolves with the first event (already printed or to come) matching `predicate`. */
  waitFor(predicate: (e: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  send(line: string): void;
  stop(): Promise<void>;
}

export interface PcscLab {
  readonly dir: string;
  /** pcscd's socket as seen from outside the lab (PCSCLITE_CSOCK_NAME). */
  readonly socket: string;
  /** Environment for third-party PC/SC clients (opensc-tool, scriptor) pointed at the lab. */
  readonly env: NodeJS.ProcessEnv;
  pcscdPid(): number;
  /** PIDs of every process the lab started and has not yet seen exit (namespace holder, pcscd, cards). */
  pids(): number[];
  /** Runs `argv` inside the lab's network namespace (a card bridged to vpcd on 127.0.0.1). */
  startInLab(argv: string[]): LabProcess;
  /** Starts the lab card (tests/helpers/pcsc-lab-card.ts) in `slot` and waits until it is connected to vpcd. */
  startLabCard(slot: 0 | 1, options?: { uid?: string }): Promise<LabProcess>;
  /** Kills pcscd and starts a new one in the same network namespace (cards must reconnect by themselves). */
  restartPcscd(): Promise<void>;
  stop(): Promise<void>;
}

const live = new Set<ChildProcess>();
// A test runner that dies mid-run must not leave pcscd or cards behind.
process.once('exit', () => {
  for (const c of live) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited(child);
    clearTimeout(timer);
  }
  live.delete(child);
}

function track(argv: string[], stdin: 'pipe' | 'ignore' = 'pipe'): LabProcess & { child: ChildProcess } {
  const [cmd, ...args] = argv as [string, ...string[]];
  const child = spawn(cmd, args, { stdio: [stdin, 'pipe', 'pipe'], detached: true });
  live.add(child);
  const events: Record<string, unknown>[] = [];
  let watchers: (() => void)[] = [];
  const stderr: string[] = [];
  child.stderr?.on('data', (d: Buffer) => stderr.push(d.toString()));
  createInterface({ input: child.stdout! }).on('line', (line) => {
    try {
      events.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      events.push({ type: 'text', line });
    }
    for (const w of watchers) w();
  });
  child.on('exit', () => {
    for (const w of watchers) w();
  });
  return {
    child,
    get pid() {
      return child.pid as number;
    },
    events,
    waitFor(predicate, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = events.find(predicate);
          if (found) {
            clearTimeout(timer);
            watchers = watchers.filter((w) => w !== check);
            resolve(found);
          } else if (child.exitCode !== null || child.signalCode !== null) {
            clearTimeout(timer);
            reject(new Error(`${cmd} exited (${child.exitCode ?? child.signalCode}): ${stderr.join('').slice(-2000)}`));
          }
        };
        const timer = setTimeout(() => {
          watchers = watchers.filter((w) => w !== check);
          reject(new Error(`${argv.join(' ')}: no matching event within ${timeoutMs} ms; stderr: ${stderr.join('')}`));
        }, timeoutMs);
        watchers.push(check);
        check();
      });
    },
    send(line) {
      child.stdin?.write(`${line}\n`);
    },
    stop: () => stopChild(child),
  };
}

async function waitForFile(path: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(path)) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`pcscd exited before creating ${path}`);
    if (Date.now() > deadline) throw new Error(`pcscd did not create ${path} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const LAB_PREFIX = 'cccd-pcsc-lab-';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Removes what a killed test run left (its lab directory with a stale pcscd.comm): directories older than ten
 * minutes whose pcscd is gone. The lab never creates anything in the host's /run (pcsc-lab.sh mounts a private
 * tmpfs there), so there is nothing else to clean.
 */
function sweepStaleLabs(): void {
  const cutoff = Date.now() - 10 * 60_000;
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(LAB_PREFIX)) continue;
    const dir = join(tmpdir(), name);
    try {
      if (statSync(dir).mtimeMs > cutoff) continue;
      const pidFile = join(dir, 'run-pcscd', 'pcscd.pid');
      const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').trim()) : Number.NaN;
      if (Number.isInteger(pid) && pid > 0 && alive(pid)) continue;
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // Another run removed it meanwhile.
    }
  }
}

/**
 * Starts the lab and points this process's PC/SC clients at it (PCSCLITE_CSOCK_NAME, read by libpcsclite at the
 * first context: call this before any `openPcsc()` in the test file). Throws with the reason when it cannot run.
 */
export async function startPcscLab(): Promise<PcscLab> {
  const reason = await pcscLabUnavailable();
  if (reason !== undefined) throw new Error(`the PC/SC lab cannot run: ${reason}`);
  sweepStaleLabs();
  const dir = mkdtempSync(join(tmpdir(), LAB_PREFIX));
  mkdirSync(join(dir, 'run-pcscd'));
  mkdirSync(join(dir, 'reader.conf.d'));
  // vpcd listens on 35963 (slot 0) and 35964 (slot 1): DEVICENAME /dev/null:0x8C7B (vsmartcard documentation).
  writeFileSync(
    join(dir, 'reader.conf.d', 'vpcd'),
    `FRIENDLYNAME "Virtual PCD"\nDEVICENAME /dev/null:0x8C7B\nLIBPATH ${VPCD_DRIVER}\nCHANNELID 0x8C7B\n`,
  );
  const socket = join(dir, 'run-pcscd', 'pcscd.comm');
  process.env.PCSCLITE_CSOCK_NAME = socket;
  const started: (LabProcess & { child: ChildProcess })[] = [];
  const holder = track(['unshare', '--net', 'sh', SCRIPT, 'net']);
  started.push(holder);
  let pcscd: (LabProcess & { child: ChildProcess }) | undefined;
  const netns = () => `--net=/proc/${holder.pid}/ns/net`;

  async function startPcscd(): Promise<void> {
    rmSync(socket, { force: true });
    const p = track(
      ['nsenter', netns(), 'unshare', '--mount', '--propagation', 'private', 'sh', SCRIPT, 'pcscd', dir],
      'ignore',
    );
    started.push(p);
    pcscd = p;
    await waitForFile(socket, p.child, 20_000);
  }

  const lab: PcscLab = {
    dir,
    socket,
    env: { ...process.env, PCSCLITE_CSOCK_NAME: socket },
    pcscdPid: () => pcscd?.pid ?? -1,
    pids: () => started.filter((p) => p.child.exitCode === null && p.child.signalCode === null).map((p) => p.pid),
    startInLab(argv) {
      const p = track(['nsenter', netns(), ...argv]);
      started.push(p);
      return p;
    },
    async startLabCard(slot, options = {}) {
      const argv = [process.execPath, '--import', 'tsx', LAB_CARD, '--port', String(LAB_PORTS[slot])];
      if (options.uid) argv.push('--uid', options.uid);
      const p = lab.startInLab(argv);
      await p.waitFor((e) => e.type === 'connected');
      return p;
    },
    async restartPcscd() {
      if (pcscd) await pcscd.stop();
      await startPcscd();
    },
    async stop() {
      // Cards first (they would only reconnect), then pcscd, then the namespace holder.
      for (const p of started.slice().reverse()) await p.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await holder.waitFor((e) => e.line === 'ready', 20_000);
    await startPcscd();
  } catch (e) {
    await lab.stop();
    throw e;
  }
  return lab;
}
