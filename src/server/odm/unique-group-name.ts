/**
 * REDCap's unique name of a data access group: the name lower-cased, spaces
 * turned into `_`, every other character outside a-z, 0-9 and `_` dropped,
 * cut to 18 characters (`New DAG` → `new_dag`, `dag-a` → `daga`, as real
 * REDCap exports show). REDCap makes a clashing name unique with a random
 * suffix; here the suffix is deterministic (`_2`, `_3`, … within the 18
 * characters) so that parsing the same file twice gives the same names.
 */
export function uniqueGroupName(name: string, taken: ReadonlySet<string>): string {
  const base =
    name
      .toLowerCase()
      .replace(/ /g, '_')
      .replace(/[^a-z0-9_]/g, '')
      .slice(0, 18) || 'dag';
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `_${n}`;
    const candidate = base.slice(0, 18 - suffix.length) + suffix;
    if (!taken.has(candidate)) return candidate;
  }
}
