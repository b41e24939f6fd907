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

function describe(reason: unknown): { name: string; message: string; stack: string } {
  if (reason instanceof Error) return { name: reason.name, message: reason.message, stack: reason.stack ?? '' };
  return { name: 'NonError', message: String(reason), stack: '' };
}

const file = process.env[KERNEL_FAULTS_ENV];
if (file) {
  const record = (kind: string) => (reason: unknown) => {
    try {
      appendFileSync(file, `${JSON.stringify({ kind, ...describe(reason), time: new Date().toISOString() })}\n`);
    } catch {
      // The run fails anyway if the file cannot be written: the runner expects it.
    }
  };
  process.on('unhandledRejection', record('unhandledRejection'));
  process.on('uncaughtExceptionMonitor', record('uncaughtException'));
}
