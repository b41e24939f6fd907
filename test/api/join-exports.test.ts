import { describe, expect, test } from 'vitest';
import { csvHeaderEndOf } from '../../src/api/csv-batches.js';
import { joinCsv, joinXml } from '../../src/api/join-exports.js';

describe('joinCsv', () => {
  test('keeps the header once and rows in order', () => {
    expect(joinCsv(['id,a\n1,x\n2,y\n', 'id,a\n3,z\n', '', 'id,a\n4,w\n'])).toBe('id,a\n1,x\n2,y\n3,z\n4,w\n');
  });

  test('headers with quoted line breaks (label headers) are skipped whole', () => {
    const header = 'id,"Age\n(years)"\n';
    expect(csvHeaderEndOf(Buffer.from(`${header}1,3\n`))).toBe(header.length);
    expect(joinCsv([`${header}1,3\n`, `${header}2,"multi\nline"\n`])).toBe(`${header}1,3\n2,"multi\nline"\n`);
  });

  test('parts without a final line break still join on separate lines', () => {
    expect(joinCsv(['id\r\n1', 'id\r\n2'])).toBe('id\r\n1\n2');
  });

  test('refuses parts whose headers differ', () => {
    expect(() => joinCsv(['id,a\n1,x\n', 'id,b\n2,y\n'])).toThrow(/headers differ/);
  });

  test('all empty parts give an empty text', () => {
    expect(joinCsv(['', '\n'])).toBe('');
  });
});

describe('joinXml', () => {
  const doc = (items: string) => `<?xml version="1.0" encoding="UTF-8" ?>\n<records>\n${items}</records>\n`;

  test('one root around every batch item, in order', () => {
    const a = doc('<item><id>1</id></item>\n<item><id>2</id></item>\n');
    const b = doc('<item><id>3</id></item>\n');
    expect(joinXml([a, b])).toBe(doc('<item><id>1</id></item>\n<item><id>2</id></item>\n<item><id>3</id></item>\n'));
  });

  test('empty batches (self-closing or blank roots) add nothing', () => {
    const a = doc('<item><id>1</id></item>\n');
    expect(joinXml(['<?xml version="1.0"?>\n<records/>', a, doc('')])).toBe(a);
    expect(joinXml(['<?xml version="1.0"?>\n<records/>'])).toBe('<?xml version="1.0"?>\n<records/>');
  });

  test('refuses what is not XML', () => {
    expect(() => joinXml(['not xml'])).toThrow(/not an XML document/);
  });
});
