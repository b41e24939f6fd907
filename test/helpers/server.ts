import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseOdm } from '../../src/server/odm/parse-odm.js';
import { RedcapServer, type HeldProject } from '../../src/server/redcap-server.js';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'redcapr');

/** Names of the REDCapR fixture projects (each folder with a project.xml). */
export function fixtureNames(): string[] {
  return readdirSync(FIXTURES)
    .filter((d) => existsSync(join(FIXTURES, d, 'project.xml')))
    .sort();
}

export function fixtureFile(name: string, file: string): string {
  return readFileSync(join(FIXTURES, name, file), 'utf8');
}

export const SUPER_TOKEN = 'AB'.repeat(32);

/** A server on a free loopback port with a throwaway database. */
export async function startServer(): Promise<RedcapServer> {
  return RedcapServer.start({ db: ':memory:', port: 0, superToken: SUPER_TOKEN });
}

export function loadFixture(server: RedcapServer, name: string): HeldProject {
  return server.loadProjectFile(join(FIXTURES, name, 'project.xml'));
}

export interface Reply {
  status: number;
  contentType: string;
  text: string;
  bytes: Uint8Array;
}

/** One API call over HTTP; arrays become indexed keys (`records[0]=…`). */
export async function call(
  url: string,
  params: Record<string, string | number | boolean | readonly string[] | undefined>,
): Promise<Reply> {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) v.forEach((x, i) => body.append(`${k}[${i}]`, String(x)));
    else body.append(k, String(v));
  }
  const res = await fetch(url, { method: 'POST', body });
  const bytes = new Uint8Array(await res.arrayBuffer());
  return {
    status: res.status,
    contentType: res.headers.get('content-type') ?? '',
    text: new TextDecoder().decode(bytes),
    bytes,
  };
}

/** An API call that must succeed with JSON. */
export async function callJson<T = unknown>(
  url: string,
  params: Record<string, string | number | boolean | readonly string[] | undefined>,
): Promise<T> {
  const r = await call(url, { format: 'json', ...params });
  if (r.status !== 200) throw new Error(`HTTP ${r.status}: ${r.text}`);
  return JSON.parse(r.text) as T;
}

let copies = 0;

/** A fresh copy of a fixture project (a new source each time, so tests never share one). */
export function copyFixture(server: RedcapServer, name: string): HeldProject {
  return server.addProject(parseOdm(fixtureFile(name, 'project.xml')), `copy:${name}:${copies++}`);
}

/** The id REDCap gives a data access group (the prefix of DAG users' record names). */
export function groupIdOf(server: RedcapServer, projectId: number, uniqueName: string): number {
  const row = server.db
    .prepare('SELECT group_id FROM dags WHERE project_id = ? AND unique_name = ?')
    .get(projectId, uniqueName) as { group_id: number } | undefined;
  if (!row) throw new Error(`No DAG "${uniqueName}" in project ${projectId}`);
  return row.group_id;
}
