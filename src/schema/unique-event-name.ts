/**
 * REDCap's unique event name: the label lower-cased, every character other
 * than a-z and 0-9 replaced by `_`, cut to 18 characters, then `_arm_<n>`
 * (`Deadline to opt out of study` in arm 2 → `deadline_to_opt_ou_arm_2`).
 * A name already taken gets a letter suffix: `…_arm_1b`, `…_arm_1c`, ….
 */
export function uniqueEventName(label: string, armNum: number, taken: ReadonlySet<string>): string {
  const base = `${label
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '_')
    .slice(0, 18)}_arm_${armNum}`;
  if (!taken.has(base)) return base;
  // REDCap's suffixes run b, c, …; past z (never seen in practice) keep counting in letters.
  for (let n = 1; ; n++) {
    const candidate = base + letterSuffix(n);
    if (!taken.has(candidate)) return candidate;
  }
}

/** 1 → b, 2 → c, …, 25 → z, 26 → ba, …: base-26 digits a–z, never a bare `a`. */
function letterSuffix(n: number): string {
  let out = '';
  let k = n;
  while (k > 0) {
    out = String.fromCharCode(97 + (k % 26)) + out;
    k = Math.floor(k / 26);
  }
  return out;
}
