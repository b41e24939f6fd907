import type { ApiUser } from '../auth/api-user.js';
import type { Db } from '../store/database.js';
import type { ProjectState } from '../store/project-state.js';
import { recordNames } from '../store/record-store.js';

/**
 * The name REDCap would give the next new record: one more than the
 * highest numeric record name; for a user in a DAG, `<group id>-<n>` with
 * n one more than the highest such number in use. `taken` holds names
 * already handed out in the same call.
 */
export function nextRecordName(
  db: Db,
  state: ProjectState,
  user: ApiUser,
  taken: ReadonlySet<string> = new Set(),
): string {
  const names = recordNames(db, state.id).concat([...taken]);
  if (user.groupId !== null) {
    const prefix = `${user.groupId}-`;
    let max = 0;
    for (const n of names) {
      if (n.startsWith(prefix) && /^\d+$/.test(n.slice(prefix.length)))
        max = Math.max(max, Number(n.slice(prefix.length)));
    }
    return `${prefix}${max + 1}`;
  }
  let max = 0n;
  for (const n of names) if (/^\d+$/.test(n) && BigInt(n) > max) max = BigInt(n);
  return String(max + 1n);
}
