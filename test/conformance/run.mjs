#!/usr/bin/env node
// Runs PyCap's live-server suites (tests/integration and the doctests under
// redcap/) against a fresh embedded server, as a real-client yardstick.
//
//   npm run conformance -- PATH_TO_PYCAP [-- extra pytest args]
//
// PATH_TO_PYCAP is a PyCap checkout or a bare git directory (the `fetch`
// tool's snapshot). Its files are copied to a temporary directory; the one
// change made is the server URL that its conftest and one doctest hard-code. The super token
// goes through REDCAPDEMO_SUPERUSER_TOKEN, which the suites read already.
// Needs Debian's python3-requests python3-semantic-version python3-pandas
// python3-pytest python3-pytest-doctestplus. Last line: `N passed, N failed, N skipped`.
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

const superToken = randomBytes(32).toString('hex').toUpperCase();
const server = await startServer(superToken);
patchServerUrl(work, server.url);
let totals = { passed: 0, failed: 0, skipped: 0 };
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
    console.log(`${name}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
    totals = {
      passed: totals.passed + counts.passed,
      failed: totals.failed + counts.failed,
      skipped: totals.skipped + counts.skipped,
    };
  }
} finally {
  server.child.kill();
  if (!process.env.KEEP_CONFORMANCE_DIR) rmSync(work, { recursive: true, force: true });
}
// Skipped cases are PyCap's own `# doctest: +SKIP` examples; they are never run.
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
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

function patchServerUrl(dir, url) {
  const replace = (file, from, to) => {
    const path = join(dir, file);
    const text = readFileSync(path, 'utf8');
    if (!text.includes(from)) throw new Error(`${path} no longer hard-codes ${DEMO_ORIGIN}api/`);
    writeFileSync(path, text.replace(from, to));
  };
  replace(
    join('tests', 'integration', 'conftest.py'),
    `return "${DEMO_ORIGIN}api/"`,
    'return os.environ["REDCAP_CONFORMANCE_URL"]',
  );
  replace(join('redcap', 'project.py'), `URL = "${DEMO_ORIGIN}api/"`, `URL = "${url}"`);
}

/** A fresh server on a free loopback port; survey links name the URL the doctests expect. */
function startServer(token) {
  const child = spawn(
    process.execPath,
    [
      join(root, 'dist', 'cli', 'main.js'),
      'serve',
      '--port',
      '0',
      '--db',
      ':memory:',
      '--super-token',
      token,
      '--public-url',
      DEMO_ORIGIN,
    ],
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
  throw new Error(
    'pytest, pytest-doctestplus, requests, semantic_version and pandas are needed: apt-get install python3-requests python3-semantic-version python3-pandas python3-pytest python3-pytest-doctestplus',
  );
}

function runPytest(args, env) {
  const result = spawnSync(
    python(),
    ['-m', 'pytest', '-o', 'addopts=', '-p', 'no:cacheprovider', '-q', '-rf', ...args],
    {
      cwd: work,
      env,
      stdio: 'inherit',
    },
  );
  if (result.error) throw result.error;
}

function readJunit(file) {
  if (!existsSync(file)) return { passed: 0, failed: 1, skipped: 0 };
  const xml = readFileSync(file, 'utf8');
  const cases = xml.match(/<testcase\b[\s\S]*?(?:\/>|<\/testcase>)/g) ?? [];
  let failed = 0;
  for (const c of cases) if (/<(failure|error)\b/.test(c)) failed += 1;
  const skipped = cases.filter((c) => /<skipped\b/.test(c)).length;
  return { passed: cases.length - failed - skipped, failed, skipped };
}
