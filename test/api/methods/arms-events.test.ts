import { describe, expect, test } from 'vitest';
import { sent } from './sent.js';

describe('arms and events', () => {
  test('exportArms / importArms / deleteArms', async () => {
    const arms = [
      { arm_num: 1, name: 'Drug A' },
      { arm_num: 2, name: 'Drug B' },
    ];
    const out = await sent((p) => p.exportArms({ arms: [2] }), { body: [arms[1]] });
    expect(out.params).toEqual({ content: 'arm', action: 'export', format: 'json', 'arms[0]': '2' });
    expect(out.result).toEqual([arms[1]]);
    const imp = await sent((p) => p.importArms(arms, { override: true }), { body: '2' });
    expect(imp.params).toEqual({
      content: 'arm',
      action: 'import',
      format: 'json',
      override: '1',
      data: JSON.stringify(arms),
    });
    expect(imp.result).toBe(2);
    const del = await sent((p) => p.deleteArms([2, 3]), { body: '2' });
    expect(del.params).toEqual({ content: 'arm', action: 'delete', format: 'json', 'arms[0]': '2', 'arms[1]': '3' });
    expect(del.result).toBe(2);
  });

  test('exportEvents / importEvents / deleteEvents', async () => {
    const event = {
      event_name: 'Baseline',
      arm_num: 1,
      unique_event_name: 'baseline_arm_1',
      custom_event_label: '',
      event_id: 41,
      days_offset: 0,
      offset_min: 0,
      offset_max: 0,
    };
    const out = await sent((p) => p.exportEvents(), { body: [event] });
    expect(out.params).toEqual({ content: 'event', action: 'export', format: 'json' });
    expect(out.result).toEqual([event]);
    const imp = await sent((p) => p.importEvents([{ event_name: 'Week 1', arm_num: 1 }], { override: false }), {
      body: '1',
    });
    expect(imp.params).toEqual({
      content: 'event',
      action: 'import',
      format: 'json',
      override: '0',
      data: '[{"event_name":"Week 1","arm_num":1}]',
    });
    const del = await sent((p) => p.deleteEvents(['week_1_arm_1']), { body: '1' });
    expect(del.params).toEqual({ content: 'event', action: 'delete', format: 'json', 'events[0]': 'week_1_arm_1' });
    expect(del.result).toBe(1);
  });

  test('csv answers are text', async () => {
    const out = await sent((p) => p.exportArms({ format: 'csv' }), {
      body: 'arm_num,name\n1,"Arm 1"\n',
      headers: { 'content-type': 'text/csv' },
    });
    expect(out.result).toBe('arm_num,name\n1,"Arm 1"\n');
  });
});
