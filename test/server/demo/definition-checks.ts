import { compileLogic, evaluateValue, logicResultText } from '../../../src/logic/index.js';
import type { ProjectDefinition, RecordValue } from '../../../src/server/project-definition.js';
import {
  checkValue,
  compileField,
  completeFieldRule,
  parseMissingDataCodes,
  type FieldRule,
} from '../../../src/values/index.js';

/**
 * Checks a project definition the way REDCap would judge its data: every
 * value must be a valid value of its field (or a missing-data code), sit
 * in an event its form is designated for, and repeat only where the
 * project says something repeats. Returns one line per problem.
 */
export function definitionProblems(def: ProjectDefinition): string[] {
  const problems: string[] = [];
  const rules = new Map<string, FieldRule>();
  for (const row of def.dictionary) rules.set(row.field_name, compileField(row));
  const forms = new Set(def.instruments.map((i) => i.instrument_name));
  for (const row of def.dictionary)
    if (!forms.has(row.form_name))
      problems.push(`field ${row.field_name}: form "${row.form_name}" is not an instrument`);
  for (const form of forms) rules.set(`${form}_complete`, completeFieldRule(form));
  const missingCodes = new Set(parseMissingDataCodes(def.info.missing_data_codes).map((c) => c.code));
  const longitudinal = def.events.length > 0;
  const events = new Set(def.events.map((e) => e.unique_event_name));
  const designated = new Set(def.mappings.map((m) => `${m.unique_event_name}/${m.form}`));
  const repeatingForms = new Set(
    def.repeating.filter((r) => r.form_name !== '').map((r) => `${r.event_name}/${r.form_name}`),
  );
  const repeatingEvents = new Set(def.repeating.filter((r) => r.form_name === '').map((r) => r.event_name));
  const armOf = new Map(def.events.map((e) => [e.unique_event_name, e.arm_num]));
  const recordArm = new Map<string, number>();
  const seen = new Set<string>();

  for (const m of def.mappings) {
    if (!events.has(m.unique_event_name)) problems.push(`mapping names unknown event ${m.unique_event_name}`);
    if (!forms.has(m.form)) problems.push(`mapping names unknown form ${m.form}`);
    if (armOf.get(m.unique_event_name) !== m.arm_num)
      problems.push(`mapping ${m.unique_event_name}/${m.form} has the wrong arm ${m.arm_num}`);
  }
  for (const r of def.repeating) {
    if (longitudinal ? !events.has(r.event_name) : r.event_name !== 'event_1_arm_1')
      problems.push(`repeating entry names unknown event ${r.event_name}`);
    if (r.form_name !== '' && !forms.has(r.form_name))
      problems.push(`repeating entry names unknown form ${r.form_name}`);
    if (r.form_name !== '' && longitudinal && !designated.has(`${r.event_name}/${r.form_name}`))
      problems.push(`repeating form ${r.form_name} is not designated for ${r.event_name}`);
  }

  const where = (v: RecordValue) =>
    `record ${v.record}, event "${v.event}", field ${v.field}, instance ${v.instance}, value ${JSON.stringify(v.value)}`;
  for (const v of def.values) {
    const rule = rules.get(v.field);
    if (!rule) {
      problems.push(`${where(v)}: no such field`);
      continue;
    }
    if (v.value === '') problems.push(`${where(v)}: blank values are not stored`);
    if (longitudinal) {
      if (!events.has(v.event)) problems.push(`${where(v)}: unknown event`);
      else if (!designated.has(`${v.event}/${rule.form}`))
        problems.push(`${where(v)}: form ${rule.form} is not designated for this event`);
      const arm = armOf.get(v.event);
      if (arm !== undefined) {
        if (!recordArm.has(v.record)) recordArm.set(v.record, arm);
        else if (recordArm.get(v.record) !== arm) problems.push(`${where(v)}: record has data in two arms`);
      }
    } else if (v.event !== '') {
      problems.push(`${where(v)}: a classic project's values have no event`);
    }
    const repeats =
      repeatingForms.has(`${v.event || 'event_1_arm_1'}/${rule.form}`) ||
      repeatingEvents.has(v.event || 'event_1_arm_1');
    if (!Number.isInteger(v.instance) || v.instance < 1) problems.push(`${where(v)}: bad instance`);
    else if (v.instance > 1 && !repeats) problems.push(`${where(v)}: instance above 1 where nothing repeats`);

    const key = `${v.record}\u0000${v.event}\u0000${v.field}\u0000${v.instance}${rule.type === 'checkbox' ? `\u0000${v.value}` : ''}`;
    if (seen.has(key)) problems.push(`${where(v)}: stored twice`);
    seen.add(key);

    let problem: string | null;
    if (rule.type === 'checkbox') problem = rule.byCode.has(v.value) ? null : 'not an option code of the checkbox';
    else if (rule.type === 'file') {
      problem = def.files.some(
        (f) =>
          f.record === v.record &&
          f.event === v.event &&
          f.field === v.field &&
          f.instance === v.instance &&
          f.name === v.value,
      )
        ? null
        : 'no stored file of that name';
    } else problem = checkValue(rule, v.value, { missingCodes });
    if (problem) problems.push(`${where(v)}: ${problem}`);
  }

  const dags = new Set(def.dags.map((d) => d.unique_group_name));
  const dagged = new Set<string>();
  for (const rd of def.recordDags) {
    if (!dags.has(rd.dag)) problems.push(`record ${rd.record}: unknown DAG ${rd.dag}`);
    if (dagged.has(rd.record)) problems.push(`record ${rd.record}: in two DAGs`);
    dagged.add(rd.record);
  }
  for (const f of def.files) {
    if (rules.get(f.field)?.type !== 'file') problems.push(`file ${f.name}: ${f.field} is not a file field`);
    if (
      !def.values.some(
        (v) =>
          v.record === f.record &&
          v.event === f.event &&
          v.field === f.field &&
          v.instance === f.instance &&
          v.value === f.name,
      )
    ) {
      problems.push(`file ${f.name}: the field holds no value naming it`);
    }
  }
  for (const s of def.surveys) if (!forms.has(s.form)) problems.push(`survey on unknown form ${s.form}`);
  for (const t of def.surveyTimestamps ?? []) {
    if (!def.surveys.some((s) => s.form === t.form))
      problems.push(`survey timestamp on ${t.form}, which is not a survey`);
    if (t.timestamp !== '[not completed]' && !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(t.timestamp))
      problems.push(`survey timestamp ${t.timestamp} is malformed`);
  }
  return problems;
}

/** The records of a definition, in first-seen order. */
export function recordsOf(def: ProjectDefinition): string[] {
  return [...new Set(def.values.map((v) => v.record))];
}

/**
 * Every calc field evaluated with the server's logic engine on each row
 * (record, event, instance) holding data on the calc's form, compared with
 * the stored value. Returns mismatches and the number of values compared.
 */
export function calcMismatches(def: ProjectDefinition): { compared: number; mismatches: string[] } {
  const calcs = def.dictionary
    .filter((r) => r.field_type === 'calc')
    .map((r) => ({ field: r.field_name, form: r.form_name, logic: compileLogic(r.select_choices_or_calculations) }));
  const formOf = new Map(def.dictionary.map((r) => [r.field_name, r.form_name]));
  const rows = new Map<string, Map<string, string>>();
  for (const v of def.values) {
    const key = `${v.record}\u0000${v.event}\u0000${v.instance}`;
    let row = rows.get(key);
    if (!row) rows.set(key, (row = new Map()));
    row.set(v.field, v.value);
  }
  const mismatches: string[] = [];
  let compared = 0;
  for (const [key, row] of rows) {
    const [record, event, instance] = key.split('\u0000');
    for (const calc of calcs) {
      const formHasData = [...row.keys()].some((f) => formOf.get(f) === calc.form);
      if (!formHasData) continue;
      const expected = logicResultText(
        evaluateValue(calc.logic, {
          value: (field) => row.get(field) ?? '',
          record,
          event,
          instance: Number(instance),
          timeZone: 'UTC',
        }),
      );
      const stored = row.get(calc.field) ?? '';
      compared++;
      if (expected !== stored)
        mismatches.push(
          `record ${record}, event "${event}", instance ${instance}: ${calc.field} stored ${JSON.stringify(stored)}, formula gives ${JSON.stringify(expected)}`,
        );
    }
  }
  return { compared, mismatches };
}
