// Starts bench/load-server.js in a child process and waits for its JSON line.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

export function startBenchServer(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--max-old-space-size=16384', join(here, 'load-server.js'), ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.on('exit', (code) => reject(new Error(`benchmark server exited with ${code}`)));
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
