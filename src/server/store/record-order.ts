const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'variant' });

/**
 * REDCap's record order: numeric ids by value, everything else in natural
 * order (`2` before `10`, `20-2` before `20-10`).
 */
export function compareRecords(a: string, b: string): number {
  const an = /^\d+$/.test(a);
  const bn = /^\d+$/.test(b);
  if (an && bn) {
    const x = a.replace(/^0+(?=\d)/, '');
    const y = b.replace(/^0+(?=\d)/, '');
    if (x.length !== y.length) return x.length - y.length;
    if (x !== y) return x < y ? -1 : 1;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}
