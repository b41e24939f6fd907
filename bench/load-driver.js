// The load driver shared by the load test (test/reliability/load.test.ts,
// a few seconds) and the load benchmark (bench/load.js, longer): N clients
// mix imports, exports and deletes on one small pool of records for a
// bounded time, against a REDCap API URL. Every import writes a record's
// fields together with one version stamp, so an exported row whose
// fields disagree is a torn read. Every operation's send and answer
// times are kept, so a final state (or a read) can be checked against
// what the acknowledged writes allow: a write that definitely happened
// after another (sent after the other was acknowledged) must win.
//
// Takes the client's Project class as a parameter, so the test runs it
// from the sources and the benchmark from dist/.

const FIELDS = ['a', 'b', 'c'];

/** A classic project with a version and three stamped text fields. */
export function loadProjectDefinition(title = 'load test') {
  const field = (name, type, label, validation = '') => ({
    field_name: name,
    form_name: 'main',
    section_header: '',
    field_type: type,
    field_label: label,
    select_choices_or_calculations: '',
    field_note: '',
    text_validation_type_or_show_slider_number: validation,
    text_validation_min: '',
    text_validation_max: '',
    identifier: '',
    branching_logic: '',
    required_field: '',
    custom_alignment: '',
    question_number: '',
    matrix_group_name: '',
    matrix_ranking: '',
    field_annotation: '',
  });
  return {
    info: { project_title: title },
    dictionary: [
      field('record_id', 'text', 'Record'),
      field('version', 'text', 'Version', 'integer'),
      ...FIELDS.map((f) => field(f, 'text', f.toUpperCase())),
    ],
    instruments: [{ instrument_name: 'main', instrument_label: 'Main' }],
    arms: [],
    events: [],
    mappings: [],
    repeating: [],
    dags: [],
    roles: [],
    users: [],
    surveys: [],
    reports: [],
    values: [],
    recordDags: [],
    files: [],
  };
}

/** A small seeded generator (mulberry32). */
export function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function percentiles(values) {
  if (values.length === 0) return { n: 0, p50: NaN, p95: NaN, p99: NaN, max: NaN };
  const s = [...values].sort((x, y) => x - y);
  const at = (q) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
  return { n: s.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: s[s.length - 1] };
}

const stamp = (record, version) => `${record}:${version}`;

/** Rows whose stamped fields disagree with each other or with their version. */
export function tornRows(rows) {
  return rows.filter((r) => r.version !== '' && FIELDS.some((f) => r[f] !== stamp(r.record_id, r.version)));
}

/**
 * Runs the clients until the time is up (each finishes the call it is in).
 * Returns every operation with its times and outcome, the reads made, and
 * the latency of a probe that asks the version every `probeMs`.
 */
export async function runLoad({
  Project,
  url,
  token,
  clients = 16,
  durationMs = 3000,
  records = 64,
  seed = 1,
  probeMs = 50,
  batchSize = false,
}) {
  const pool = Array.from({ length: records }, (_, i) => `r${i + 1}`);
  const ops = [];
  const reads = [];
  const probes = [];
  let version = 0;
  const started = performance.now();
  const deadline = started + durationMs;
  const now = () => performance.now() - started;

  const client = async (k) => {
    const random = seededRandom(seed * 1000 + k);
    const project = new Project(url, token, { retries: 0, timeout: 30_000, batchSize });
    const pick = (n) => {
      const chosen = new Set();
      while (chosen.size < n) chosen.add(pool[Math.floor(random() * pool.length)]);
      return [...chosen];
    };
    try {
      while (performance.now() < deadline) {
        const roll = random();
        if (roll < 0.5) {
          const v = ++version;
          const targets = pick(1 + Math.floor(random() * 4));
          const op = { kind: 'import', records: targets, version: v, sent: now(), acked: Infinity, ok: false };
          ops.push(op);
          try {
            const rows = targets.map((r) => ({
              record_id: r,
              version: String(v),
              ...Object.fromEntries(FIELDS.map((f) => [f, stamp(r, v)])),
            }));
            const result = await project.importRecords(rows);
            if (result.count !== targets.length)
              throw new Error(`import of ${targets.length} records answered count ${result.count}`);
            op.ok = true;
          } catch (e) {
            op.error = String(e?.message ?? e);
          }
          op.acked = op.ok ? now() : Infinity;
          op.ms = (op.ok ? op.acked : now()) - op.sent;
        } else if (roll < 0.85) {
          const whole = random() < 0.3;
          const asked = whole ? pool : pick(8);
          const read = { kind: 'export', records: asked, sent: now(), done: 0, rows: [] };
          try {
            read.rows = await project.exportRecords(whole ? {} : { records: asked });
            read.ok = true;
          } catch (e) {
            read.error = String(e?.message ?? e);
          }
          read.done = now();
          read.ms = read.done - read.sent;
          reads.push(read);
        } else {
          const [target] = pick(1);
          const op = { kind: 'delete', records: [target], sent: now(), acked: Infinity, ok: false };
          ops.push(op);
          try {
            await project.deleteRecords([target]);
            op.ok = true;
          } catch (e) {
            // Deleting a record that is not there is refused: nothing changed.
            op.error = String(e?.message ?? e);
            op.absent = /do not exist/.test(op.error);
          }
          op.acked = op.ok || op.absent ? now() : Infinity;
          op.ms = now() - op.sent;
        }
      }
    } finally {
      await project.close();
    }
  };

  const probe = async () => {
    const project = new Project(url, token, { retries: 0, timeout: 30_000 });
    try {
      while (performance.now() < deadline) {
        const t = performance.now();
        await project.exportVersion();
        probes.push(performance.now() - t);
        await new Promise((r) => setTimeout(r, probeMs));
      }
    } finally {
      await project.close();
    }
  };

  await Promise.all([...Array.from({ length: clients }, (_, k) => client(k)), probe()]);
  return { ops, reads, probes, durationMs: performance.now() - started, pool };
}

/**
 * The writes of each record, each with the time by which it is surely
 * overtaken: the earliest acknowledgement of another write of the record
 * that was sent after it was acknowledged. A write W is surely overtaken at
 * time t when that time is before t. Refused deletes of absent records
 * changed nothing and count as no write. The record's initial absence is a
 * write acknowledged before everything.
 */
function writesByRecord(ops) {
  const byRecord = new Map();
  for (const o of ops) {
    if (o.kind === 'delete' && o.absent) continue;
    for (const r of o.records) {
      if (!byRecord.has(r)) byRecord.set(r, [{ kind: 'initial', sent: -Infinity, acked: -Infinity, ok: true }]);
      byRecord.get(r).push(o);
    }
  }
  for (const writes of byRecord.values()) {
    // Acknowledged writes by send time, with the smallest acknowledgement time from each on.
    const done = writes.filter((w) => w.ok && w.kind !== 'initial').sort((a, b) => a.sent - b.sent);
    const minAckFrom = new Array(done.length + 1).fill(Infinity);
    for (let i = done.length - 1; i >= 0; i--) minAckFrom[i] = Math.min(done[i].acked, minAckFrom[i + 1]);
    // One operation may write several records: its time of being overtaken is kept per record.
    writes.forEach((w, k) => {
      let lo = 0;
      let hi = done.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (done[mid].sent > w.acked) hi = mid;
        else lo = mid + 1;
      }
      writes[k] = { write: w, overtakenAt: minAckFrom[lo] };
    });
  }
  return byRecord;
}

/** The states a record may be in at time t, from writes sent before `sentBefore`. */
function allowedStates(byRecord, record, t, sentBefore) {
  const writes = byRecord.get(record) ?? [{ write: { kind: 'initial', sent: -Infinity }, overtakenAt: Infinity }];
  return writes
    .filter(({ write, overtakenAt }) => write.sent < sentBefore && !(overtakenAt < t))
    .map(({ write }) => (write.kind === 'import' ? String(write.version) : null));
}

/**
 * Checks a run: no torn row in any read, no read older than what was
 * acknowledged before it began, and a final state that some acknowledged
 * last write explains (no lost write). `finalRows` is an export made after
 * the run.
 */
export function verifyLoad(run, finalRows) {
  const problems = { torn: [], stale: [], lost: [], failed: [] };
  const byRecord = writesByRecord(run.ops);
  for (const o of run.ops) if (!o.ok && !o.absent) problems.failed.push(`${o.kind} ${o.records.join(',')}: ${o.error}`);
  for (const r of run.reads) if (!r.ok) problems.failed.push(`export: ${r.error}`);
  for (const read of run.reads.filter((r) => r.ok)) {
    problems.torn.push(...tornRows(read.rows).map((row) => `${row.record_id}: ${JSON.stringify(row)}`));
    const seen = new Map(read.rows.map((row) => [row.record_id, row.version]));
    for (const record of read.records) {
      const state = seen.has(record) ? seen.get(record) : null;
      const allowed = allowedStates(byRecord, record, read.sent, read.done);
      if (!allowed.includes(state))
        problems.stale.push(
          `${record} read as ${state} at ${read.sent.toFixed(1)}-${read.done.toFixed(1)} ms; allowed ${JSON.stringify(allowed)}`,
        );
    }
  }
  problems.torn.push(...tornRows(finalRows).map((row) => `final ${row.record_id}: ${JSON.stringify(row)}`));
  const final = new Map(finalRows.map((row) => [row.record_id, row.version]));
  for (const record of run.pool) {
    const state = final.has(record) ? final.get(record) : null;
    const allowed = allowedStates(byRecord, record, Infinity, Infinity);
    if (!allowed.includes(state))
      problems.lost.push(`${record} ends as ${state}; the acknowledged writes allow ${JSON.stringify(allowed)}`);
  }
  return problems;
}

/** Counts and latency percentiles of a run. */
export function summarise(run) {
  const ms = (kind) => run.ops.filter((o) => o.kind === kind && (o.ok || o.absent)).map((o) => o.ms);
  const exports = run.reads.filter((r) => r.ok).map((r) => r.ms);
  const total = run.ops.length + run.reads.length;
  return {
    seconds: run.durationMs / 1000,
    operations: total,
    perSecond: total / (run.durationMs / 1000),
    imports: percentiles(ms('import')),
    exports: percentiles(exports),
    deletes: percentiles(ms('delete')),
    probe: percentiles(run.probes),
    rowsRead: run.reads.reduce((n, r) => n + r.rows.length, 0),
    recordsWritten: run.ops.filter((o) => o.kind === 'import' && o.ok).reduce((n, o) => n + o.records.length, 0),
  };
}
