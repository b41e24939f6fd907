import { describe, expect, it } from 'vitest';
import { DATA_CUTOFF, ENROLMENT_DAYS, STUDY_START } from '../../../src/server/demo/clinical-records.js';
import { clinicalStudyProject } from '../../../src/server/demo/clinical-study.js';
import { addDays } from '../../../src/server/demo/demo-calendar.js';
import type { ProjectDefinition } from '../../../src/server/project-definition.js';
import { createProject } from '../../../src/server/store/create-project.js';
import { openDatabase } from '../../../src/server/store/database.js';
import { projectState } from '../../../src/server/store/project-state.js';
import { readDefinition } from '../../../src/server/store/read-definition.js';
import { compileField } from '../../../src/values/index.js';
import { calcMismatches, definitionProblems, recordsOf } from './definition-checks.js';

const def = clinicalStudyProject();

const valuesOf = (d: ProjectDefinition, field: string) => d.values.filter((v) => v.field === field);
const eventArm = new Map(def.events.map((e) => [e.unique_event_name, e.arm_num]));

describe('clinicalStudyProject: structure', () => {
  it("has two arms with the same five events, named by REDCap's rule", () => {
    expect(def.arms).toEqual([
      { arm_num: 1, name: 'Drug A' },
      { arm_num: 2, name: 'Placebo' },
    ]);
    expect(def.events).toHaveLength(10);
    expect(def.events.map((e) => e.unique_event_name)).toEqual([
      'screening_and_base_arm_1',
      'week_4_arm_1',
      'phone_follow_up_arm_1',
      'week_12_arm_1',
      'final_visit_arm_1',
      'screening_and_base_arm_2',
      'week_4_arm_2',
      'phone_follow_up_arm_2',
      'week_12_arm_2',
      'final_visit_arm_2',
    ]);
    for (const e of def.events) {
      const expected = `${e.event_name
        .toLowerCase()
        .replace(/[^a-z0-9]/g, '_')
        .slice(0, 18)}_arm_${e.arm_num}`;
      expect(e.unique_event_name).toBe(expected);
    }
    const offsets = def.events.filter((e) => e.arm_num === 1).map((e) => e.days_offset);
    expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
    expect(new Set(def.events.map((e) => e.event_id)).size).toBe(10);
  });

  it('designates forms per event, with a repeating instrument and a repeating event', () => {
    const formsAt = (event: string) => def.mappings.filter((m) => m.unique_event_name === event).map((m) => m.form);
    expect(formsAt('screening_and_base_arm_1')).toEqual([
      'enrolment',
      'randomisation',
      'vitals',
      'labs',
      'questionnaire',
    ]);
    expect(formsAt('phone_follow_up_arm_2')).toEqual(['phone_call']);
    expect(formsAt('final_visit_arm_2')).toContain('completion');
    expect(formsAt('week_4_arm_1')).not.toContain('enrolment');
    const repeatingForms = def.repeating.filter((r) => r.form_name === 'adverse_events').map((r) => r.event_name);
    expect(repeatingForms).toEqual([
      'week_4_arm_1',
      'week_12_arm_1',
      'final_visit_arm_1',
      'week_4_arm_2',
      'week_12_arm_2',
      'final_visit_arm_2',
    ]);
    expect(def.repeating.filter((r) => r.form_name === '').map((r) => r.event_name)).toEqual([
      'phone_follow_up_arm_1',
      'phone_follow_up_arm_2',
    ]);
  });

  it('covers the field types and validations a notebook has to type', () => {
    const rules = def.dictionary.map(compileField);
    const kinds = new Set(rules.map((r) => r.kind));
    for (const k of ['text', 'integer', 'number', 'date', 'datetime', 'time', 'boolean', 'choice', 'checkbox'])
      expect(kinds).toContain(k);
    const validations = new Set(
      def.dictionary.map((r) => r.text_validation_type_or_show_slider_number).filter(Boolean),
    );
    for (const v of [
      'date_ymd',
      'datetime_ymd',
      'datetime_seconds_ymd',
      'time',
      'time_hh_mm_ss',
      'time_mm_ss',
      'integer',
      'number',
      'number_1dp',
      'number_2dp',
      'number_1dp_comma_decimal',
      'email',
      'phone',
    ])
      expect(validations).toContain(v);
    const types = new Set(def.dictionary.map((r) => r.field_type));
    for (const t of ['text', 'notes', 'radio', 'dropdown', 'checkbox', 'yesno', 'calc', 'slider'])
      expect(types).toContain(t);
    const race = rules.find((r) => r.name === 'race')!;
    expect(race.checkboxColumns.map((c) => c.column)).toContain('race____99');
    expect(race.checkboxColumns.map((c) => c.column)).toContain('race___oth');
    expect(def.dictionary.find((r) => r.field_name === 'bmi')?.select_choices_or_calculations).toBe(
      'round([weight]/(([height]/100)^2),1)',
    );
    expect(def.info.missing_data_codes).toBe('NA, Not applicable | UNK, Unknown');
    expect(def.dictionary[0].field_name).toBe('record_id');
  });

  it('has three DAGs, a survey and reports on real fields', () => {
    expect(def.dags.map((d) => d.unique_group_name)).toEqual(['site_a', 'site_b', 'site_c']);
    expect(def.surveys.map((s) => s.form)).toEqual(['questionnaire']);
    const fields = new Set(def.dictionary.map((r) => r.field_name));
    for (const r of def.reports) for (const f of r.fields) expect(fields).toContain(f);
  });
});

describe('clinicalStudyProject: data', () => {
  const records = recordsOf(def);

  it('holds 300 records numbered 1..300 by default', () => {
    expect(records).toHaveLength(300);
    expect([...records].sort((a, b) => Number(a) - Number(b))).toEqual(
      Array.from({ length: 300 }, (_, i) => String(i + 1)),
    );
  });

  it("passes every value through the project's own rules", () => {
    expect(definitionProblems(def)).toEqual([]);
  });

  it('stores calc values equal to what the formula gives, for every row', () => {
    const { compared, mismatches } = calcMismatches(def);
    expect(mismatches).toEqual([]);
    expect(compared).toBeGreaterThan(1000);
    expect(valuesOf(def, 'bmi').length).toBeGreaterThan(900);
    expect(valuesOf(def, 'age_enrol')).toHaveLength(300);
  });

  it('balances the arms about 1:1 and assigns every record to one of three sites', () => {
    const armOf = new Map<string, number>();
    for (const v of def.values) armOf.set(v.record, eventArm.get(v.event)!);
    const arm1 = [...armOf.values()].filter((a) => a === 1).length;
    expect(Math.abs(arm1 - 150)).toBeLessThanOrEqual(15);
    expect(def.recordDags).toHaveLength(300);
    expect(new Set(def.recordDags.map((r) => r.record)).size).toBe(300);
    const perSite = new Map<string, number>();
    for (const r of def.recordDags) perSite.set(r.dag, (perSite.get(r.dag) ?? 0) + 1);
    expect([...perSite.keys()].sort()).toEqual(['site_a', 'site_b', 'site_c']);
    for (const n of perSite.values()) expect(n).toBeGreaterThan(30);
  });

  it('spreads enrolment over about twelve months, in record order', () => {
    const enrol = valuesOf(def, 'enrol_date');
    expect(enrol).toHaveLength(300);
    const byRecord = enrol.sort((a, b) => Number(a.record) - Number(b.record)).map((v) => v.value);
    expect(byRecord).toEqual([...byRecord].sort());
    expect(byRecord[0] >= STUDY_START).toBe(true);
    expect(byRecord[299] <= addDays(STUDY_START, ENROLMENT_DAYS + 2)).toBe(true);
    const months = new Set(byRecord.map((d) => d.slice(0, 7)));
    expect(months.size).toBeGreaterThanOrEqual(12);
    // Recruitment picks up: the second half-year enrols more than the first.
    const mid = addDays(STUDY_START, 182);
    expect(byRecord.filter((d) => d >= mid).length).toBeGreaterThan(byRecord.filter((d) => d < mid).length);
  });

  it('has dropouts and ongoing participants: fewer records at each later visit', () => {
    const recordsAt = (visit: string) =>
      new Set(def.values.filter((v) => v.event.startsWith(visit)).map((v) => v.record)).size;
    const baseline = recordsAt('screening_and_base');
    const week4 = recordsAt('week_4');
    const week12 = recordsAt('week_12');
    const final = recordsAt('final_visit');
    expect(baseline).toBe(300);
    expect(week4).toBeLessThan(baseline);
    expect(week12).toBeLessThan(week4);
    expect(final).toBeLessThan(week12);
    const withdrawn = valuesOf(def, 'comp_completed').filter((v) => v.value === '0').length;
    expect(withdrawn).toBeGreaterThan(5);
    // Nothing is dated after the data cut.
    for (const f of ['visit_date', 'call_date', 'comp_date', 'lab_date']) {
      for (const v of valuesOf(def, f)) expect(v.value <= addDays(DATA_CUTOFF, 1)).toBe(true);
    }
  });

  it('repeats adverse events and phone calls with instances numbered from 1 without gaps', () => {
    for (const field of ['ae_term', 'call_date']) {
      const byKey = new Map<string, number[]>();
      for (const v of valuesOf(def, field)) {
        const k = `${v.record}|${v.event}`;
        byKey.set(k, [...(byKey.get(k) ?? []), v.instance]);
      }
      expect(byKey.size).toBeGreaterThan(50);
      expect([...byKey.values()].some((list) => list.length > 1)).toBe(true);
      for (const list of byKey.values()) expect(list).toEqual(list.map((_, i) => i + 1));
    }
  });

  it('has saved, unverified, incomplete and unsaved forms', () => {
    const statuses = new Set(def.values.filter((v) => v.field.endsWith('_complete')).map((v) => v.value));
    expect([...statuses].sort()).toEqual(['0', '1', '2']);
    // Some attended visits have no questionnaire at all (never sent): unsaved, no status.
    const visitsWithVitals = new Set(valuesOf(def, 'vitals_complete').map((v) => `${v.record}|${v.event}`));
    const withQuestionnaire = new Set(valuesOf(def, 'questionnaire_complete').map((v) => `${v.record}|${v.event}`));
    expect([...visitsWithVitals].filter((k) => !withQuestionnaire.has(k)).length).toBeGreaterThan(10);
    // Started survey responses carry [not completed] and Incomplete.
    const notCompleted = (def.surveyTimestamps ?? []).filter((t) => t.timestamp === '[not completed]');
    expect(notCompleted.length).toBeGreaterThan(0);
    for (const t of notCompleted) {
      expect(
        def.values.find((v) => v.record === t.record && v.event === t.event && v.field === 'questionnaire_complete')
          ?.value,
      ).toBe('0');
    }
  });

  it('uses missing-data codes in some cells, never in checkboxes or statuses', () => {
    const coded = def.values.filter((v) => v.value === 'NA' || v.value === 'UNK');
    expect(coded.length).toBeGreaterThan(10);
    expect(new Set(coded.map((v) => v.value))).toEqual(new Set(['NA', 'UNK']));
    const checkboxes = new Set(def.dictionary.filter((r) => r.field_type === 'checkbox').map((r) => r.field_name));
    for (const v of coded) {
      expect(checkboxes.has(v.field)).toBe(false);
      expect(v.field.endsWith('_complete')).toBe(false);
    }
  });

  it('uses the negative and the letter checkbox codes, and comma decimals', () => {
    const race = valuesOf(def, 'race').map((v) => v.value);
    expect(race).toContain('-99');
    expect(race).toContain('OTH');
    const temps = valuesOf(def, 'temperature').map((v) => v.value);
    expect(temps.every((t) => /^\d+,\d$/.test(t))).toBe(true);
  });

  it('keeps a few plausible entry mistakes that REDCap accepts', () => {
    const weights = valuesOf(def, 'weight').map((v) => Number(v.value));
    expect(Math.max(...weights)).toBeGreaterThan(150); // pounds typed as kilograms
    const temps = valuesOf(def, 'temperature').map((v) => Number(v.value.replace(',', '.')));
    expect(Math.max(...temps)).toBeGreaterThan(90); // Fahrenheit
    const ages = valuesOf(def, 'age_enrol').map((v) => Number(v.value));
    expect(Math.max(...ages)).toBeGreaterThan(95); // a date of birth forty years out
    const glucose = valuesOf(def, 'glucose')
      .filter((v) => v.value !== 'NA')
      .map((v) => Number(v.value));
    expect(Math.max(...glucose)).toBeGreaterThan(30); // decimal point moved
    const swapped = def.values
      .filter((v) => v.field === 'sbp')
      .some((s) => {
        const d = def.values.find((v) => v.field === 'dbp' && v.record === s.record && v.event === s.event);
        return d !== undefined && Number(d.value) > Number(s.value);
      });
    expect(swapped).toBe(true);
  });
});

describe('clinicalStudyProject: options and determinism', () => {
  it('gives deep-equal definitions for the same seed and different data for another', () => {
    expect(clinicalStudyProject()).toEqual(def);
    const a = clinicalStudyProject({ records: 40, seed: 5 });
    expect(clinicalStudyProject({ records: 40, seed: 5 })).toEqual(a);
    const b = clinicalStudyProject({ records: 40, seed: 6 });
    expect(b.values).not.toEqual(a.values);
    expect(b.dictionary).toEqual(a.dictionary);
  });

  it('honours the record count, and small studies still pass the rules', () => {
    for (const [records, seed] of [
      [1, 1],
      [25, 2],
      [120, 3],
    ] as const) {
      const d = clinicalStudyProject({ records, seed });
      expect(recordsOf(d)).toHaveLength(records);
      expect(definitionProblems(d)).toEqual([]);
      expect(calcMismatches(d).mismatches).toEqual([]);
    }
  });

  it('rejects a record count that is not a positive whole number', () => {
    expect(() => clinicalStudyProject({ records: 0 })).toThrow(/records/);
    expect(() => clinicalStudyProject({ records: 2.5 })).toThrow(/records/);
  });

  it('the checks catch a value that breaks the rules (so a pass means something)', () => {
    const broken = clinicalStudyProject({ records: 10, seed: 9 });
    const weight = broken.values.find((v) => v.field === 'weight')!;
    weight.value = '71.25'; // number_1dp wants exactly one decimal
    broken.values.push({ record: '1', event: 'week_4_arm_1', field: 'enrol_date', instance: 1, value: '2024-02-01' });
    const bmi = broken.values.find((v) => v.field === 'bmi' && v.record === weight.record && v.event === weight.event)!;
    const problems = definitionProblems(broken);
    expect(problems.some((p) => p.includes('field weight') && p.includes('71.25'))).toBe(true);
    expect(problems.some((p) => p.includes('enrol_date') && p.includes('not designated'))).toBe(true);
    bmi.value = '99.9';
    expect(calcMismatches(broken).mismatches.some((m) => m.includes('bmi'))).toBe(true);
  });
});

describe('clinicalStudyProject: store', () => {
  it('loads into a fresh store and reads back the same values, DAGs and survey times', () => {
    const db = openDatabase(':memory:');
    const { projectId } = createProject(db, def, { source: 'demo:clinical-study' });
    const state = projectState(db, projectId)!;
    expect(state.events).toHaveLength(10);
    expect(state.info.is_longitudinal).toBe(1);
    expect(state.info.has_repeating_instruments_or_events).toBe(1);
    expect(state.info.surveys_enabled).toBe(1);
    const back = readDefinition(db, state);
    const key = (v: { record: string; event: string; field: string; instance: number; value: string }) =>
      `${v.record}|${v.event}|${v.field}|${v.instance}|${v.value}`;
    expect(back.values.map(key).sort()).toEqual(def.values.map(key).sort());
    const dagKey = (r: { record: string; dag: string }) => `${r.record}|${r.dag}`;
    expect(back.recordDags.map(dagKey).sort()).toEqual(def.recordDags.map(dagKey).sort());
    expect(back.surveyTimestamps?.length).toBe(def.surveyTimestamps?.length);
    db.close();
  });
});
