/**
 * Runs the built CLI (`node dist/cli/main.js …`, as `npx redcap-frames`
 * would) in a child process, asynchronously so that an embedded server in
 * the test process keeps answering.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const CLI = join(ROOT, 'dist', 'cli', 'main.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function requireBuild(): void {
  if (!existsSync(join(ROOT, 'dist', 'cli', 'import.js')))
    throw new Error('The CLI tests run the built package: run `npm run build` first.');
}

/** Runs the CLI with the given arguments and environment (added to a clean copy of this one). */
export function runCli(
  args: readonly string[],
  env: Record<string, string | undefined> = {},
  command: readonly string[] = [process.execPath, CLI],
): Promise<CliRun> {
  return new Promise((resolveRun, reject) => {
    const base = { ...process.env };
    delete base.REDCAP_API_URL;
    delete base.REDCAP_API_TOKEN;
    const child = spawn(command[0], [...command.slice(1), ...args], { cwd: ROOT, env: { ...base, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolveRun({ code, stdout, stderr }));
  });
}
