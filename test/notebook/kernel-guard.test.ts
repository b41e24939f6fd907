import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { KERNEL_FAULTS_ENV, isKernelShutdownRace } from '../../src/notebook/kernel-guard.js';
import { kernelGuardPath, runCommand } from '../../src/notebook/run-notebooks.js';

describe('kernel guard', () => {
  it('records unhandled rejections and uncaught exceptions of the process it is loaded into', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rf-guard-'));
    const faults = join(dir, 'faults.jsonl');
    try {
      const script =
        "Promise.reject(new Error('nobody awaited')); setTimeout(() => { throw new TypeError('late throw'); }, 20);";
      const exit = await runCommand(
        process.execPath,
        [`--import=${pathToFileURL(kernelGuardPath()).href}`, '-e', script],
        {
          env: { ...process.env, [KERNEL_FAULTS_ENV]: faults, NODE_OPTIONS: '' },
        },
      );
      // Without tslab's own handlers Node still stops on the rejection; the guard has written it first.
      expect(exit.code).not.toBe(0);
      const lines = (await readFile(faults, 'utf8'))
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(lines[0]).toMatchObject({ kind: 'unhandledRejection', name: 'Error', message: 'nobody awaited' });
      expect(lines[0].stack).toContain('Error: nobody awaited');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('records an uncaught exception and stays out of the way without its variable', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rf-guard-'));
    const faults = join(dir, 'faults.jsonl');
    try {
      const guard = `--import=${pathToFileURL(kernelGuardPath()).href}`;
      await runCommand(process.execPath, [guard, '-e', "throw new RangeError('thrown')"], {
        env: { ...process.env, [KERNEL_FAULTS_ENV]: faults, NODE_OPTIONS: '' },
      });
      expect(JSON.parse((await readFile(faults, 'utf8')).trim())).toMatchObject({
        kind: 'uncaughtException',
        name: 'RangeError',
        message: 'thrown',
      });
      const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: '' };
      delete env[KERNEL_FAULTS_ENV];
      const clean = await runCommand(process.execPath, [guard, '-e', "console.log('fine')"], { env });
      expect(clean).toMatchObject({ code: 0, output: 'fine\n' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('isKernelShutdownRace', () => {
  const withStack = (message: string, stack: string[]): Error => {
    const err = new Error(message);
    err.stack = [`Error: ${message}`, ...stack].join('\n');
    return err;
  };

  it("passes over tslab's heartbeat send on its closed socket (seen in a demo run)", () => {
    const race = withStack('Socket is closed', ['    at /work/main/node_modules/tslab/dist/jupyter.js:510:33']);
    expect(isKernelShutdownRace(race)).toBe(true);
  });

  it('keeps the same message from any other code, and other errors from tslab', () => {
    const fromCell = withStack('Socket is closed', [
      '    at /work/main/node_modules/tslab/dist/jupyter.js:510:33',
      '    at evalmachine.<anonymous>:3:9',
    ]);
    expect(isKernelShutdownRace(fromCell)).toBe(false);
    expect(isKernelShutdownRace(withStack('Socket is closed', []))).toBe(false);
    expect(
      isKernelShutdownRace(withStack('other side closed', ['    at /x/node_modules/tslab/dist/jupyter.js:1:1'])),
    ).toBe(false);
    expect(isKernelShutdownRace('Socket is closed')).toBe(false);
  });
});
