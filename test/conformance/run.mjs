#!/usr/bin/env node
// Runs PyCap's live-server suites (tests/integration and the doctests under
// redcap/) against a fresh embedded server, as a real-client yardstick.
//
//   npm run conformance -- PATH_TO_PYCAP [-- extra pytest args]
//
// PATH_TO_PYCAP is a PyCap checkout or a bare git directory (the `fetch`
// tool's snapshot). Its files are copied to a temporary directory; the one
// change made is the server URL its conftest hard-codes. The super token
// goes through REDCAPDEMO_SUPERUSER_TOKEN, which the suites read already.
// Needs Debian's python3-requests python3-semantic-version python3-pandas
// python3-pytest python3-pytest-doctestplus. Last line: `N passed, N failed`.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const DEMO_ORIGIN = 'https://redcapdemo.vumc.org/';

const [source, ...pytestExtra] = process.argv.slice(2).filter((a, i) => !(i === 0 && a === '--'));
if (!source) {
  console.error('usage: npm run conformance -- PATH_TO_PYCAP');
  process.exit(2);
}

const work = mkdtempSync(join(tmpdir(), 'pycap-conformance-'));
copyPycap(resolve(source), work);
patchServerUrl(work);

const superToken = randomBytes(32).toString('hex').toUpperCase();
const server = await startServer(superToken);
let totals = { passed: 0, failed: 0 };
try {
  const env = { ...process.env, REDCAPDEMO_SUPERUSER_TOKEN: superToken, REDCAP_CONFORMANCE_URL: server.url };
  const suites = [
    ['integration', ['tests/integration']],
    ['doctests', ['--doctest-only', '--doctest-plus', 'redcap']],
  ];
  for (const [name, args] of suites) {
    const junit = join(work, `${name}.xml`);
    runPytest([...args, `--junitxml=${junit}`, ...pytestExtra], env);
    const counts = readJunit(junit);
    console.log(`${name}: ${counts.passed} passed, ${counts.failed} failed`);
    totals = { passed: totals.passed + counts.passed, failed: totals.failed + counts.failed };
  }
} finally {
  server.child.kill();
  if (!process.env.KEEP_CONFORMANCE_DIR) rmSync(work, { recursive: true, force: true });
}
console.log(`${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed === 0 ? 0 : 1);

function copyPycap(from, to) {
  if (existsSync(join(from, 'tests', 'integration'))) {
    cpSync(from, to, { recursive: true, filter: (p) => !p.includes(`${join(from, '.git')}`) });
    return;
  }
  // A bare repository: take its HEAD tree.
  const archive = spawnSync('git', ['--git-dir', from, 'archive', '--format=tar', 'HEAD'], { maxBuffer: 1 << 30 });
  if (archive.status !== 0) throw new Error(`${from} is neither a PyCap checkout nor a git directory`);
  const untar = spawnSync('tar', ['-x', '-C', to], { input: archive.stdout });
  if (untar.status !== 0) throw new Error(`could not unpack ${from}`);
}

function patchServerUrl(dir) {
  const conftest = join(dir, 'tests', 'integration', 'conftest.py');
  const text = readFileSync(conftest, 'utf8');
  const hardCoded = `return "${DEMO_ORIGIN}api/"`;
  if (!text.includes(hardCoded)) throw new Error(`${conftest} no longer hard-codes ${DEMO_ORIGIN}api/`);
  writeFileSync(conftest, text.replace(hardCoded, 'return os.environ["REDCAP_CONFORMANCE_URL"]'));
}

/** A fresh server on a free loopback port; survey links name the URL the doctests expect. */
function startServer(token) {
  const child = spawn(
    process.execPath,
    [join(root, 'dist', 'cli', 'main.js'), 'serve', '--port', '0', '--db', ':memory:', '--super-token', token, '--public-url', DEMO_ORIGIN],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolveStart, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const m = /listening on (\S+)/.exec(out);
      if (m) resolveStart({ child, url: m[1] });
    });
    child.on('exit', (code) => reject(new Error(`the server exited (${code}) before listening`)));
  });
}

/** Debian's Python (where its python3-* packages live), else the one on PATH. */
function python() {
  for (const py of ['/usr/bin/python3', 'python3']) {
    const probe = spawnSync(py, ['-c', 'import pytest, pytest_doctestplus, requests, semantic_version, pandas']);
    if (probe.status === 0) return py;
  }
  throw new Error('pytest, pytest-doctestplus, requests, semantic_version and pandas are needed: apt-get install python3-requests python3-semantic-version python3-pandas python3-pytest python3-pytest-doctestplus');
}

function runPytest(args, env) {
  const result = spawnSync(python(), ['-m', 'pytest', '-o', 'addopts=', '-p', 'no:cacheprovider', '-q', '-rf', ...args], {
    cwd: work,
    env,
    stdio: 'inherit',
  });
  if (result.error) throw result.error;
}

function readJunit(file) {
  if (!existsSync(file)) return { passed: 0, failed: 1 };
  const xml = readFileSync(file, 'utf8');
  const cases = xml.match(/<testcase\b[\s\S]*?(?:\/>|<\/testcase>)/g) ?? [];
  let failed = 0;
  for (const c of cases) if (/<(failure|error)\b/.test(c)) failed += 1;
  const skipped = cases.filter((c) => /<skipped\b/.test(c)).length;
  return { passed: cases.length - failed - skipped, failed: failed + skipped };
}
