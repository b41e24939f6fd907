/**
 * Property-based fuzzing (fast-check) of what reaches the server and the
 * client: API parameters, record import bodies (CSV, JSON, XML; flat and
 * EAV), data dictionaries, and values and dictionaries given to the
 * client. Every case ends in a success, a REDCap-shaped 4xx error or a
 * clear client error: never a 500, a crash, or a partial write.
 *
 * Fixed runs and seed; FUZZ_SEED and FUZZ_RUNS (a multiplier) change them.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Project } from '../../src/api/project.js';
import { isRedcapApiError, isRedcapUsageError } from '../../src/api/errors.js';
import { csvLine } from '../../src/formats/csv.js';
import { readRecords } from '../../src/frames/typed-frame.js';
import { Schema } from '../../src/schema/schema.js';
import { DICTIONARY_COLUMNS, type DictionaryRow } from '../../src/schema/types.js';
import { KNOWN_CONTENTS } from '../../src/server/handlers/registry.js';
import { parseOdm } from '../../src/server/odm/parse-odm.js';
import { RedcapServer, type HeldProject } from '../../src/server/redcap-server.js';
import { call, fixtureFile } from '../helpers/server.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20260127);
const SCALE = Number(process.env.FUZZ_RUNS ?? 1);
const runs = (n: number) => Math.max(1, Math.round(n * SCALE));
const settings = (n: number) => ({ numRuns: runs(n), seed: SEED, endOnFailure: true });

const FORMATS = ['json', 'csv', 'xml'] as const;
type Format = (typeof FORMATS)[number];

/** The format REDCap answers errors in: returnFormat, else format, else XML. */
function errorFormat(params: Record<string, unknown>): Format {
  const pick = (v: unknown) =>
    (FORMATS as readonly string[]).find((f) => f === String(Array.isArray(v) ? '' : (v ?? '')).toLowerCase()) as
      | Format
      | undefined;
  return pick(params.returnFormat) ?? pick(params.format) ?? 'xml';
}

/** REDCap's error in the format asked: `{"error": …}`, `ERROR: …` or `<hash><error>…</error></hash>`. */
function isRedcapErrorBody(text: string, format: Format): boolean {
  if (format === 'json') {
    try {
      const v = JSON.parse(text) as { error?: unknown };
      return typeof v.error === 'string' && v.error.length > 0;
    } catch {
      return false;
    }
  }
  if (format === 'csv') return /^ERROR: \S/.test(text);
  return /<hash>\s*<error>[^<]+<\/error>\s*<\/hash>/.test(text);
}

/** A fingerprint of everything a project stores about its records and structure. */
function snapshot(server: RedcapServer, projectId: number): string {
  const q = (sql: string) => JSON.stringify(server.db.prepare(sql).raw(true).all(projectId));
  return createHash('sha256')
    .update(q('SELECT record, packed FROM record_values WHERE project_id = ? ORDER BY 1'))
    .update(q('SELECT arm_num, record, group_id FROM records WHERE project_id = ? ORDER BY 1, 2'))
    .update(q('SELECT * FROM fields WHERE project_id = ? ORDER BY 2'))
    .digest('hex');
}

const tally: Record<string, number> = {};
const count = (target: string) => (tally[target] = (tally[target] ?? 0) + 1);

const nasty = fc.constantFrom(
  '',
  ' ',
  '0',
  '1',
  '-1',
  '1.5',
  '1,5',
  'true',
  'false',
  'NaN',
  '1e309',
  '99999999999999999999',
  '2024-02-30',
  '2024-13-01',
  '31/12/2024',
  '12:61',
  '[]',
  '{}',
  '[{}]',
  'null',
  '"',
  '""',
  "'",
  '\\',
  '\u0000',
  '\uFEFF',
  '\r\n',
  '<a>',
  ']]>',
  '&amp;',
  '%00',
  '../../etc/passwd',
  "[age] > 'x'",
  'datediff(',
  '(((',
  'demo\u0301',
  'Ωμέγα',
  '😀',
  'a'.repeat(5000),
  '1|2',
  '1, Yes | 2',
  'record_id',
  '__proto__',
  'constructor',
);
const text = fc.oneof(nasty, fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 20 }));

describe('fuzzing the server and the client', () => {
  let server: RedcapServer;
  const serverErrors: string[] = [];
  let copies = 0;
  const simple = (): HeldProject =>
    server.addProject(parseOdm(fixtureFile('simple', 'project.xml')), `fuzz:${copies++}`);

  beforeAll(async () => {
    server = await RedcapServer.start({ db: ':memory:', port: 0, onError: (l) => serverErrors.push(l) });
  });
  afterAll(async () => {
    await server?.close();
    const figures = Object.entries(tally)
      .map(([k, v]) => `${k}: ${v}`)
      .join(', ');
    console.info(`fuzz cases tried (seed ${SEED}): ${figures}`);
  });

  it('API parameters: any content, action, format and parameters get a 2xx or a REDCap-shaped 4xx, never a 500', async () => {
    let held = simple();
    const names = [
      'records',
      'fields',
      'forms',
      'events',
      'filterLogic',
      'type',
      'rawOrLabel',
      'rawOrLabelHeaders',
      'data',
      'overwriteBehavior',
      'returnContent',
      'forceAutoNumber',
      'dateFormat',
      'csvDelimiter',
      'arms',
      'dags',
      'users',
      'roles',
      'record',
      'new_record_name',
      'arm',
      'instrument',
      'event',
      'repeat_instance',
      'field',
      'report_id',
      'doc_id',
      'folder_id',
      'name',
      'dateRangeBegin',
      'dateRangeEnd',
      'beginTime',
      'endTime',
      'logtype',
      'user',
      'decimalCharacter',
      'exportDataAccessGroups',
      'exportSurveyFields',
      'override',
      'randomization_id',
      'returnMetadataOnly',
      'exportFiles',
      'compactDisplay',
      'allRecords',
      'dag',
      'exportCheckboxLabel',
    ];
    const params = fc.dictionary(
      fc.oneof(fc.constantFrom(...names), fc.string({ maxLength: 12 })),
      fc.oneof(text, fc.array(text, { maxLength: 3 })),
      { maxKeys: 6 },
    );
    const safeContents = [...KNOWN_CONTENTS].filter(
      (c) => c !== 'user' && c !== 'userRole' && c !== 'userRoleMapping' && c !== 'userDagMapping',
    );
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constantFrom(...safeContents), text),
        fc.option(
          fc.oneof(
            fc.constantFrom('export', 'import', 'delete', 'rename', 'list', 'createFolder', 'randomize', 'switch'),
            text,
          ),
          { nil: undefined },
        ),
        fc.option(fc.oneof(fc.constantFrom('json', 'csv', 'xml', 'JSON', 'odm'), text), { nil: undefined }),
        fc.option(fc.oneof(fc.constantFrom('json', 'csv', 'xml'), text), { nil: undefined }),
        params,
        async (content, action, format, returnFormat, extra) => {
          count('API parameters');
          const sent = { ...extra, token: held.token, content, action, format, returnFormat };
          const r = await call(server.url, sent as Record<string, string>);
          expect(r.status, `${JSON.stringify(sent).slice(0, 300)} → ${r.text.slice(0, 200)}`).toBeLessThan(500);
          if (r.status >= 400)
            expect(isRedcapErrorBody(r.text, errorFormat(sent)), `${r.status} ${r.text.slice(0, 200)}`).toBe(true);
          // A change that locked the token out (e.g. its user put in a group) must not stop the run.
          if (
            (await call(server.url, { token: held.token, content: 'record', format: 'json', fields: ['record_id'] }))
              .status !== 200
          )
            held = simple();
        },
      ),
      settings(250),
    );
    expect(serverErrors).toEqual([]);
  });

  it('record imports: fuzzed CSV, JSON and XML bodies are applied whole or refused with a 4xx and no change', async () => {
    const held = simple();
    const fields = [
      'record_id',
      'name_first',
      'name_last',
      'telephone',
      'email',
      'dob',
      'age',
      'sex',
      'height',
      'weight',
      'bmi',
      'comments',
      'mugshot',
      'race___1',
      'race___4',
      'ethnicity',
      'demographics_complete',
      'redcap_event_name',
      'redcap_repeat_instrument',
      'redcap_repeat_instance',
      'redcap_data_access_group',
      'nonexistent',
    ];
    const value = fc.oneof(
      text,
      fc.constantFrom('Jo', 'x@y.org', '(405) 321-1111', '2001-02-03', '0', '1', '2', '170.5', '70'),
    );
    const row = fc
      .dictionary(fc.oneof(fc.constantFrom(...fields), fc.string({ maxLength: 8 })), value, { minKeys: 1, maxKeys: 6 })
      .chain((r) =>
        fc.oneof(
          fc.constant(r),
          fc.constantFrom('1', '2', '5', 'new-1', 'x y', '').map((id) => ({ record_id: id, ...r })),
        ),
      );
    const body = fc.record({
      rows: fc.array(row, { minLength: 1, maxLength: 5 }),
      format: fc.constantFrom(...FORMATS),
      type: fc.constantFrom('flat', 'eav', 'odd'),
      overwrite: fc.constantFrom('normal', 'overwrite'),
      forceAutoNumber: fc.constantFrom('false', 'true'),
      returnContent: fc.constantFrom('count', 'ids', 'auto_ids', 'nothing'),
      dateFormat: fc.constantFrom('YMD', 'MDY', 'DMY', 'XYZ'),
      cut: fc.option(fc.nat(), { nil: undefined }),
      noise: fc.option(text, { nil: undefined }),
    });
    let applied = 0;
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        count('record import bodies');
        let data = encode(b.rows, b.format);
        if (b.cut !== undefined) data = data.slice(0, b.cut % (data.length + 1));
        if (b.noise !== undefined) data = data.slice(0, data.length >> 1) + b.noise + data.slice(data.length >> 1);
        const before = snapshot(server, held.projectId);
        const r = await call(server.url, {
          token: held.token,
          content: 'record',
          action: 'import',
          format: b.format,
          type: b.type,
          overwriteBehavior: b.overwrite,
          forceAutoNumber: b.forceAutoNumber,
          returnContent: b.returnContent,
          dateFormat: b.dateFormat,
          data,
        });
        expect(r.status, r.text.slice(0, 300)).toBeLessThan(500);
        if (r.status >= 400) {
          expect(isRedcapErrorBody(r.text, b.format), r.text.slice(0, 200)).toBe(true);
          expect(snapshot(server, held.projectId), `refused but changed: ${r.text.slice(0, 200)}`).toBe(before);
        } else {
          applied += 1;
        }
      }),
      settings(300),
    );
    // Some bodies were good enough to land: the property covered both sides.
    expect(applied).toBeGreaterThan(0);
    expect(serverErrors).toEqual([]);
  });

  it('dictionaries: a fuzzed data dictionary is refused with a 4xx and no change, or accepted and then usable', async () => {
    let held = simple();
    const base = JSON.parse(
      (await call(server.url, { token: held.token, content: 'metadata', format: 'json' })).text,
    ) as DictionaryRow[];
    const mutation = fc.record({
      index: fc.nat(),
      key: fc.constantFrom(...DICTIONARY_COLUMNS),
      value: fc.oneof(
        text,
        fc.constantFrom(
          'text',
          'radio',
          'checkbox',
          'calc',
          'slider',
          'yesno',
          'descriptive',
          'sql',
          'file',
          'matrix',
          'date_ymd',
          'integer',
          'number',
          '1, A | 2, B',
          '1, A | 1, B',
          '[weight] * 2',
          'sum([x]',
          'record_id',
          'demographics',
          'y',
          'LH',
          'zzz_form',
        ),
      ),
    });
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.boolean(), async (changes, drop) => {
        count('data dictionaries');
        const rows = base.map((r) => ({ ...r }));
        for (const c of changes) (rows[c.index % rows.length] as unknown as Record<string, string>)[c.key] = c.value;
        if (drop) rows.splice(1, 1);
        const before = snapshot(server, held.projectId);
        const r = await call(server.url, {
          token: held.token,
          content: 'metadata',
          action: 'import',
          format: 'json',
          data: JSON.stringify(rows),
        });
        expect(r.status, r.text.slice(0, 300)).toBeLessThan(500);
        if (r.status >= 400) {
          expect(isRedcapErrorBody(r.text, 'json'), r.text).toBe(true);
          expect(snapshot(server, held.projectId)).toBe(before);
          return;
        }
        accepted += 1;
        // What the server accepted, it can work with: the client builds a schema and reads an export with it.
        for (const content of ['metadata', 'record', 'exportFieldNames', 'instrument', 'project_xml']) {
          const back = await call(server.url, { token: held.token, content, format: 'json' });
          expect(back.status, `${content}: ${back.text.slice(0, 200)}`).toBe(200);
        }
        const schema = new Schema({
          dictionary: JSON.parse(
            (await call(server.url, { token: held.token, content: 'metadata', format: 'json' })).text,
          ),
        });
        const csv = (await call(server.url, { token: held.token, content: 'record', format: 'csv' })).text;
        expect(readRecords(csv, schema).table.numRows()).toBeGreaterThanOrEqual(0);
        held = simple();
      }),
      settings(120),
    );
    expect(accepted).toBeGreaterThan(0);
    expect(serverErrors).toEqual([]);
  });

  it('the client: fuzzed values read into a typed frame are typed, or set aside in a report naming record and field', () => {
    const dictionary = parseOdm(fixtureFile('simple', 'project.xml')).dictionary;
    const schema = new Schema({ dictionary });
    const columns = schema.exportColumns().map((c) => c.name);
    fc.assert(
      fc.property(
        fc.array(fc.array(text, { minLength: columns.length, maxLength: columns.length }), {
          minLength: 1,
          maxLength: 8,
        }),
        fc.constantFrom('fast', 'generic') as fc.Arbitrary<'fast' | 'generic'>,
        (rows, reader) => {
          count('client values');
          const body = csvLine(columns) + rows.map((r, i) => csvLine([`rec${i}`, ...r.slice(1)])).join('');
          const frame = readRecords(body, schema, { reader });
          expect(frame.table.numRows()).toBe(rows.length);
          for (const problem of [...frame.invalid.rows, ...frame.missing.rows]) {
            expect(problem.record).toMatch(/^rec\d+$/);
            expect(columns.some((c) => c === problem.field || c.startsWith(`${problem.field}___`))).toBe(true);
          }
        },
      ),
      settings(300),
    );
  });

  it('the client: a fuzzed dictionary gives a schema or a clear error, never a crash', () => {
    const base = parseOdm(fixtureFile('simple', 'project.xml')).dictionary;
    fc.assert(
      fc.property(
        fc.array(fc.record({ index: fc.nat(), key: fc.constantFrom(...DICTIONARY_COLUMNS), value: text }), {
          minLength: 1,
          maxLength: 5,
        }),
        (changes) => {
          count('client dictionaries');
          const rows = base.map((r) => ({ ...r }));
          for (const c of changes) (rows[c.index % rows.length] as unknown as Record<string, string>)[c.key] = c.value;
          let schema: Schema;
          try {
            schema = new Schema({ dictionary: rows });
          } catch (e) {
            expect(e).toBeInstanceOf(Error);
            expect(e).not.toBeInstanceOf(TypeError);
            expect((e as Error).message.length).toBeGreaterThan(10);
            return;
          }
          const csv = csvLine(schema.exportColumns().map((c) => c.name));
          expect(() => readRecords(csv, schema, { format: 'csv' })).not.toThrow();
          // Left to guess the format (a field named `[x]` first looks like JSON), it may refuse, but clearly.
          try {
            readRecords(csv, schema);
          } catch (e) {
            expect(e).not.toBeInstanceOf(SyntaxError);
            expect(e).not.toBeInstanceOf(TypeError);
            expect((e as Error).message).toMatch(/not valid JSON.*format: 'csv'/);
          }
        },
      ),
      settings(300),
    );
  });

  it('the client against the server: fuzzed rows import whole or fail with a REDCap or usage error, and nothing lands on failure', async () => {
    const held = simple();
    const project = new Project(server.url, held.token, { retries: 0, batchSize: 2 });
    const row = fc.dictionary(
      fc.constantFrom('record_id', 'name_first', 'dob', 'weight', 'sex', 'email', 'race___2', 'bogus'),
      text,
      { minKeys: 1, maxKeys: 4 },
    );
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 3 }), async (rows) => {
          count('client imports');
          const before = snapshot(server, held.projectId);
          try {
            await project.importRecords(rows, { batchSize: false });
          } catch (e) {
            expect(isRedcapApiError(e) || isRedcapUsageError(e), String(e)).toBe(true);
            if (isRedcapApiError(e)) expect(e.status).toBeLessThan(500);
            expect(snapshot(server, held.projectId)).toBe(before);
          }
        }),
        settings(150),
      );
    } finally {
      await project.close();
    }
    expect(serverErrors).toEqual([]);
  });
});

function encode(rows: Record<string, string>[], format: Format): string {
  if (format === 'json') return JSON.stringify(rows);
  const header = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  if (format === 'csv') return csvLine(header) + rows.map((r) => csvLine(header.map((h) => r[h] ?? ''))).join('');
  const items = rows
    .map(
      (r) =>
        `<item>${Object.entries(r)
          .map(([k, v]) => `<${k}><![CDATA[${v}]]></${k}>`)
          .join('')}</item>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8" ?><records>${items}</records>`;
}
