import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Project } from '../../src/api/project.js';
import { missingSummary } from '../../src/frames/missing-summary.js';
import { exportTable } from '../../src/frames/project-frames.js';
import type { TypedFrame } from '../../src/frames/typed-frame.js';
import type { RedcapServer } from '../../src/server/redcap-server.js';
import { alteredFixture, setValue } from '../helpers/altered-fixture.js';
import { loadFixture, startServer } from '../helpers/server.js';

type Row = Record<string, unknown>;

/** Branching logic set on a field of a fixture's dictionary. */
function withLogic(logic: Record<string, string>) {
  return (def: { dictionary: { field_name: string; branching_logic: string }[] }) => {
    for (const row of def.dictionary) if (row.field_name in logic) row.branching_logic = logic[row.field_name];
  };
}

describe('missingSummary', () => {
  let server: RedcapServer;
  const projects: Project[] = [];
  const open = (token: string) => {
    const p = new Project(server.url, token);
    projects.push(p);
    return p;
  };
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await Promise.all(projects.map((p) => p.close()));
    await server.close();
  });

  it('tells blanks where the field was shown from blanks its branching logic hid (longitudinal fixture)', async () => {
    const frame = await exportTable(open(loadFixture(server, 'longitudinal').token));
    const summary = missingSummary(frame);
    const demo = (frame.table.objects() as Row[]).filter((r) => String(r.redcap_event_name).startsWith('enrollment_'));
    // given_birth: shown if [sex] = "0" (Female).
    const birth = summary.field('given_birth')!;
    expect(birth.branching_logic).toBe('[sex] = "0"');
    expect(birth.rows).toBe(demo.length);
    expect(birth.present).toBe(demo.filter((r) => r.given_birth !== null).length);
    expect(birth.hidden).toBe(demo.filter((r) => r.given_birth === null && r.sex !== 'Female').length);
    expect(birth.blank).toBe(demo.filter((r) => r.given_birth === null && r.sex === 'Female').length);
    expect(birth.hidden).toBeGreaterThan(0);
    // num_children: shown if [sex] = "0" and [given_birth] = "1".
    const children = summary.field('num_children')!;
    expect(children.hidden).toBe(
      demo.filter((r) => r.num_children === null && !(r.sex === 'Female' && r.given_birth === true)).length,
    );
    // A checkbox counts once per row, checked or not.
    const gym = summary.field('gym')!;
    expect(gym.rows).toBe(demo.length);
    expect(gym.present + gym.blank).toBe(demo.length);
    expect(gym.present).toBe(demo.filter((r) => [0, 1, 2, 3, 4].some((k) => r[`gym___${k}`] === true)).length);
    const form = summary.form('demographics')!;
    expect(form.rows).toBe(demo.length);
    expect(form.hidden).toBe(summary.fields.filter((f) => f.form === 'demographics').reduce((n, f) => n + f.hidden, 0));
    expect(summary.notEvaluable).toEqual([]);
    expect(summary.toHTML()).toContain('given_birth');
  });

  it('follows [event][field] into another event, and counts missing-data codes apart', async () => {
    const held = alteredFixture(server, 'longitudinal', (def) => {
      withLogic({ vld1: '[enrollment_arm_1][sex] = "0"' })(def);
      // Blank vld1 at the first visit of a man (100) and a woman (220).
      def.values = def.values.filter(
        (v) => !(v.field === 'vld1' && v.event === 'visit_1_arm_1' && (v.record === '100' || v.record === '220')),
      );
      def.info.missing_data_codes = 'NA, Not applicable | UNK, Unknown';
      setValue(def, '100', 'enrollment_arm_1', 'height', 'UNK');
    });
    const frame = await exportTable(open(held.token));
    const summary = missingSummary(frame);
    const rows = frame.table.objects() as Row[];
    const sexAtEnrolment = new Map(
      rows.filter((r) => r.redcap_event_name === 'enrollment_arm_1').map((r) => [r.study_id, r.sex]),
    );
    const visits = rows.filter(
      (r) => r.redcap_event_name === 'visit_1_arm_1' || r.redcap_event_name === 'visit_2_arm_1',
    );
    const vld1 = summary.field('vld1')!;
    expect(vld1.rows).toBe(visits.length);
    expect(vld1.hidden).toBe(
      visits.filter((r) => r.vld1 === null && sexAtEnrolment.get(r.study_id) !== 'Female').length,
    );
    expect(vld1.blank).toBe(
      visits.filter((r) => r.vld1 === null && sexAtEnrolment.get(r.study_id) === 'Female').length,
    );
    expect([vld1.hidden, vld1.blank]).toEqual([1, 1]);
    expect(summary.field('height')!.missing_code).toBe(1);
    expect(summary.field('height')!.present).toBe(rows.filter((r) => r.height !== null).length);
  });

  it("lists logic it cannot evaluate (another form's repeating field without an instance, a field not exported) and never guesses", async () => {
    const held = alteredFixture(
      server,
      'repeating-instruments',
      withLogic({
        bp_diastolic: '[bp_systolic] > 111',
        age: '[bp_systolic] > 100',
        race: '[bp_systolic][1] > 111',
        ethnicity: '[nope] = 1',
      }),
    );
    const frame: TypedFrame = await exportTable(open(held.token));
    const summary = missingSummary(frame);
    expect(summary.notEvaluable.map((n) => [n.field, n.reason])).toEqual([
      ['age', 'refers to [bp_systolic] of a repeating instrument or event without naming the instance'],
      ['ethnicity', 'refers to [nope], which is not a field of the project'],
    ]);
    const rows = frame.table.objects() as Row[];
    const bp = rows.filter((r) => r.redcap_repeat_instrument === 'bp');
    const dia = summary.field('bp_diastolic')!;
    // Same instrument, same instance: evaluated row by row.
    expect(dia.rows).toBe(bp.length);
    expect(dia.hidden).toBe(bp.filter((r) => r.bp_diastolic === null && !((r.bp_systolic as number) > 111)).length);
    const demo = rows.filter((r) => r.redcap_repeat_instrument === null);
    const age = summary.field('age')!;
    expect(age.logic_unknown).toBe(demo.filter((r) => r.age === null).length);
    expect(age.hidden + age.blank).toBe(0);
    // An explicit instance reads that instance of the record.
    const first = new Map(
      bp.filter((r) => r.redcap_repeat_instance === 1).map((r) => [r.record_id, r.bp_systolic as number]),
    );
    const race = summary.field('race')!;
    expect(race.hidden).toBe(
      demo.filter((r) => r.race === null && !((first.get(r.record_id) ?? -Infinity) > 111)).length,
    );
    expect(race.blank).toBe(demo.filter((r) => r.race === null && (first.get(r.record_id) ?? -Infinity) > 111).length);
  });

  it('lists logic on fields the frame does not hold', async () => {
    const frame = await exportTable(open(loadFixture(server, 'longitudinal').token), { fields: ['given_birth'] });
    const summary = missingSummary(frame);
    expect(summary.notEvaluable).toEqual([
      {
        form: 'demographics',
        field: 'given_birth',
        branching_logic: '[sex] = "0"',
        reason: 'refers to [sex], which the frame does not hold (export it too)',
      },
    ]);
    expect(summary.field('given_birth')!.hidden).toBe(0);
  });
});
