import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formCompleteness } from '../../src/notebook/completeness.js';
import type { TypedFrame } from '../../src/frames/typed-frame.js';
import { clinicalFrame, htmlLabelFrame } from './fixtures.js';

describe('formCompleteness', () => {
  let frame: TypedFrame;
  let rows: Record<string, string>[];
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ frame, rows, close } = await clinicalFrame(12));
  });
  afterAll(() => close());

  it('counts form statuses per event as the raw export has them', () => {
    const c = formCompleteness(frame);
    const vitals = c.rows.find((r) => r.event === 'week_4_arm_1' && r.form === 'vitals')!;
    const raw = rows.filter((r) => r.redcap_event_name === 'week_4_arm_1' && r.redcap_repeat_instrument === '');
    expect(vitals).toMatchObject({
      eventLabel: 'Week 4 (arm 1)',
      formLabel: 'Vital signs',
      repeating: false,
      rows: raw.length,
      complete: raw.filter((r) => r.vitals_complete === '2').length,
      unverified: raw.filter((r) => r.vitals_complete === '1').length,
      incomplete: raw.filter((r) => r.vitals_complete === '0').length,
      notSaved: raw.filter((r) => r.vitals_complete === '').length,
    });
    expect(vitals.rows).toBeGreaterThan(0);
  });

  it('counts instances of repeating forms and events, and only designated forms', () => {
    const c = formCompleteness(frame);
    const aes = c.rows.find((r) => r.event === 'week_12_arm_2' && r.form === 'adverse_events')!;
    expect(aes.repeating).toBe(true);
    expect(aes.rows).toBe(
      rows.filter((r) => r.redcap_event_name === 'week_12_arm_2' && r.redcap_repeat_instrument === 'adverse_events')
        .length,
    );
    const calls = c.rows.find((r) => r.event === 'phone_follow_up_arm_1' && r.form === 'phone_call')!;
    expect(calls.repeating).toBe(true);
    expect(calls.rows).toBe(rows.filter((r) => r.redcap_event_name === 'phone_follow_up_arm_1').length);
    expect(c.rows.some((r) => r.event === 'phone_follow_up_arm_1' && r.form === 'vitals')).toBe(false);
  });

  it('renders a table, text and a stacked chart with a bar per status', async () => {
    const c = formCompleteness(frame);
    expect(c.toHTML()).toContain('data-rf="completeness"');
    expect(c.toHTML()).toContain('<td>Week 4 (arm 1)</td><td>Vital signs</td>');
    expect(c.toString().split('\n')[0]).toBe('Form completion');
    const chart = await c.chart();
    for (const status of ['Complete', 'Unverified', 'Incomplete', 'Not saved'])
      expect(chart.svg).toContain(`>${status}</text>`);
  });

  it('treats a classic project as one event', () => {
    const c = formCompleteness(htmlLabelFrame());
    expect(c.rows).toEqual([
      {
        event: '',
        eventLabel: '',
        form: 'visit',
        formLabel: 'Visit',
        rows: 5,
        repeating: false,
        complete: 3,
        unverified: 1,
        incomplete: 1,
        notSaved: 0,
      },
    ]);
  });
});
