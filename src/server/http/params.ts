import { ApiError } from './api-error.js';

/** A file sent as the multipart part named `file`. */
export interface UploadedFile {
  name: string;
  mimeType: string;
  data: Buffer;
}

/**
 * The parameters of one API call. Arrays arrive as indexed keys
 * (`records[0]=1`), as `records[]=1`, or (older clients) as one
 * comma-separated value; all three read the same.
 */
export class ApiParams {
  private readonly scalars = new Map<string, string>();
  private readonly arrays = new Map<string, string[]>();
  file?: UploadedFile;

  add(key: string, value: string): void {
    const m = /^([^[\]]+)\[([^\]]*)\](.*)$/.exec(key);
    if (m && m[3] === '') {
      const list = this.arrays.get(m[1]) ?? [];
      const index = m[2];
      if (index !== '' && /^\d+$/.test(index)) list[Number(index)] = value;
      else list.push(value);
      this.arrays.set(m[1], list);
      return;
    }
    this.scalars.set(key, value);
  }

  has(key: string): boolean {
    return this.scalars.has(key) || this.arrays.has(key);
  }

  /** A scalar parameter, or undefined when absent. */
  get(key: string): string | undefined {
    return this.scalars.get(key);
  }

  /** A scalar parameter with surrounding white space trimmed, or `fallback` when absent or blank. */
  text(key: string, fallback = ''): string {
    const v = this.scalars.get(key)?.trim();
    return v === undefined || v === '' ? fallback : v;
  }

  /** A `true`/`false`/`1`/`0` flag. */
  flag(key: string, fallback = false): boolean {
    const v = this.scalars.get(key)?.trim().toLowerCase();
    if (v === undefined || v === '') return fallback;
    return v === 'true' || v === '1' || v === 'yes';
  }

  /** An array parameter (sparse indexes dropped), or undefined when absent or empty. */
  list(key: string): string[] | undefined {
    const arr = this.arrays.get(key);
    if (arr) {
      const values = arr
        .filter((v) => v !== undefined)
        .map((v) => v.trim())
        .filter((v) => v !== '');
      return values.length ? values : undefined;
    }
    const scalar = this.scalars.get(key);
    if (scalar === undefined || scalar.trim() === '') return undefined;
    return scalar
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v !== '');
  }

  /** One value out of a fixed set, with REDCap's message for anything else. */
  choice<T extends string>(key: string, allowed: readonly T[], fallback: T): T {
    const v = this.text(key).toLowerCase();
    if (v === '') return fallback;
    const hit = allowed.find((a) => a.toLowerCase() === v);
    if (!hit) throw new ApiError(400, `The value of the parameter "${key}" is not valid`);
    return hit;
  }
}
