import { describe, expect, it } from 'vitest';
import { readObjects } from '../../../src/server/access/read-objects.js';

describe('readObjects', () => {
  it('reads JSON arrays with nested objects, and a single object as one item', () => {
    expect(readObjects('[{"username":"a","design":1,"forms":{"f":1,"g":"0"}}]', 'json')).toEqual([
      { username: 'a', design: '1', forms: { f: '1', g: '0' } },
    ]);
    expect(readObjects('{"role_label":"x","api_export":null}', 'json')).toEqual([{ role_label: 'x', api_export: '' }]);
  });

  it('refuses lists inside items, non-objects and broken JSON', () => {
    expect(() => readObjects('[{"forms":[1]}]', 'json')).toThrow('The value of "forms" in item 1 is a list');
    expect(() => readObjects('[1]', 'json')).toThrow('Item 1 is not an object');
    expect(() => readObjects('[{', 'json')).toThrow('The JSON could not be parsed');
    expect(() => readObjects('  ', 'json')).toThrow('The parameter "data" is missing or empty');
  });

  it('reads CSV with trimmed header names and quoted form lists', () => {
    expect(readObjects(' username ,forms\nbob,"a:1,b:2"\n', 'csv')).toEqual([{ username: 'bob', forms: 'a:1,b:2' }]);
  });

  it('reads XML items under any root, nested elements as objects, empty items as empty objects', () => {
    const xml =
      '<?xml version="1.0" encoding="UTF-8" ?><users><item><username>bob</username><forms><a>1</a><b>0</b></forms></item><item></item></users>';
    expect(readObjects(xml, 'xml')).toEqual([{ username: 'bob', forms: { a: '1', b: '0' } }, {}]);
    expect(readObjects('<records><item><x>&lt;1&gt;</x></item></records>', 'xml')).toEqual([{ x: '<1>' }]);
    expect(readObjects('<records></records>', 'xml')).toEqual([]);
  });
});
