import { describe, expect, it } from 'vitest';
import {
  armNumbers,
  positiveInteger,
  readStructureRows,
  renderStructure,
} from '../../../src/server/structure/structure-io.js';

describe('structure rows in and out', () => {
  it('reads json, csv and xml under any root element', () => {
    const expected = [
      { arm_num: '1', name: 'Arm A' },
      { arm_num: '2', name: 'B & C' },
    ];
    expect(readStructureRows('[{"arm_num":1,"name":"Arm A"},{"arm_num":2,"name":"B & C"}]', 'json')).toEqual(expected);
    expect(readStructureRows('arm_num,name\n1,"Arm A"\n2,"B & C"\n', 'csv')).toEqual(expected);
    for (const root of ['arms', 'records', 'items']) {
      const xml = `<?xml version="1.0" encoding="UTF-8" ?><${root}><item><arm_num>1</arm_num><name>Arm A</name></item><item><arm_num>2</arm_num><name><![CDATA[B & C]]></name></item></${root}>`;
      expect(readStructureRows(xml, 'xml')).toEqual(expected);
    }
    // One item, and a single JSON object, are one row.
    expect(readStructureRows('<arms><item><arm_num>3</arm_num><name>C</name></item></arms>', 'xml')).toEqual([
      { arm_num: '3', name: 'C' },
    ]);
    expect(readStructureRows('{"arm_num":4,"name":"D"}', 'json')).toEqual([{ arm_num: '4', name: 'D' }]);
    expect(readStructureRows('<arms></arms>', 'xml')).toEqual([]);
  });

  it('refuses missing or malformed data', () => {
    expect(() => readStructureRows(undefined, 'xml')).toThrow('The parameter "data" is missing or empty');
    expect(() => readStructureRows('<arms><item><name><b>x</b></name></item></arms>', 'xml')).toThrow(/holds elements/);
    expect(() => readStructureRows('[1,', 'json')).toThrow(/could not be parsed/);
  });

  it('renders rows with typed JSON and a named XML root', () => {
    const rows = [{ arm_num: 1, name: 'A & B' }];
    expect(renderStructure(rows, 'json', ['arm_num', 'name'], 'arms')).toBe('[{"arm_num":1,"name":"A & B"}]');
    expect(renderStructure(rows, 'csv', ['arm_num', 'name'], 'arms')).toBe('arm_num,name\n1,"A & B"\n');
    expect(renderStructure(rows, 'xml', ['arm_num', 'name'], 'arms')).toBe(
      '<?xml version="1.0" encoding="UTF-8" ?>\n<arms>\n<item><arm_num><![CDATA[1]]></arm_num><name><![CDATA[A & B]]></name></item>\n</arms>\n',
    );
    // XML items carry only the keys a row has (file repository listings).
    expect(renderStructure([{ doc_id: 3, name: 'f' }], 'xml', ['folder_id', 'doc_id', 'name'], 'items')).toContain(
      '<item><doc_id><![CDATA[3]]></doc_id><name>',
    );
  });

  it('checks numbers and arm lists', () => {
    expect(positiveInteger(' 7 ', 'arm_num', 1)).toBe(7);
    expect(() => positiveInteger('0', 'arm_num', 2)).toThrow(
      `The value '0' of "arm_num" on row 2 is not a valid number`,
    );
    expect(armNumbers(undefined)).toBeUndefined();
    expect(armNumbers(['1', '2'], [1, 2, 3])).toEqual([1, 2]);
    expect(() => armNumbers(['1', 'x', '9'], [1, 2])).toThrow(
      `The following values in the parameter "arms" are not valid: 'x', '9'`,
    );
  });
});
