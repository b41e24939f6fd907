import { table } from 'arquero';
import { describe, expect, it } from 'vitest';
import { diffImport } from '../../src/write/import-diff.js';
import { tableToImportRows } from '../../src/write/table-to-import.js';
import { LONGITUDINAL, mixedSchema } from './projects.js';

const schema = mixedSchema(LONGITUDINAL);
const { rows } = tableToImportRows(
  table({
    record_id: ['1', '1', '2'],
    redcap_event_name: ['baseline_arm_1', 'follow_up_arm_1', 'baseline_arm_1'],
    age: [30, null, null],
    name: ['Ann', null, 'Ben'],
    symptoms: [['Cough'], [], null],
  }),
  schema,
);

const CURRENT = [
  'record_id,redcap_event_name,name,age,symptoms___1,symptoms___2',
  '1,baseline_arm_1,Ann,29,0,1',
  '1,follow_up_arm_1,,,1,0',
].join('\n');

describe('diffImport', () => {
  it('counts added, changed and unchanged cells; blanks leave values', () => {
    const diff = diffImport(rows, CURRENT, { erase: false });
    expect(diff.cells.map((c) => [c.record, c.event, c.field, c.old, c.new, c.change])).toEqual([
      ['1', 'baseline_arm_1', 'age', '29', '30', 'changed'],
      ['1', 'baseline_arm_1', 'symptoms___1', '0', '1', 'added'],
      ['1', 'baseline_arm_1', 'symptoms___2', '1', '0', 'changed'],
      ['1', 'follow_up_arm_1', 'symptoms___1', '1', '0', 'changed'],
      ['2', 'baseline_arm_1', 'name', '', 'Ben', 'added'],
    ]);
    expect([diff.added, diff.changed, diff.erased, diff.unchanged, diff.records]).toEqual([2, 3, 0, 2, 2]);
    expect(diff.newRecords).toEqual(['2']);
    expect(diff.byField().get('symptoms___1')).toEqual({ added: 1, changed: 1, erased: 0 });
    expect(diff.toString()).toMatch(/^5 cells would change in 2 records \(1 new\)/);
    expect(diff.toHTML()).toContain('<td>symptoms___2</td>');
    expect(JSON.parse(JSON.stringify(diff)).cells).toHaveLength(5);
  });

  it('counts the stored values blanks erase when erasing', () => {
    const diff = diffImport(rows, CURRENT, { erase: true });
    // Record 2 is new: nothing to erase there; checkbox blanks erase a checked option only.
    expect(diff.erased).toBe(0);
    const blanks = tableToImportRows(
      table({
        record_id: ['1', '1'],
        redcap_event_name: ['baseline_arm_1', 'follow_up_arm_1'],
        name: [null, null],
        symptoms: [null, null],
      }),
      schema,
    ).rows;
    const erasing = diffImport(blanks, CURRENT, { erase: true });
    expect(erasing.cells.map((c) => [c.event, c.field, c.old, c.change])).toEqual([
      ['baseline_arm_1', 'name', 'Ann', 'erased'],
      ['baseline_arm_1', 'symptoms___2', '1', 'erased'],
      ['follow_up_arm_1', 'symptoms___1', '1', 'erased'],
    ]);
    expect(diffImport(blanks, CURRENT, { erase: false }).total).toBe(0);
  });

  it('keeps at most `limit` cells but counts them all', () => {
    const diff = diffImport(rows, CURRENT, { erase: false, limit: 2 });
    expect(diff.cells).toHaveLength(2);
    expect(diff.truncated).toBe(true);
    expect(diff.total).toBe(5);
  });
});
