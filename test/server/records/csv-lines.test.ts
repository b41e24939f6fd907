import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HeldProject, RedcapServer } from '../../../src/server/redcap-server.js';
import { issueApiToken } from '../../../src/server/store/api-tokens.js';
import { setKeptLinesLimit } from '../../../src/server/store/row-lines.js';
import { call, callJson, copyFixture, startServer } from '../../helpers/server.js';

type Params = Record<string, string | number | boolean | readonly string[] | undefined>;

/**
 * Kept CSV lines (store/row-lines, records/csv-lines): an export asked again
 * reads lines kept under its plan. Whatever happened in between, it must
 * give what a fresh render gives, which is the export made right after
 * every kept line and plan is forgotten (a plan's first use renders).
 */
describe('kept CSV lines', () => {
  let server: RedcapServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
  });

  const keptLines = (held: HeldProject) =>
    server.db.prepare('SELECT COUNT(*) FROM row_lines WHERE project_id = ?').pluck().get(held.projectId) as number;
  const plans = (held: HeldProject) =>
    server.db.prepare('SELECT COUNT(*) FROM line_plans WHERE project_id = ?').pluck().get(held.projectId) as number;
  const csv = async (token: string, params: Params = {}) => {
    const r = await call(server.url, { token, content: 'record', format: 'csv', ...params });
    expect(r.status).toBe(200);
    return r.text;
  };
  /** The same export rendered from the values, nothing kept. */
  const fresh = async (held: HeldProject, token: string, params: Params = {}) => {
    server.db.prepare('DELETE FROM row_lines WHERE project_id = ?').run(held.projectId);
    server.db.prepare('DELETE FROM line_plans WHERE project_id = ?').run(held.projectId);
    return csv(token, params);
  };
  const importRows = async (token: string, rows: object[], params: Params = {}) => {
    const r = await call(server.url, {
      token,
      content: 'record',
      format: 'json',
      data: JSON.stringify(rows),
      ...params,
    });
    expect(r.status, r.text).toBe(200);
  };
  const exportLog = async (held: HeldProject) =>
    (await callJson<{ action: string; details: string }[]>(server.url, { token: held.token, content: 'log' }))
      .filter((e) => /export/i.test(e.action))
      .map((e) => e.details);

  it('are kept by a first export and read by the next', async () => {
    const held = copyFixture(server, 'simple');
    const first = await csv(held.token);
    const records = (await callJson<unknown[]>(server.url, { token: held.token, content: 'record' })).length;
    expect(keptLines(held)).toBe(records);
    // Kept lines are what is read: a kept line changed behind the export's back shows.
    server.db
      .prepare("UPDATE row_lines SET lines = replace(lines, 'Nutmeg', 'Mace') WHERE project_id = ?")
      .run(held.projectId);
    const second = await csv(held.token);
    expect(first).toContain('Nutmeg');
    expect(second).toBe(first.replaceAll('Nutmeg', 'Mace'));
    expect(await fresh(held, held.token)).toBe(first);
    const third = await csv(held.token);
    expect(third).toBe(first);
    // The log tells the same counts whether the lines were rendered or read.
    const details = await exportLog(held);
    expect(new Set(details.filter((d) => d.includes('rows'))).size).toBe(1);
    // The header follows rawOrLabelHeaders, the lines are the same plan.
    const labelled = await csv(held.token, { rawOrLabelHeaders: 'label' });
    expect(labelled.slice(labelled.indexOf('\n'))).toBe(first.slice(first.indexOf('\n')));
    expect(labelled.split('\n')[0]).not.toBe(first.split('\n')[0]);
  });

  it('follow every write to a record: edits, new records, deletions and renames', async () => {
    const held = copyFixture(server, 'simple');
    await csv(held.token);
    await csv(held.token);
    const before = keptLines(held);
    await importRows(held.token, [{ record_id: '1', name_first: 'Zed, "the" second' }]);
    expect(keptLines(held)).toBe(before - 1);
    const edited = await csv(held.token);
    expect(edited).toContain('"Zed, ""the"" second"');
    expect(edited).toBe(await fresh(held, held.token));
    await csv(held.token);
    await importRows(held.token, [{ record_id: '99', name_last: 'Newcomer' }]);
    const added = await csv(held.token);
    expect(added).toContain('Newcomer');
    expect(added).toBe(await fresh(held, held.token));
    await csv(held.token);
    const deleted = await call(server.url, { token: held.token, content: 'record', action: 'delete', records: ['2'] });
    expect(deleted.status, deleted.text).toBe(200);
    const afterDelete = await csv(held.token);
    expect(afterDelete.split('\n').some((l) => l.startsWith('2,'))).toBe(false);
    expect(afterDelete).toBe(await fresh(held, held.token));
    await csv(held.token);
    const renamed = await call(server.url, {
      token: held.token,
      content: 'record',
      action: 'rename',
      record: '3',
      new_record_name: '3b',
    });
    expect(renamed.status, renamed.text).toBe(200);
    const afterRename = await csv(held.token);
    expect(afterRename.split('\n').some((l) => l.startsWith('3b,'))).toBe(true);
    expect(afterRename).toBe(await fresh(held, held.token));
  });

  it('are not reused once the structure changes (a new choice label)', async () => {
    const held = copyFixture(server, 'simple');
    const label = { rawOrLabel: 'label' };
    await csv(held.token, label);
    const before = await csv(held.token, label);
    expect(before).toContain('Female');
    const metadata = await callJson<Record<string, string>[]>(server.url, { token: held.token, content: 'metadata' });
    const sex = metadata.find((f) => f.field_name === 'sex')!;
    sex.select_choices_or_calculations = sex.select_choices_or_calculations.replace('Female', 'Woman');
    const imported = await call(server.url, {
      token: held.token,
      content: 'metadata',
      action: 'import',
      format: 'json',
      data: JSON.stringify(metadata),
    });
    expect(imported.status, imported.text).toBe(200);
    const after = await csv(held.token, label);
    expect(after).not.toContain('Female');
    expect(after).toContain('Woman');
    expect(await csv(held.token, label)).toBe(after);
    expect(after).toBe(await fresh(held, held.token, label));
  });

  it('are kept per plan: options, fields and each user’s rights give their own lines', async () => {
    const held = copyFixture(server, 'simple');
    const limited = issueApiToken(server.db, held.projectId, 'no_health', {
      rights: { api_export: 1, forms_export: { demographics: 1, health: 0, race_and_ethnicity: 1 } },
    });
    const own = await csv(held.token);
    await csv(held.token);
    await csv(limited);
    const masked = await csv(limited);
    expect(masked.split('\n')[0]).not.toContain('height');
    expect(own.split('\n')[0]).toContain('height');
    expect(await csv(held.token)).toBe(own);
    expect(await csv(limited)).toBe(masked);
    const semicolon = { csvDelimiter: ';' };
    await csv(held.token, semicolon);
    const bySemicolon = await csv(held.token, semicolon);
    expect(bySemicolon.split('\n')[0]).toContain(';');
    expect(bySemicolon).toBe(await fresh(held, held.token, semicolon));
    // Only the last few plans are kept.
    for (const fields of [['record_id'], ['record_id', 'sex'], ['record_id', 'age'], ['record_id', 'dob']]) {
      await csv(held.token, { fields });
      const again = await csv(held.token, { fields });
      expect(again.split('\n')[0]).toBe(fields.join(','));
    }
    expect(plans(held)).toBe(3);
  });

  it('are not kept for filterLogic or the DAG column, which change without a value written', async () => {
    const held = copyFixture(server, 'dag');
    const withDags = { exportDataAccessGroups: true };
    await csv(held.token, withDags);
    await csv(held.token, withDags);
    expect(keptLines(held)).toBe(0);
    const everyone = await csv(held.token);
    const someone = everyone.split('\n')[2].split(',')[0];
    const filterLogic = `[record_id] = "${someone}"`;
    await csv(held.token, { filterLogic });
    const filtered = await csv(held.token, { filterLogic });
    expect(filtered.split('\n')).toEqual([everyone.split('\n')[0], everyone.split('\n')[2], '']);
    // Only the unfiltered export without the DAG column kept lines.
    expect(keptLines(held)).toBe(everyone.split('\n').length - 2);
    server.db.prepare('DELETE FROM row_lines WHERE project_id = ?').run(held.projectId);
    const rows = await callJson<Record<string, string>[]>(server.url, {
      token: held.token,
      content: 'record',
      ...withDags,
    });
    const moved = rows.find((r) => r.redcap_data_access_group !== '')!;
    const other = rows.find((r) => r.redcap_data_access_group !== moved.redcap_data_access_group)!;
    await importRows(held.token, [
      { record_id: moved.record_id, redcap_data_access_group: other.redcap_data_access_group },
    ]);
    const after = await csv(held.token, withDags);
    const line = after.split('\n').find((l) => l.startsWith(`${moved.record_id},`))!;
    expect(line).toContain(other.redcap_data_access_group || ',');
    expect(after).toBe(await fresh(held, held.token, withDags));
  });

  it('serve longitudinal exports with an event filter as rendered', async () => {
    const held = copyFixture(server, 'longitudinal');
    const events = await callJson<{ unique_event_name: string }[]>(server.url, { token: held.token, content: 'event' });
    const params = { events: [events[1].unique_event_name] };
    const first = await csv(held.token, params);
    await csv(held.token, params);
    expect(keptLines(held)).toBeGreaterThan(0);
    expect(await csv(held.token, params)).toBe(first);
    expect(first.split('\n').length).toBeGreaterThan(2);
    // The status of a form the event has, turned to another.
    const event = events[1].unique_event_name;
    const mapping = await callJson<{ unique_event_name: string; form: string }[]>(server.url, {
      token: held.token,
      content: 'formEventMapping',
    });
    const status = `${mapping.find((m) => m.unique_event_name === event)!.form}_complete`;
    const [row] = await callJson<Record<string, string>[]>(server.url, {
      token: held.token,
      content: 'record',
      ...params,
    });
    await importRows(held.token, [
      { study_id: row.study_id, redcap_event_name: event, [status]: row[status] === '2' ? '1' : '2' },
    ]);
    const changed = await csv(held.token, params);
    expect(changed).not.toBe(first);
    expect(changed).toBe(await fresh(held, held.token, params));
  });

  it('are not kept for a plan whose lines would pass the bound, judged once per plan; its exports stay right', async () => {
    const held = copyFixture(server, 'simple');
    const planKeeps = () =>
      server.db.prepare('SELECT keeps FROM line_plans WHERE project_id = ?').pluck().all(held.projectId);
    // Five records of about a hundred characters each: well over 50.
    setKeptLinesLimit(server.db, 50);
    try {
      const first = await csv(held.token);
      expect(planKeeps()).toEqual([0]);
      expect(keptLines(held)).toBe(0);
      expect(await csv(held.token)).toBe(first);
      expect(keptLines(held)).toBe(0);
      // The plan was judged: raising the bound does not change it; a new plan is judged against the new bound.
      setKeptLinesLimit(server.db, undefined);
      expect(await csv(held.token)).toBe(first);
      expect(keptLines(held)).toBe(0);
      const semicolons = await csv(held.token, { csvDelimiter: ';' });
      expect(planKeeps().sort()).toEqual([0, 1]);
      expect(keptLines(held)).toBeGreaterThan(0);
      expect(await csv(held.token, { csvDelimiter: ';' })).toBe(semicolons);
      expect(first).toBe(await fresh(held, held.token));
    } finally {
      setKeptLinesLimit(server.db, undefined);
    }
  });
});
