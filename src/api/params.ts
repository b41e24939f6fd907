/**
 * REDCap's form parameters: scalars as text, arrays as indexed keys
 * (`records[0]=1&records[1]=2`), dates in REDCap's `YYYY-MM-DD HH:MM:SS`.
 */

export type ParamScalar = string | number | boolean | Date;
export type ParamValue = ParamScalar | readonly (string | number)[] | null | undefined;
export type Params = Readonly<Record<string, ParamValue>>;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** A Date as REDCap's server-local `YYYY-MM-DD HH:MM:SS` (the client's local time). */
export function redcapDateTime(date: Date, seconds = true): string {
  const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  const time = `${pad(date.getHours())}:${pad(date.getMinutes())}`;
  return seconds ? `${day} ${time}:${pad(date.getSeconds())}` : `${day} ${time}`;
}

function scalarText(value: ParamScalar): string {
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return redcapDateTime(value);
  return String(value);
}

/** `1`/`0` for the parameters REDCap reads as numbers rather than `true`/`false`. */
export function flag(value: boolean | undefined): number | undefined {
  return value === undefined ? undefined : value ? 1 : 0;
}

/**
 * Name/value pairs in order. `undefined` and `null` are left out; an array
 * becomes `name[0]`, `name[1]`, … (an empty array is left out, so callers
 * decide what "none" means before they get here).
 */
export function paramEntries(params: Params): [string, string][] {
  const out: [string, string][] = [];
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      value.forEach((item, i) => out.push([`${name}[${i}]`, String(item)]));
    } else {
      out.push([name, scalarText(value as ParamScalar)]);
    }
  }
  return out;
}

/** An `application/x-www-form-urlencoded` body. */
export function formBody(params: Params): string {
  return new URLSearchParams(paramEntries(params)).toString();
}
