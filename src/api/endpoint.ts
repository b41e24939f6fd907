/**
 * The API URL and token checks done before anything is sent.
 */
import { RedcapUsageError } from './errors.js';
import { displayUrl } from './redact.js';

/**
 * `https://host/redcap`, `…/redcap/`, `…/redcap/api` and `…/redcap/api/`
 * all become `https://host/redcap/api/`, the one URL REDCap answers on.
 */
export function normaliseApiUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    throw new RedcapUsageError(
      `The REDCap URL is not a valid URL: "${displayUrl(url)}". Give the server's address, e.g. https://redcap.example.org/api/.`,
    );
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new RedcapUsageError(`The REDCap URL must start with https:// or http://, not ${parsed.protocol}//.`);
  }
  if (parsed.search || parsed.hash) {
    throw new RedcapUsageError(
      `The REDCap URL must not have a query or fragment: "${displayUrl(`${parsed.origin}${parsed.pathname}`)}?…".`,
    );
  }
  let path = parsed.pathname.replace(/\/+$/, '');
  // Users paste the API help page or index.php as often as the API URL itself.
  path = path.replace(/\/api\/help(\/.*)?$/i, '/api').replace(/\/api\/index\.php$/i, '/api');
  if (!/\/api$/i.test(path)) path += '/api';
  parsed.pathname = `${path}/`;
  return parsed.toString();
}

export type TokenKind = 'project' | 'super';

const TOKEN_LENGTH: Record<TokenKind, number> = { project: 32, super: 64 };

/**
 * Checks a token's shape (hexadecimal, 32 characters for a project token,
 * 64 for a super token) and returns it without surrounding whitespace.
 * The message says what is wrong without showing any of the token.
 */
export function checkToken(token: unknown, kind: TokenKind = 'project'): string {
  const name = kind === 'super' ? 'super API token' : 'API token';
  if (typeof token !== 'string' || token.trim() === '') {
    throw new RedcapUsageError(
      `The ${name} is missing: pass it as a string (REDCap shows it on the project's API page).`,
    );
  }
  const trimmed = token.trim();
  const expected = TOKEN_LENGTH[kind];
  const problems: string[] = [];
  if (trimmed.length !== expected) problems.push(`it has ${trimmed.length} characters instead of ${expected}`);
  if (/\s/.test(trimmed)) problems.push('it contains whitespace');
  else if (!/^[0-9A-Fa-f]*$/.test(trimmed)) problems.push('it contains characters other than 0-9 and A-F');
  if (problems.length > 0) {
    const hint =
      kind === 'project' && trimmed.length === 64
        ? ' (a 64-character token is a super token, used only by Project.create)'
        : '';
    throw new RedcapUsageError(
      `The ${name} does not look like one: ${problems.join(' and ')}${hint}. REDCap ${name}s are ${expected} hexadecimal characters.`,
    );
  }
  return trimmed;
}
