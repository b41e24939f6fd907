// Starts a benchmark server script in a child process and waits for its JSON line.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * Runs bench/<script> with node's `flags` and `args`; resolves with the
 * first JSON line it prints ({ url, token, … }) and `stop()`, which ends
 * the process and resolves once it has exited.
 */
export function startServerProcess(script, args, flags = []) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...flags, join(here, script), ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.on('exit', (code) => reject(new Error(`the benchmark server ${script} exited with ${code}`)));
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line)
        resolve({
          ...JSON.parse(line),
          stop: () =>
            new Promise((r) => {
              child.removeAllListeners('exit');
              child.on('exit', r);
              child.kill('SIGTERM');
            }),
        });
    });
  });
}

/** bench/load-server.js (the load and scale projects). */
export function startBenchServer(args) {
  return startServerProcess('load-server.js', args, ['--max-old-space-size=16384']);
}
