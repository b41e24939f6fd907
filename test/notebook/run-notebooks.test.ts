import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KERNEL_FAULTS_ENV } from '../../src/notebook/kernel-guard.js';
import { kernelEnvironment, kernelGuardPath, packageRoot, runCommand } from '../../src/notebook/run-notebooks.js';

describe('kernel environment', () => {
  it('adds the project’s kernel specs, the guard and the faults file to the caller’s variables', () => {
    const env = kernelEnvironment({ REDCAP_API_URL: 'http://127.0.0.1:1/api/' }, '/tmp/faults.jsonl');
    expect(env.REDCAP_API_URL).toBe('http://127.0.0.1:1/api/');
    expect(env[KERNEL_FAULTS_ENV]).toBe('/tmp/faults.jsonl');
    expect(env.NODE_OPTIONS).toContain(`--import=file://${kernelGuardPath()}`);
    if (existsSync(join(packageRoot(), '.jupyter', 'share', 'jupyter'))) {
      expect(env.JUPYTER_PATH!.split(':')[0]).toBe(join(packageRoot(), '.jupyter', 'share', 'jupyter'));
    }
    expect(existsSync(join(packageRoot(), 'package.json'))).toBe(true);
  });
});

describe('runCommand', () => {
  it('collects output and the exit code, keeping the tail when asked to', async () => {
    const exit = await runCommand(
      process.execPath,
      ['-e', "process.stdout.write('x'.repeat(100)); process.stderr.write('END'); process.exit(4)"],
      { maxOutput: 10 },
    );
    expect(exit.code).toBe(4);
    expect(exit.output).toHaveLength(10);
    expect(exit.output.endsWith('END')).toBe(true);
  });

  it('stops a command that runs too long, and says when it cannot start one', async () => {
    const exit = await runCommand(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { timeoutMs: 200 });
    expect(exit.signal).toBe('SIGTERM');
    await expect(runCommand('no-such-command-here', [])).rejects.toThrow('Cannot run no-such-command-here');
  });
});
