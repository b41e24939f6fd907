/**
 * The package root is the client: importing it must not load the
 * embedded server's dependencies (SQLite's native binding, busboy, pdf-lib,
 * the XML parser). Checked in a fresh Node process, as a notebook kernel
 * would load the package, through its name and its package.json exports.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

// Every module the ESM loader resolves is posted back from a resolve hook;
// CommonJS packages loaded under them show in require.cache; native addons
// show among the process's shared objects.
const probe = `
import { register, createRequire } from 'node:module';
import { MessageChannel } from 'node:worker_threads';
const hooks = 'let port; export function initialize(d) { port = d.port; }' +
  'export async function resolve(s, c, next) { const r = await next(s, c); port.postMessage(r.url); return r; }';
const { port1, port2 } = new MessageChannel();
const urls = [];
port1.on('message', (u) => urls.push(u));
register('data:text/javascript,' + encodeURIComponent(hooks), { data: { port: port2 }, transferList: [port2] });
const entry = process.argv[1];
const module = await import(entry);
const exported = Object.keys(module);
if (process.argv[2] === 'start') await (await module.RedcapServer.start({ db: ':memory:', port: 0 })).close();
await new Promise((r) => setTimeout(r, 200));
port1.close();
const require = createRequire(import.meta.url);
const addons = process.report.getReport().sharedObjects.filter((f) => f.endsWith('.node'));
console.log(JSON.stringify({ exported, urls, cjs: Object.keys(require.cache), addons }));
`;

function load(entry: string, then?: 'start'): { exported: string[]; urls: string[]; cjs: string[]; addons: string[] } {
  const args = ['--input-type=module', '-e', probe, entry, ...(then ? [then] : [])];
  const out = execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!);
}

const SERVER_ONLY = /better-sqlite3|better_sqlite3|busboy|pdf-lib|fast-xml-parser|\/dist\/server\//;

describe('package entry points', () => {
  it("'redcap-frames' loads no native module and none of the server's dependencies", () => {
    const loaded = load('redcap-frames');
    expect(loaded.exported).toContain('Project');
    expect(loaded.exported).toContain('demoServer');
    expect(loaded.urls.some((u) => u.includes('/dist/index.js'))).toBe(true);
    expect(loaded.addons).toEqual([]);
    expect([...loaded.urls, ...loaded.cjs].filter((m) => SERVER_ONLY.test(m))).toEqual([]);
  });

  // The same probe sees them when the server is loaded and started: the check above can fail.
  it("'redcap-frames/server' holds the embedded server, its dependencies and SQLite's native binding", () => {
    const loaded = load('redcap-frames/server', 'start');
    expect(loaded.exported).toEqual(
      expect.arrayContaining([
        'RedcapServer',
        'parseOdm',
        'readOdmFile',
        'writeOdm',
        'startDemoServer',
        'demoProjects',
      ]),
    );
    expect(loaded.cjs.some((m) => m.includes('/better-sqlite3/'))).toBe(true);
    expect(loaded.urls.some((u) => u.includes('/fast-xml-parser/'))).toBe(true);
    expect(loaded.addons.some((f) => f.includes('better_sqlite3'))).toBe(true);
  });

  // tslab compiles cells to CommonJS with node10 resolution, which reads no
  // package.json exports: the subpath's types come from typesVersions.
  it('both entry points type-check under node10 module resolution, as tslab compiles', () => {
    const file = join(root, '__entry_probe__.ts');
    const text = [
      "import { Project, exportTable, demoServer } from 'redcap-frames';",
      "import { RedcapServer, parseOdm, type ServerOptions } from 'redcap-frames/server';",
      'const options: ServerOptions = { port: 0 };',
      'export const used = [Project, exportTable, demoServer, RedcapServer.start(options), parseOdm];',
    ].join('\n');
    const compilerOptions: ts.CompilerOptions = {
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      target: ts.ScriptTarget.ES2022,
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      esModuleInterop: true,
      types: ['node'],
    };
    const host = ts.createCompilerHost(compilerOptions);
    const { getSourceFile, fileExists } = host;
    host.fileExists = (name) => name === file || fileExists.call(host, name);
    host.getSourceFile = (name, language, ...rest) =>
      name === file ? ts.createSourceFile(name, text, language) : getSourceFile.call(host, name, language, ...rest);
    const program = ts.createProgram([file], compilerOptions, host);
    const problems = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(problems).toEqual([]);
  });
});
