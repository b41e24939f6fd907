import { describe, expect, it } from 'vitest';
import { formRightsText, renderObjects } from '../../../src/server/access/render-objects.js';

const rows = [{ username: 'a b', design: 1, forms: { f: 1, g: 0 } }];
const header = ['username', 'design', 'forms'];

describe('renderObjects', () => {
  it('keeps nested objects in JSON', () => {
    expect(renderObjects(rows, 'json', header)).toBe('[{"username":"a b","design":1,"forms":{"f":1,"g":0}}]');
  });

  it('writes nested objects as form:right lists in CSV', () => {
    expect(renderObjects(rows, 'csv', header)).toBe('username,design,forms\n"a b",1,"f:1,g:0"\n');
    expect(formRightsText({})).toBe('');
  });

  it('writes nested objects as child elements in XML, escaping text', () => {
    expect(renderObjects([{ username: 'x<y', design: '', forms: { f: 1 } }], 'xml', header)).toBe(
      '<?xml version="1.0" encoding="UTF-8" ?>\n<records>\n<item><username>x&lt;y</username><design></design><forms><f>1</f></forms></item>\n</records>\n',
    );
  });
});
