import { describe, expect, it } from 'vitest';
import { uniqueEventName } from '../../src/schema/unique-event-name.js';
import { parseOdm } from '../../src/server/odm/parse-odm.js';
import { fixtureXml, ODM_FIXTURES } from '../server/odm/fixtures.js';

describe('uniqueEventName', () => {
  it('gives every fixture event its real unique name', () => {
    let checked = 0;
    for (const name of ODM_FIXTURES) {
      const taken = new Set<string>();
      for (const event of parseOdm(fixtureXml(name)).events) {
        expect(uniqueEventName(event.event_name, event.arm_num, taken), `${name}: ${event.event_name}`).toBe(
          event.unique_event_name,
        );
        taken.add(event.unique_event_name);
        checked++;
      }
    }
    expect(checked).toBe(18);
  });

  it('lower-cases, turns non-alphanumerics into _, cuts to 18 characters and adds the arm', () => {
    const none = new Set<string>();
    expect(uniqueEventName('Deadline to opt out of study', 2, none)).toBe('deadline_to_opt_ou_arm_2');
    expect(uniqueEventName('Visit #1 (baseline)', 1, none)).toBe('visit__1__baseline_arm_1');
    expect(uniqueEventName('Визит 1', 3, none)).toBe('______1_arm_3');
    expect(uniqueEventName('Week 12', 10, none)).toBe('week_12_arm_10');
  });

  it('adds a letter when the name is taken', () => {
    const taken = new Set(['visit_arm_1']);
    const second = uniqueEventName('Visit', 1, taken);
    expect(second).toBe('visit_arm_1b');
    taken.add(second);
    expect(uniqueEventName('visit', 1, taken)).toBe('visit_arm_1c');
    // Another arm does not clash.
    expect(uniqueEventName('Visit', 2, taken)).toBe('visit_arm_2');
    const many = new Set(['e_arm_1', ...'bcdefghijklmnopqrstuvwxyz'.split('').map((c) => `e_arm_1${c}`)]);
    expect(uniqueEventName('E', 1, many)).toBe('e_arm_1ba');
  });
});
