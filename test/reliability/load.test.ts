/**
 * The embedded server under 16 concurrent clients mixing imports,
 * exports and deletes on 64 shared records for a few seconds: no
 * acknowledged write is lost, no read is torn or older than what was
 * acknowledged before it began, and a probe keeps getting answers. The
 * throughput and latency figures come from `node bench/load.js`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Project } from '../../src/api/project.js';
import { RedcapServer } from '../../src/server/redcap-server.js';
import {
  loadProjectDefinition,
  runLoad,
  summarise,
  tornRows,
  verifyLoad,
  type LoadRun,
} from '../../bench/load-driver.js';

describe('the server under concurrent clients', () => {
  let server: RedcapServer;
  const serverErrors: string[] = [];
  beforeAll(async () => {
    server = await RedcapServer.start({ db: ':memory:', port: 0, onError: (l) => serverErrors.push(l) });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('16 clients for 3 s: every acknowledged write kept, no torn or stale read, answers all along', async () => {
    const held = server.addProject(loadProjectDefinition());
    const run = await runLoad({
      Project,
      url: server.url,
      token: held.token,
      clients: 16,
      durationMs: 3000,
      records: 64,
      seed: 5,
    });
    const reader = new Project(server.url, held.token);
    const finalRows = (await reader.exportRecords()) as Record<string, string>[];
    await reader.close();
    const problems = verifyLoad(run, finalRows);
    expect(problems).toEqual({ torn: [], stale: [], lost: [], failed: [] });
    const s = summarise(run);
    // Enough happened for the checks to mean something, on overlapping records.
    expect(run.ops.filter((o) => o.kind === 'import' && o.ok).length).toBeGreaterThan(50);
    expect(run.ops.filter((o) => o.kind === 'delete' && o.ok).length).toBeGreaterThan(5);
    expect(run.reads.length).toBeGreaterThan(30);
    const writesPerRecord = new Map<string, number>();
    for (const o of run.ops) for (const r of o.records) writesPerRecord.set(r, (writesPerRecord.get(r) ?? 0) + 1);
    expect(Math.max(...writesPerRecord.values())).toBeGreaterThan(3);
    // The server stayed responsive: the probe was answered throughout.
    expect(s.probe.n).toBeGreaterThan(10);
    expect(s.probe.max).toBeLessThan(5000);
    expect(serverErrors).toEqual([]);
    // The log holds one entry per record of each acknowledged import (nothing applied twice).
    const logged = server.db
      .prepare("SELECT COUNT(*) FROM log WHERE project_id = ? AND log_type IN ('record', 'record_add', 'record_edit')")
      .pluck()
      .get(held.projectId) as number;
    const written = run.ops.filter((o) => o.kind === 'import' && o.ok).reduce((n, o) => n + o.records.length, 0);
    expect(logged).toBe(written);
  });

  it('the checks catch what they are for: a torn row, a lost write and a stale read', () => {
    const run: LoadRun = {
      pool: ['r1', 'r2'],
      probes: [],
      durationMs: 1,
      ops: [
        { kind: 'import', records: ['r1'], version: 1, sent: 0, acked: 10, ok: true, ms: 10 },
        { kind: 'import', records: ['r1'], version: 2, sent: 20, acked: 30, ok: true, ms: 10 },
        { kind: 'import', records: ['r2'], version: 3, sent: 0, acked: 10, ok: true, ms: 10 },
      ],
      reads: [
        {
          kind: 'export',
          records: ['r1'],
          sent: 40,
          done: 50,
          ok: true,
          ms: 10,
          rows: [{ record_id: 'r1', version: '1', a: 'r1:1', b: 'r1:1', c: 'r1:1' }],
        },
      ],
    };
    const final = [
      { record_id: 'r1', version: '1', a: 'r1:1', b: 'r1:1', c: 'r1:1' },
      { record_id: 'r2', version: '3', a: 'r2:3', b: 'r2:1', c: 'r2:3' },
    ];
    const problems = verifyLoad(run, final);
    expect(tornRows(final)).toHaveLength(1);
    expect(problems.torn).toHaveLength(1);
    expect(problems.lost).toEqual(['r1 ends as 1; the acknowledged writes allow ["2"]']);
    expect(problems.stale).toHaveLength(1);
    // Two overlapping writes may land in either order.
    const racing: LoadRun = { ...run, reads: [], ops: [run.ops[0], { ...run.ops[1], sent: 5 }] };
    expect(verifyLoad(racing, [final[0]]).lost).toEqual([]);
  });
});
