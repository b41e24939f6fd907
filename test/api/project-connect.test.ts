/**
 * `Project.connect` against the embedded server over loopback: it reads
 * the structure once and exposes it; typed exports and imports reuse it;
 * a wrong token, a wrong path and a closed port each fail at connect with
 * a typed error that shows no token anywhere.
 */
import { createServer, type AddressInfo } from 'node:net';
import { Agent, type Dispatcher } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  isRedcapApiError,
  isRedcapError,
  isRedcapHttpError,
  isRedcapNetworkError,
  isRedcapUrlError,
  isRedcapUsageError,
  type RedcapError,
} from '../../src/api/errors.js';
import { Project } from '../../src/api/project.js';
import { exportTable } from '../../src/frames/project-frames.js';
import { Schema } from '../../src/schema/schema.js';
import { tutorialProject } from '../../src/server/demo/tutorial-project.js';
import type { RedcapServer } from '../../src/server/redcap-server.js';
import { importTable } from '../../src/write/import-table.js';
import { startServer } from '../helpers/server.js';
import { everythingShown } from './mock-redcap.js';

/** A dispatcher that notes the `content` of every request it sends. */
function countingAgent(): { dispatcher: Dispatcher; contents: string[] } {
  const contents: string[] = [];
  const dispatcher = new Agent().compose((dispatch) => (opts, handler) => {
    contents.push(new URLSearchParams(String(opts.body ?? '')).get('content') ?? '?');
    return dispatch(opts, handler);
  });
  return { dispatcher, contents };
}

async function failure(promise: Promise<unknown>): Promise<RedcapError> {
  try {
    await promise;
  } catch (e) {
    expect(isRedcapError(e)).toBe(true);
    return e as RedcapError;
  }
  throw new Error('expected Project.connect to fail');
}

async function expectNoToken(error: unknown, token: string): Promise<void> {
  const shown = await everythingShown(error);
  expect(shown).not.toContain(token);
  expect(shown.toLowerCase()).not.toContain(token.toLowerCase());
}

describe('Project.connect', () => {
  let server: RedcapServer;
  let token: string;
  let copies = 0;
  const opened: Project[] = [];
  const freshTutorial = () => server.addProject(tutorialProject(), `connect:${copies++}`).token;

  beforeAll(async () => {
    server = await startServer();
    token = freshTutorial();
  });
  afterAll(async () => {
    await Promise.all(opened.map((p) => p.close()));
    await server.close();
  });

  it('reads the structure once, dictionary first, and exposes it as PyCap does', async () => {
    const { dispatcher, contents } = countingAgent();
    const project = await Project.connect(server.url, token, { dispatcher });
    opened.push(project);
    expect(contents[0]).toBe('metadata');
    // DAG labels come with the structure (the frames label DAG columns with them).
    expect(contents.sort()).toEqual(['metadata', 'instrument', 'project', 'dag'].sort());
    expect(project.metadata).toHaveLength(11);
    expect(project.fieldNames).toEqual([
      'study_id',
      'first_name',
      'last_name',
      'dob',
      'sex',
      'address',
      'phone_number',
      'file',
      'foo_score',
      'bar_score',
      'image_path',
    ]);
    expect(project.recordIdField).toBe('study_id');
    expect(project.forms).toEqual(['demographics', 'imaging', 'testing']);
    expect(project.events).toEqual([]);
    expect(project.arms).toEqual([]);
    expect(project.isLongitudinal).toBe(false);
    expect(project.schema).toBeInstanceOf(Schema);
    expect(project.schema.field('dob')?.label).toBe('Date of Birth');
  });

  it('lets exportTable and importTable reuse that schema instead of reading it per call', async () => {
    const { dispatcher, contents } = countingAgent();
    const project = await Project.connect(server.url, freshTutorial(), { dispatcher });
    opened.push(project);
    contents.length = 0;
    const first = await exportTable(project);
    const second = await exportTable(project, { fields: ['study_id', 'foo_score'] });
    expect(first.table.numRows()).toBe(3);
    expect(second.table.array('foo_score')).toEqual([100, 87, 64]);
    const imported = await importTable(
      project,
      second.table.filter((d: { study_id: string }) => d.study_id === '3').derive({ foo_score: () => 65 }),
    );
    expect(imported.count).toBe(1);
    // Record exports and the import only: no metadata, instrument or project-info call.
    expect(contents.filter((c) => c !== 'record')).toEqual([]);
    expect(contents.length).toBeGreaterThanOrEqual(3);
  });

  it('refreshes on request, and after a dictionary import through the same project', async () => {
    const project = await Project.connect(server.url, freshTutorial());
    const other = await Project.connect(server.url, project.revealToken());
    opened.push(project, other);
    await other.importMetadata([
      ...other.metadata,
      { ...other.metadata[9], field_name: 'baz_score', field_label: 'Test score for Baz test' },
    ]);
    // Changed elsewhere: this project still has what it read, until told to refresh.
    expect(project.fieldNames).not.toContain('baz_score');
    const schema = await project.refresh();
    expect(project.fieldNames.at(-1)).toBe('baz_score');
    expect(project.schema).toBe(schema);
    // Changed through this project: the old structure is dropped, and read again when needed.
    await project.importMetadata(project.metadata.filter((row) => row.field_name !== 'baz_score'));
    expect(() => project.fieldNames).toThrow(/has not read its project's structure/);
    await exportTable(project);
    expect(project.fieldNames).not.toContain('baz_score');
  });

  it('leaves a project made with the constructor lazy: nothing is read until needed', async () => {
    const { dispatcher, contents } = countingAgent();
    const project = new Project(server.url, token, { dispatcher });
    opened.push(project);
    expect(contents).toEqual([]);
    const error = (() => {
      try {
        return project.metadata;
      } catch (e) {
        return e;
      }
    })();
    expect(isRedcapUsageError(error)).toBe(true);
    expect((error as Error).message).toContain('await Project.connect(url, token)');
    await exportTable(project);
    expect(project.recordIdField).toBe('study_id');
  });

  it("fails on a wrong token with REDCap's refusal, and no token in it", async () => {
    const wrong = 'F'.repeat(32);
    const error = await failure(Project.connect(server.url, wrong));
    expect(isRedcapApiError(error)).toBe(true);
    expect(error).toMatchObject({
      status: 403,
      method: 'exportMetadata',
      redcapMessage: 'You do not have permissions to use the API',
    });
    await expectNoToken(error, wrong);
  });

  it('fails on a wrong path with a RedcapUrlError naming the URL and saying it should end in /api/', async () => {
    const wrongUrl = server.url.replace(/\/api\/$/, '/redcap/');
    const error = await failure(Project.connect(wrongUrl, token));
    expect(isRedcapUrlError(error)).toBe(true);
    expect(isRedcapHttpError(error)).toBe(true);
    expect(error.message).toContain(server.url.replace(/\/api\/$/, '/redcap/api/'));
    expect(error.message).toContain('followed by /api/');
    expect(error.message).toContain('HTTP 404');
    expect(error.attempts).toBe(1);
    await expectNoToken(error, token);
  });

  it('fails on a closed port with a RedcapNetworkError, and no token in it', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as AddressInfo;
        probe.close(() => resolve(free));
      });
    });
    const error = await failure(
      Project.connect(`http://127.0.0.1:${port}/api/`, token, { retries: 1, backoff: { baseMs: 1 } }),
    );
    expect(isRedcapNetworkError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'ECONNREFUSED', attempts: 2 });
    expect(error.message).toContain(`http://127.0.0.1:${port}/api/`);
    await expectNoToken(error, token);
  });
});
