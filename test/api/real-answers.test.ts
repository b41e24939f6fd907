/**
 * The client reads what REDCap really answers, not only what the embedded
 * server says. The answers below are those recorded by PyCap's live-server
 * suites against redcapdemo.vumc.org (tests/integration and the doctests
 * under redcap/methods): imports of records answer `{"count": 3}` in JSON,
 * `3` in CSV and `<?xml version="1.0" encoding="UTF-8" ?><count>3</count>`
 * (no newline) in XML; every other import and every delete answers a bare
 * number whatever the format (`1`, and `'1'` for a user delete asked in
 * XML); `returnContent=ids` lists the ids, `nothing` answers an empty body,
 * as do file deletes (PyCap shows both as `[{}]`, its empty answer); a new
 * folder answers `[{"folder_id": N}]`. REDCap sends most of them as
 * text/html, so the type of the body is not trusted either.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Project } from '../../src/api/project.js';
import { mockRedcap, type MockRedcap } from './mock-redcap.js';

const XML_COUNT = (n: number) => `<?xml version="1.0" encoding="UTF-8" ?><count>${n}</count>`;

/** Every shape a count comes in, each with the content types REDCap and proxies give it. */
const COUNT_SHAPES: readonly { body: (n: number) => string; type: string }[] = [
  { body: (n) => `{"count":${n}}`, type: 'application/json' },
  { body: (n) => `{"count": "${n}"}`, type: 'application/json; charset=utf-8' },
  { body: (n) => String(n), type: 'text/html; charset=UTF-8' },
  { body: (n) => `${n}\n`, type: 'text/plain' },
  { body: (n) => `"${n}"`, type: 'application/json' },
  { body: XML_COUNT, type: 'text/xml; charset=UTF-8' },
  { body: (n) => `${XML_COUNT(n)}\n`, type: 'text/html' },
];

let mock: MockRedcap | undefined;

afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

async function answered<T>(body: string, type: string, call: (p: Project) => Promise<T>): Promise<T> {
  await mock?.close();
  mock = mockRedcap({ batchSize: false });
  mock.handle(() => ({ body, headers: { 'content-type': type } }));
  return call(mock.project);
}

/** Methods answering a count, each with the number REDCap gave in the recording. */
const COUNTED: readonly [string, number, (p: Project) => Promise<number>][] = [
  [
    'importRecords',
    3,
    async (p) => (await p.importRecords([{ record_id: '4' }, { record_id: '5' }, { record_id: '6' }])).count,
  ],
  ['importRecords csv', 3, async (p) => (await p.importRecords('record_id\n4\n5\n6\n')).count],
  ['deleteRecords', 3, (p) => p.deleteRecords(['4', '5', '6'])],
  ['deleteRecords of one event', 1, (p) => p.deleteRecords(['3'], { event: 'visit_1_arm_1' })],
  ['importMetadata', 15, (p) => p.importMetadata('field_name,form_name\nrecord_id,demographics\n')],
  ['importArms', 1, (p) => p.importArms([{ arm_num: 3, name: 'Drug C' }])],
  ['deleteArms', 1, (p) => p.deleteArms([3])],
  ['importEvents', 16, (p) => p.importEvents([{ event_name: 'XYZ', arm_num: 2 }])],
  ['deleteEvents', 1, (p) => p.deleteEvents(['xyz_arm_2'])],
  [
    'importInstrumentEventMappings',
    44,
    (p) =>
      p.importInstrumentEventMappings([{ arm_num: 1, unique_event_name: 'enrollment_arm_1', form: 'demographics' }]),
  ],
  [
    'importRepeatingFormsEvents',
    1,
    (p) => p.importRepeatingFormsEvents([{ event_name: 'event_1_arm_1', form_name: '', custom_form_label: '' }]),
  ],
  ['importUsers', 1, (p) => p.importUsers([{ username: 'pandeharris@gmail.com' }])],
  ['deleteUsers', 1, (p) => p.deleteUsers(['pandeharris@gmail.com'])],
  ['importUserRoles', 1, (p) => p.importUserRoles([{ role_label: 'New Role' }])],
  ['deleteUserRoles', 1, (p) => p.deleteUserRoles(['U-ABC123'])],
  [
    'importUserRoleMappings',
    1,
    (p) => p.importUserRoleMappings([{ username: 'pandeharris@gmail.com', unique_role_name: 'U-ABC123' }]),
  ],
  ['importDags', 1, (p) => p.importDags([{ data_access_group_name: 'New DAG', unique_group_name: '' }])],
  ['deleteDags', 1, (p) => p.deleteDags(['new_dag'])],
  [
    'importUserDagMappings',
    1,
    (p) => p.importUserDagMappings([{ username: 'pandeharris@gmail.com', redcap_data_access_group: 'test_dag' }]),
  ],
];

describe("Project reads REDCap's real answers", () => {
  for (const [name, n, call] of COUNTED) {
    it(`${name} reads its count in every shape REDCap answers`, async () => {
      for (const shape of COUNT_SHAPES) {
        expect(await answered(shape.body(n), shape.type, call), `${name} ${JSON.stringify(shape.body(n))}`).toBe(n);
      }
    });
  }

  it('refuses a count answer that is not one, naming the method', async () => {
    for (const body of ['', '3 records', '{"count":"three"}', '<count>3</count><count>4</count>', '[3]']) {
      await expect(
        answered(body, 'text/html', (p) => p.deleteArms([3])),
        JSON.stringify(body),
      ).rejects.toThrow(/deleteArms: REDCap's answer .* is not a count/);
    }
  });

  it('importRecords with returnContent=ids lists the ids, in any format; nothing answers an empty body', async () => {
    const ids = ['4', '5', '6'];
    for (const [body, type] of [
      ['["4","5","6"]', 'application/json'],
      ['[4,5,6]', 'text/html'],
      ['id\n4\n5\n6\n', 'text/csv'],
      ['<?xml version="1.0" encoding="UTF-8" ?><ids><id>4</id><id>5</id><id>6</id></ids>', 'text/xml'],
    ]) {
      expect(
        await answered(body, type, (p) =>
          p.importRecords(
            ids.map((record_id) => ({ record_id })),
            { returnContent: 'ids' },
          ),
        ),
        body,
      ).toEqual(ids);
    }
    for (const body of ['', '\n']) {
      expect(
        await answered(body, 'text/html', (p) => p.importRecords([{ record_id: '4' }], { returnContent: 'nothing' })),
      ).toBeUndefined();
    }
    // The request asked for what was read.
    expect(mock!.requests[0].params).toMatchObject({ content: 'record', action: 'import', returnContent: 'nothing' });
  });

  it('deletes of files and repository files answer an empty body; a new folder its id in a list', async () => {
    await expect(
      answered('', 'text/html', (p) => p.deleteFile('2', 'upload_field', { event: 'event_1_arm_1' })),
    ).resolves.toBeUndefined();
    await expect(answered('', 'text/html', (p) => p.deleteRepositoryFile(17))).resolves.toBeUndefined();
    expect(await answered('[{"folder_id":12}]', 'application/json', (p) => p.createFolder('New Folder'))).toEqual({
      folder_id: 12,
    });
    expect(await answered('{"folder_id":"12"}', 'application/json', (p) => p.createFolder('New Folder'))).toEqual({
      folder_id: 12,
    });
  });

  it('reads the next record name, the version and survey links as text', async () => {
    expect(await answered('3', 'text/html', (p) => p.generateNextRecordName())).toBe('3');
    expect(await answered('"3"', 'application/json', (p) => p.generateNextRecordName())).toBe('3');
    expect(await answered('14.5.10', 'text/html', (p) => p.exportVersion())).toBe('14.5.10');
    const link = 'https://redcapdemo.vumc.org/surveys/?s=ABCDEF1234';
    expect(
      await answered(link, 'text/html', (p) => p.exportSurveyLink('1', 'contact_info', { event: 'enrollment_arm_1' })),
    ).toBe(link);
  });
});
