/**
 * The client against a misbehaving REDCap: a loopback proxy in front of
 * the real embedded server drops connections, stalls, cuts bodies short,
 * answers HTML 500s, 502s or 200s with an error body, on one batch of a
 * batched export or import. Exports return exactly the clean export or
 * throw; imports never apply a batch twice, and the error says which
 * batches landed, which failed (and whether a failed one may have been
 * applied) and which were not sent.
 */
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Project } from '../../src/api/project.js';
import {
  type RedcapBatchError,
  isRedcapApiError,
  isRedcapBatchError,
  isRedcapError,
  isRedcapHttpError,
  isRedcapNetworkError,
  isRedcapTimeoutError,
  type RedcapError,
} from '../../src/api/errors.js';
import { parseOdm } from '../../src/server/odm/parse-odm.js';
import { RedcapServer, type HeldProject } from '../../src/server/redcap-server.js';
import { clinicalStudyProject } from '../../src/server/demo/index.js';
import { fixtureFile } from '../helpers/server.js';
import { FaultProxy, type Fault } from './fault-proxy.js';

const EXPORT_FAULTS: Fault[] = [
  'drop',
  'drop-after',
  'truncate',
  'stall',
  'stall-body',
  'html-500',
  'bad-gateway',
  'error-200',
  'cut-at-line',
];
/** Faults a read survives by trying again. */
const TRANSIENT = new Set<Fault>(['drop', 'drop-after', 'truncate', 'stall', 'stall-body', 'html-500', 'bad-gateway']);
const TIMEOUT_MS = 700;

describe('faults between the client and REDCap', () => {
  let server: RedcapServer;
  let proxy: FaultProxy;
  let study: HeldProject;
  const serverErrors: string[] = [];
  const caught: unknown[] = [];
  const tally = { injected: 0, survived: 0, refused: 0 };
  let cleanJson: unknown;
  let cleanCsv: string;

  const client = (token: string, options: ConstructorParameters<typeof Project>[2] = {}) =>
    new Project(proxy.url, token, {
      batchSize: 6,
      concurrency: 2,
      retries: 2,
      timeout: TIMEOUT_MS,
      backoff: { baseMs: 1, maxMs: 5 },
      ...options,
    });
  const isBatchExport = (p: URLSearchParams) =>
    p.get('content') === 'record' && (p.get('action') ?? 'export') === 'export' && p.has('records[0]');

  beforeAll(async () => {
    server = await RedcapServer.start({ db: ':memory:', port: 0, onError: (line) => serverErrors.push(line) });
    study = server.addProject(clinicalStudyProject({ records: 30, seed: 11 }));
    proxy = await FaultProxy.start(server.url);
    const direct = new Project(server.url, study.token, { batchSize: false });
    cleanJson = await direct.exportRecords();
    cleanCsv = await direct.exportRecords({ format: 'csv' });
    await direct.close();
  });
  afterAll(async () => {
    await proxy?.close();
    await server?.close();
  });

  describe('a batched export (5 batches of 6 records)', () => {
    for (const mode of ['once', 'always'] as const) {
      for (const fault of EXPORT_FAULTS) {
        it(`${fault} on batch 3, ${mode}: the clean export or a clear error, never part of it`, async () => {
          for (const format of ['json', 'csv'] as const) {
            let batchCalls = 0;
            let target: string | undefined;
            proxy.plan = ({ params }) => {
              if (!isBatchExport(params)) return 'pass';
              batchCalls += 1;
              // Batch 3 is the one whose first record is the 13th record; requests may come in any order.
              const first = params.get('records[0]');
              if (mode === 'once' && batchCalls === 3) target = first ?? undefined;
              const hit = mode === 'once' ? batchCalls === 3 : first === firstOfBatch3();
              if (hit) tally.injected += 1;
              return hit ? fault : 'pass';
            };
            const project = client(study.token);
            try {
              const result = await project.exportRecords({ format });
              // Only a retried read may come back, and then it is the clean export, whole.
              expect(format === 'json' ? result : String(result)).toEqual(format === 'json' ? cleanJson : cleanCsv);
              expect(mode).toBe('once');
              expect(TRANSIENT.has(fault)).toBe(true);
              expect(target).toBeDefined();
              tally.survived += 1;
            } catch (error) {
              caught.push(error);
              expect(isRedcapError(error), String(error)).toBe(true);
              expect(
                mode === 'always' || !TRANSIENT.has(fault),
                `${fault} once should have been retried: ${String(error)}`,
              ).toBe(true);
              const e = error as RedcapError;
              expect(e.method).toBe('exportRecords');
              if (fault === 'error-200')
                expect(isRedcapApiError(e) && e.redcapMessage).toBe('The server is busy: try again later (injected)');
              if (fault === 'stall' || fault === 'stall-body') expect(isRedcapTimeoutError(e)).toBe(true);
              if (fault === 'drop' || fault === 'drop-after' || fault === 'truncate')
                expect(isRedcapNetworkError(e)).toBe(true);
              if (fault === 'html-500' || fault === 'bad-gateway') expect(isRedcapHttpError(e)).toBe(true);
              if (fault === 'cut-at-line') expect(e.message).toMatch(/cut short/);
              if (mode === 'always' && TRANSIENT.has(fault)) expect(e.attempts).toBe(3);
              tally.refused += 1;
            } finally {
              await project.close();
            }
          }
        });
      }
    }

    function firstOfBatch3(): string {
      const ids = [...new Set((cleanJson as { record_id: string }[]).map((r) => r.record_id))];
      return ids[12];
    }
  });

  describe('a batched import (5 batches of 5 new records) with one batch failing', () => {
    const IMPORT_FAULTS: { fault: Fault; applied: boolean; kind: (e: unknown) => boolean }[] = [
      { fault: 'html-500', applied: false, kind: isRedcapHttpError },
      { fault: 'bad-gateway', applied: false, kind: isRedcapHttpError },
      { fault: 'error-200', applied: false, kind: isRedcapApiError },
      { fault: 'drop', applied: false, kind: isRedcapNetworkError },
      { fault: 'stall', applied: false, kind: isRedcapTimeoutError },
      { fault: 'drop-after', applied: true, kind: isRedcapNetworkError },
      { fault: 'truncate', applied: true, kind: isRedcapNetworkError },
      { fault: 'stall-body', applied: true, kind: isRedcapTimeoutError },
    ];
    let copies = 0;

    for (const { fault, applied, kind } of IMPORT_FAULTS) {
      it(`${fault} on batch 3: batches 1-2 landed, 3 failed${applied ? ' (but applied, and the error says it may be)' : ''}, 4-5 not sent; nothing sent twice`, async () => {
        const held = server.addProject(parseOdm(fixtureFile('simple', 'project.xml')), `fault-import:${copies++}`);
        const rows = Array.from({ length: 25 }, (_, i) => ({
          record_id: `f-${String(i + 1).padStart(2, '0')}`,
          name_first: 'v1',
        }));
        let imports = 0;
        const before = proxy.calls.length;
        proxy.plan = ({ params }) => {
          if (params.get('content') !== 'record' || params.get('action') !== 'import') return 'pass';
          imports += 1;
          if (imports === 3) tally.injected += 1;
          return imports === 3 ? fault : 'pass';
        };
        // Retries are on (for reads): a write must still go out once only.
        // A longer time limit here: an import is never retried, so a slow clean batch on a busy machine must not time out.
        const project = client(held.token, { batchSize: 5, retries: 5, timeout: 2500 });
        let error: RedcapBatchError | undefined;
        try {
          await project.importRecords(rows);
        } catch (e) {
          caught.push(e);
          expect(isRedcapBatchError(e), String(e)).toBe(true);
          error = e as RedcapBatchError;
        } finally {
          await project.close();
        }
        expect(error).toBeDefined();
        const batch = (k: number) => rows.slice((k - 1) * 5, k * 5).map((r) => r.record_id);
        expect(error!.batches.map((b) => b.status)).toEqual(['landed', 'landed', 'failed', 'not sent', 'not sent']);
        expect(error!.landedRecords).toEqual([...batch(1), ...batch(2)]);
        expect(error!.pendingRecords).toEqual([...batch(3), ...batch(4), ...batch(5)]);
        expect(kind(error!.failed[0].error)).toBe(true);
        expect(error!.message).toContain(
          'Landed (saved): batches 1 (5 records "f-01"…"f-05"), 2 (5 records "f-06"…"f-10")',
        );
        expect(error!.message).toContain('Not sent: batches 4 (5 records "f-16"…"f-20"), 5 (5 records "f-21"…"f-25")');
        if (fault !== 'error-200' && fault !== 'html-500' && fault !== 'bad-gateway') {
          expect(error!.message).toContain('It is not known whether REDCap applied the request');
        }
        // What the server holds is exactly what landed, plus batch 3 when the fault came after it was applied.
        const onServer = (await new Project(server.url, held.token).exportRecords({ fields: ['record_id'] }))
          .map((r) => String(r.record_id))
          .filter((r) => r.startsWith('f-'));
        expect(onServer).toEqual(applied ? [...batch(1), ...batch(2), ...batch(3)] : [...batch(1), ...batch(2)]);
        // No batch reached REDCap twice, and nothing after the failure was sent.
        const importCalls = proxy.calls.slice(before).filter((c) => c.params.get('action') === 'import');
        expect(importCalls.map((c) => c.params.get('data')!.match(/f-\d+/)?.[0])).toEqual(['f-01', 'f-06', 'f-11']);
        const sent = importCalls.filter((c) => c.forwarded).map((c) => c.params.get('data'));
        expect(sent).toHaveLength(applied ? 3 : 2);
        const created = server.db
          .prepare(
            "SELECT record, COUNT(*) AS n FROM log WHERE project_id = ? AND record LIKE 'f-%' AND log_type IN ('record_add', 'record') GROUP BY record",
          )
          .all(held.projectId) as { record: string; n: number }[];
        expect(created.every((c) => c.n === 1)).toBe(true);
        expect(created.map((c) => c.record).sort()).toEqual(onServer);
      });
    }

    it('a single import whose answer is lost is not sent again, and the error says it may have landed', async () => {
      const held = server.addProject(parseOdm(fixtureFile('simple', 'project.xml')), `fault-import:${copies++}`);
      proxy.plan = ({ params }) => (params.get('action') === 'import' ? 'drop-after' : 'pass');
      tally.injected += 1;
      const project = client(held.token, { retries: 5, batchSize: false });
      const before = proxy.calls.length;
      const error = await project.importRecords([{ record_id: 'once', name_first: 'only' }]).catch((e: unknown) => e);
      await project.close();
      caught.push(error);
      expect(isRedcapNetworkError(error)).toBe(true);
      expect((error as Error).message).toContain(
        'It is not known whether REDCap applied the request: check before sending it again.',
      );
      expect(proxy.calls.slice(before).filter((c) => c.params.get('action') === 'import')).toHaveLength(1);
      const rows = await new Project(server.url, held.token).exportRecords({ records: ['once'] });
      expect(rows).toEqual([expect.objectContaining({ record_id: 'once', name_first: 'only' })]);
    });
  });

  it('a record deleted while a batched export runs makes it fail, naming the record, rather than come back short', async () => {
    const held = server.addProject(clinicalStudyProject({ records: 30, seed: 11 }), 'fault-delete');
    const ids = [...new Set((cleanJson as { record_id: string }[]).map((r) => r.record_id))];
    const victim = ids[27];
    let batchCalls = 0;
    proxy.plan = ({ params }) => {
      if (isBatchExport(params) && ++batchCalls === 1) {
        server.db.prepare('DELETE FROM record_values WHERE project_id = ? AND record = ?').run(held.projectId, victim);
        server.db.prepare('DELETE FROM records WHERE project_id = ? AND record = ?').run(held.projectId, victim);
      }
      return 'pass';
    };
    const project = client(held.token, { concurrency: 1 });
    const error = await project.exportRecords({ format: 'csv' }).catch((e: unknown) => e);
    await project.close();
    caught.push(error);
    expect(isRedcapHttpError(error)).toBe(true);
    expect((error as Error).message).toBe(
      `exportRecords: the answer to batch 5 of 5 (6 records from "${ids[24]}") lacks 1 of them ("${victim}"): it was cut short, or records were deleted, renamed or changed during the export. Export again (with a smaller batchSize if it recurs).`,
    );
  });

  it('a stalled answer ends in a timeout error after the time allowed, not a hang', async () => {
    proxy.plan = ({ params }) => (params.get('content') === 'version' ? 'stall' : 'pass');
    tally.injected += 1;
    const project = client(study.token, { retries: 0, timeout: 400 });
    const started = performance.now();
    const error = await project.exportVersion().catch((e: unknown) => e);
    const elapsed = performance.now() - started;
    await project.close();
    caught.push(error);
    expect(isRedcapTimeoutError(error)).toBe(true);
    expect((error as Error).message).toMatch(/sent no complete answer within 400 ms/);
    expect(elapsed).toBeGreaterThanOrEqual(380);
    expect(elapsed).toBeLessThan(5000);
  });

  it('no error, cause or stack shows the token, even when the server echoes the request', async () => {
    expect(caught.length).toBe(tally.refused + 11);
    for (const e of caught) {
      const chain: unknown[] = [];
      for (let c: unknown = e; c; c = (c as Error).cause) chain.push(c);
      const shown = chain
        .map((c) => `${String(c)}\n${(c as Error).stack}\n${inspect(c, { depth: 6 })}\n${JSON.stringify(c)}`)
        .join('\n');
      for (const token of [study.token]) expect(shown).not.toContain(token);
      expect(shown).not.toMatch(/token=[0-9A-F]{32}/);
    }
    // The server itself saw nothing go wrong: every fault was the proxy's.
    expect(serverErrors).toEqual([]);
  });

  it('counts what was injected and survived', () => {
    // 9 faults × 2 modes × 2 formats of exports, 8 batch imports, 1 single import, 1 stall.
    expect(tally.injected).toBeGreaterThanOrEqual(36 + 8 + 2);
    expect(tally.survived).toBe(7 * 2);
    expect(tally.survived + tally.refused).toBe(36);
    console.info(
      `fault suite: ${tally.injected} faults injected, ${tally.survived} survived by retrying reads, ${tally.refused} refused with a clear error, 0 partial results`,
    );
  });
});
