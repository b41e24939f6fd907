import { describe, expect, it } from 'vitest';
import { uniqueGroupName } from '../../../src/server/odm/unique-group-name.js';

describe('uniqueGroupName', () => {
  it("derives REDCap's unique DAG names", () => {
    const none = new Set<string>();
    expect(uniqueGroupName('dag-a', none)).toBe('daga');
    expect(uniqueGroupName('New DAG', none)).toBe('new_dag');
    expect(uniqueGroupName('dag_1', none)).toBe('dag_1');
    expect(uniqueGroupName('Hospital of the Holy Cross, Site 12', none)).toBe('hospital_of_the_ho');
  });

  it('keeps names unique within 18 characters', () => {
    const taken = new Set(['hospital_of_the_ho']);
    const next = uniqueGroupName('Hospital of the Holy Cross, Site 13', taken);
    expect(next).toBe('hospital_of_the__2');
    taken.add(next);
    expect(uniqueGroupName('Hospital of the Holy Cross, Site 14', taken)).toBe('hospital_of_the__3');
    expect(uniqueGroupName('!!!', new Set())).toBe('dag');
  });
});
