import type { FieldLookup, LogicContext } from '../../src/logic/index.js';

/**
 * A small in-memory record for tests. Keys are `field`, `event:field`,
 * `field#instance` or `event:field#instance`; a checkbox is the array of
 * its checked codes. Lookups record what was asked, so tests can check
 * which event and instance a reference resolved to.
 */
export interface MemoryContext extends LogicContext {
  lookups: { field: string; lookup: FieldLookup }[];
}

export function memoryContext(
  data: Record<string, string | string[]>,
  extra: Partial<Omit<LogicContext, 'value'>> = {},
): MemoryContext {
  const lookups: MemoryContext['lookups'] = [];
  const ctx: MemoryContext = {
    timeZone: 'UTC',
    ...extra,
    lookups,
    value(field, lookup) {
      lookups.push({ field, lookup: { ...lookup } });
      const event = lookup.event ?? ctx.event;
      const instance = lookup.instance ?? ctx.instance ?? 1;
      // Most specific first: a key without an instance holds for every
      // instance, one without an event for every event the logic does not name.
      const keys = [`${event}:${field}#${instance}`, `${event}:${field}`];
      if (lookup.event === undefined) keys.push(`${field}#${instance}`, field);
      const key = keys.find((k) => k in data);
      const stored = key === undefined ? undefined : data[key];
      if (lookup.code !== undefined) return Array.isArray(stored) && stored.includes(lookup.code) ? '1' : '0';
      if (Array.isArray(stored)) throw new Error(`checkbox ${field} read without a code`);
      return stored ?? '';
    },
  };
  return ctx;
}
