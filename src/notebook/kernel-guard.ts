/**
 * Preloaded into a notebook kernel by the notebook runner (`node --import`):
 * tslab reports an unhandled promise rejection only on the kernel's own
 * stderr, which no notebook shows, so an unawaited failing call would pass
 * unnoticed. This records every unhandled rejection and uncaught exception
 * as a JSON line in the file named by `REDCAP_KERNEL_FAULTS`; the runner
 * reads it after the run and fails the notebook.
 */
import { appendFileSync } from 'node:fs';

export const KERNEL_FAULTS_ENV = 'REDCAP_KERNEL_FAULTS';

/**
 * tslab's heartbeat loop echoes a ping on its zeromq socket after the
 * kernel's own shutdown has closed that socket (tslab/dist/jupyter.js,
 * `this.hb.send(msgs)` in the `for await` over `this.hb`): zeromq rejects
 * with "Socket is closed" and nothing in tslab awaits it. It happens after
 * the last cell, when Jupyter stops the kernel while still pinging it (seen
 * in about 1 run in 25 under load); no notebook code is on the stack, so
 * it is the kernel's race, not a notebook's fault.
 */
export function isKernelShutdownRace(reason: unknown): boolean {
  if (!(reason instanceof Error) || reason.message !== 'Socket is closed') return false;
  const frames = (reason.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l));
  return frames.length > 0 && frames.every((l) => /[\\/]tslab[\\/]dist[\\/]jupyter\.js:/.test(l));
}

function describe(reason: unknown): { name: string; message: string; stack: string } {
  if (reason instanceof Error) return { name: reason.name, message: reason.message, stack: reason.stack ?? '' };
  return { name: 'NonError', message: String(reason), stack: '' };
}

const file = process.env[KERNEL_FAULTS_ENV];
if (file) {
  const record = (kind: string) => (reason: unknown) => {
    if (isKernelShutdownRace(reason)) return;
    try {
      appendFileSync(file, `${JSON.stringify({ kind, ...describe(reason), time: new Date().toISOString() })}\n`);
    } catch {
      // The run fails anyway if the file cannot be written: the runner expects it.
    }
  };
  process.on('unhandledRejection', record('unhandledRejection'));
  process.on('uncaughtExceptionMonitor', record('uncaughtException'));
}
