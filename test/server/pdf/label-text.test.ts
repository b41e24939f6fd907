import { describe, expect, it } from 'vitest';
import { pipeFields, plainText } from '../../../src/server/pdf/label-text.js';
import { transliterate } from '../../../src/server/pdf/transliterate.js';

describe('label text for print', () => {
  it('turns rich-text labels into plain lines', () => {
    expect(plainText('<p><strong>Please</strong> answer&nbsp;below.</p><p>Thank&#39;s &amp; bye &#x263A;</p>')).toBe(
      "Please answer below.\nThank's & bye ☺",
    );
    expect(plainText('One<br>Two<br/>Three')).toBe('One\nTwo\nThree');
    expect(plainText('<ul><li>a</li><li>b</li></ul>')).toBe('• a\n• b');
    expect(plainText('<style>p{color:red}</style>Shown   text')).toBe('Shown text');
    expect(plainText('5 &lt; 6 &unknown; ok')).toBe('5 < 6 &unknown; ok');
  });

  it('pipes fields, event-qualified fields and raw values; blanks print as a line', () => {
    const values: Record<string, string> = { name: 'Ann', sex: 'Female', empty: '' };
    const lookup = (field: string, event: string | undefined, raw: boolean) =>
      field in values ? (raw && field === 'sex' ? '0' : `${event ? `${event}:` : ''}${values[field]}`) : undefined;
    expect(pipeFields('Hello [name], [sex] / [sex:value]', lookup)).toBe('Hello Ann, Female / 0');
    expect(pipeFields('[baseline_arm_1][name]', lookup)).toBe('baseline_arm_1:Ann');
    expect(pipeFields('Note: [empty] [not_a_field]', lookup)).toBe('Note: ______ [not_a_field]');
  });

  it('transliterates Cyrillic and Greek, keeping capitals', () => {
    expect([...'Щука'].map((c) => transliterate(c)).join('')).toBe('Shchuka');
    expect(transliterate('Ж')).toBe('Zh');
    expect(transliterate('ъ')).toBe('');
    expect(transliterate('Ω')).toBe('O');
    expect(transliterate('\u2264')).toBe('<=');
    expect(transliterate('漢')).toBeUndefined();
  });
});
