import { describe, expect, test } from 'vitest';
import { sent } from './sent.js';

describe('repeating instruments and events', () => {
  test('export and import', async () => {
    const rows = [
      { event_name: 'visit_arm_1', form_name: 'vitals', custom_form_label: '[date]' },
      { event_name: 'weekly_arm_1', form_name: '', custom_form_label: '' },
    ];
    const out = await sent((p) => p.exportRepeatingFormsEvents(), { body: rows });
    expect(out.params).toEqual({ content: 'repeatingFormsEvents', action: 'export', format: 'json' });
    expect(out.result).toEqual(rows);
    const imp = await sent((p) => p.importRepeatingFormsEvents(rows), { body: '2' });
    expect(imp.params).toEqual({
      content: 'repeatingFormsEvents',
      action: 'import',
      format: 'json',
      data: JSON.stringify(rows),
    });
    expect(imp.result).toBe(2);
  });
});
