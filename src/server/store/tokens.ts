import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A project API token: 32 upper-case hex characters from a cryptographic source. */
export function newProjectToken(): string {
  return randomBytes(16).toString('hex').toUpperCase();
}

/** A super API token: 64 upper-case hex characters. */
export function newSuperToken(): string {
  return randomBytes(32).toString('hex').toUpperCase();
}

export const PROJECT_TOKEN = /^[0-9A-F]{32}$/;
export const SUPER_TOKEN = /^[0-9A-F]{64}$/;

/**
 * Tokens are looked up by their SHA-256, so the database index never
 * compares the secret itself; the final comparison is constant-time.
 */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token.toUpperCase()).digest('hex');
}

export function sameToken(a: string, b: string): boolean {
  const x = createHash('sha256').update(a).digest();
  const y = createHash('sha256').update(b).digest();
  return timingSafeEqual(x, y);
}
