/** REDCap's stored time format, `YYYY-MM-DD HH:MM:SS` (UTC here). */
export function timestamp(d = new Date()): string {
  return d.toISOString().slice(0, 19).replace('T', ' ');
}
