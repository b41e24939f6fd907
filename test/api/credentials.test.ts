import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { credentialFromCsv, tokenFromEnv, tokenFromFile, type Credential } from '../../src/api/credentials.js';
import type { RedcapServer } from '../../src/server/redcap-server.js';
import { loadFixture, startServer } from '../helpers/server.js';

/** Everything a credential can show of itself. */
function shown(c: Credential): string {
  return [
    inspect(c),
    String(c),
    JSON.stringify(c),
    JSON.stringify(Object.entries(c)),
    `${c}`,
    inspect(c.project(), { showHidden: true }),
  ].join('\n');
}

async function errorText(fn: () => unknown): Promise<string> {
  try {
    await fn();
  } catch (e) {
    return `${(e as Error).message}\n${(e as Error).stack}\n${inspect(e)}`;
  }
  throw new Error('expected an error');
}

describe('credentials', () => {
  let server: RedcapServer;
  let token: string;
  let dir: string;
  const saved = { ...process.env };
  beforeAll(async () => {
    server = await startServer();
    token = loadFixture(server, 'survey').token;
    dir = await mkdtemp(join(tmpdir(), 'rf-cred-'));
  });
  afterEach(() => {
    process.env = { ...saved };
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('reads the token from an environment variable, the URL from REDCAP_API_URL', async () => {
    process.env.REDCAP_API_URL = server.url;
    process.env.REDCAP_API_TOKEN = token;
    const c = tokenFromEnv();
    expect(c.url).toBe(server.url);
    const project = c.project();
    expect((await project.exportProjectInfo()).project_title).toBeTruthy();
    await project.close();
    expect(shown(c)).not.toContain(token);
    expect(shown(c)).toContain('environment variable REDCAP_API_TOKEN');
    process.env.OTHER_TOKEN = token.slice(1);
    const bad = await errorText(() => tokenFromEnv({ variable: 'OTHER_TOKEN' }));
    expect(bad).toMatch(/OTHER_TOKEN.*31 characters/);
    expect(bad).not.toContain(token.slice(1));
    expect(await errorText(() => tokenFromEnv({ variable: 'UNSET_TOKEN_VARIABLE' }))).toMatch(/not set/);
  });

  it('reads a token file, stripping the trailing newline', async () => {
    const file = join(dir, 'token.txt');
    await writeFile(file, `${token}\r\n`);
    const c = tokenFromFile(file, { url: server.url });
    expect(c.revealToken()).toBe(token);
    const project = c.project();
    expect((await project.exportInstruments()).length).toBeGreaterThan(0);
    await project.close();
    expect(shown(c)).not.toContain(token);
    const broken = join(dir, 'broken.txt');
    await writeFile(broken, `${token}x\n`);
    const bad = await errorText(() => tokenFromFile(broken, { url: server.url }));
    expect(bad).toContain(broken);
    expect(bad).not.toContain(token);
    expect(await errorText(() => tokenFromFile(join(dir, 'none.txt'), { url: server.url }))).toMatch(/ENOENT/);
  });

  it('picks one project from a REDCapR credential CSV, never showing a token', async () => {
    const other = 'F'.repeat(32);
    const file = join(dir, 'credentials.csv');
    await writeFile(
      file,
      [
        'redcap_uri,username,project_id,token,comment',
        `"${server.url}","alice","31","${token}","survey fixture"`,
        `"${server.url}","bob","31","${other}",""`,
        `"${server.url}","alice","32","${other}","another project"`,
      ].join('\n') + '\n',
    );
    const c = credentialFromCsv(file, { projectId: 31, username: 'alice' });
    expect(c.url).toBe(server.url);
    expect(c.revealToken()).toBe(token);
    expect(c.toJSON()).toEqual({
      url: server.url,
      source: `credential file ${file} (project_id 31, username alice)`,
      username: 'alice',
      projectId: '31',
    });
    const project = c.project();
    expect((await project.exportRecords()).length).toBeGreaterThan(0);
    await project.close();
    expect(shown(c)).not.toContain(token);
    for (const fn of [
      () => credentialFromCsv(file, { projectId: 31 }),
      () => credentialFromCsv(file, { projectId: 99 }),
    ]) {
      const text = await errorText(fn);
      expect(text).toMatch(/rows: 31\/alice, 31\/bob, 32\/alice/);
      expect(text).not.toContain(token);
      expect(text).not.toContain(other);
    }
    const noToken = join(dir, 'bad.csv');
    await writeFile(noToken, 'redcap_uri,username,project_id\nx,y,1\n');
    expect(await errorText(() => credentialFromCsv(noToken, { projectId: 1 }))).toMatch(/lacks the column token/);
  });
});
