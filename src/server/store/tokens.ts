import { createHash, randomBytes } from 'node:crypto';

/** A project API token: 32 upper-case hex characters from a cryptographic source. */
export function newProjectToken(): string {
  return randomBytes(16).toString('hex').toUpperCase();
}

export const PROJECT_TOKEN = /^[0-9A-F]{32}$/;
export const SUPER_TOKEN = /^[0-9A-F]{64}$/;

/**
 * Tokens are looked up by their SHA-256, so no index or comparison ever
 * touches the secret itself: what a timing difference could reveal is a
 * prefix of a hash, which says nothing about the token.
 */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token.toUpperCase()).digest('hex');
}
