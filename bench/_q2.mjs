import Database from 'better-sqlite3';
const db = new Database('/tmp/p15/bench.db');
db.pragma('cache_size = -2000000');
const t = (label, f) => {
  const t0 = performance.now();
  const r = f();
  console.log(label, Math.round(performance.now() - t0), 'ms', r);
  return r;
};
const names = db.prepare('SELECT record FROM records WHERE project_id=1').pluck().all().slice(0, 10000);
const s = db
  .prepare(
    `SELECT json_group_array(json_array(event_id, instance, field_name, value)) FROM data WHERE project_id=? AND record = ?`,
  )
  .pluck();
const packs = t('json per-record', () => names.map((r) => s.get(1, r)));
t('JSON.parse', () => {
  let n = 0;
  for (const p of packs) n += JSON.parse(p).length;
  return n;
});
const mem = new Database(':memory:');
mem.exec(`CREATE TABLE data (project_id INTEGER NOT NULL, event_id INTEGER NOT NULL, record TEXT NOT NULL, field_name TEXT NOT NULL, instance INTEGER NOT NULL DEFAULT 1, value TEXT NOT NULL);
CREATE INDEX data_record ON data(project_id, record, event_id, instance, field_name);
CREATE TABLE record_packs (project_id INTEGER NOT NULL, record TEXT NOT NULL, packed TEXT NOT NULL, PRIMARY KEY (project_id, record)) WITHOUT ROWID;`);
const rows = db
  .prepare('SELECT project_id, event_id, record, field_name, instance, value FROM data LIMIT 1000000')
  .raw(true)
  .all();
const ins = mem.prepare('INSERT INTO data VALUES (?,?,?,?,?,?)');
t('insert 1M no trigger', () =>
  mem.transaction(() => {
    for (const r of rows) ins.run(...r);
  })(),
);
mem.exec('DELETE FROM data');
mem.exec(
  `CREATE TRIGGER data_ins AFTER INSERT ON data BEGIN DELETE FROM record_packs WHERE project_id = NEW.project_id AND record = NEW.record; END;`,
);
t('insert 1M with trigger', () =>
  mem.transaction(() => {
    for (const r of rows) ins.run(...r);
  })(),
);
t(
  'fill packs',
  () =>
    mem
      .prepare(
        `INSERT INTO record_packs SELECT project_id, record, json_group_array(json_array(event_id, instance, field_name, value)) FROM data GROUP BY project_id, record`,
      )
      .run().changes,
);
const w = mem.prepare('SELECT packed FROM record_packs WHERE project_id = 1 AND record = ?').pluck();
const some = mem.prepare('SELECT record FROM record_packs').pluck().all();
t('warm read per record', () => {
  let n = 0;
  for (const r of some) n += w.get(r).length;
  return n;
});
