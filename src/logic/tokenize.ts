import { LogicSyntaxError } from './errors.js';

/**
 * Tokens of REDCap logic. `text` is the source slice (for messages);
 * `value` is the decoded content of strings, the inside of brackets, and
 * the lower-cased spelling of words and operators.
 */
export type TokenKind = 'number' | 'string' | 'bracket' | 'word' | 'operator' | '(' | ')' | ',' | 'end';

export interface Token {
  kind: TokenKind;
  /** 0-based offset of the first character. */
  pos: number;
  /** The token as written. */
  text: string;
  value: string;
  /** Offset just past the token (adjacent brackets like `[event][field]` have next.pos === end). */
  end: number;
}

// Longest first, so `<=` is not read as `<` then `=`.
const OPERATORS = ['<>', '<=', '>=', '!=', '==', '&&', '||', '=', '<', '>', '+', '-', '*', '/', '^', '!'];
const NUMBER = /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?/y;
const WORD = /[A-Za-z_][A-Za-z0-9_]*/y;

function isSpace(c: string): boolean {
  // Logic pasted from documents often carries non-breaking spaces.
  return c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v' || c === '\u00a0';
}

/** Splits logic into tokens, ending with one `end` token. Throws LogicSyntaxError. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (isSpace(c)) {
      i++;
      continue;
    }
    const start = i;
    if (c === '"' || c === "'") {
      i = readString(text, i, tokens);
      continue;
    }
    if (c === '[') {
      const close = text.indexOf(']', i + 1);
      const open = text.indexOf('[', i + 1);
      if (close < 0 || (open >= 0 && open < close)) {
        const stop = open >= 0 ? open : n;
        throw new LogicSyntaxError('"[" is never closed by "]"', start, text.slice(start, Math.min(stop, start + 20)));
      }
      i = close + 1;
      tokens.push({
        kind: 'bracket',
        pos: start,
        text: text.slice(start, i),
        value: text.slice(start + 1, close),
        end: i,
      });
      continue;
    }
    if (c === ']') throw new LogicSyntaxError('"]" without a matching "["', start, ']');
    if (c === '(' || c === ')' || c === ',') {
      i++;
      tokens.push({ kind: c, pos: start, text: c, value: c, end: i });
      continue;
    }
    NUMBER.lastIndex = i;
    const num = NUMBER.exec(text);
    if (num) {
      i += num[0].length;
      if (!Number.isFinite(Number(num[0]))) throw new LogicSyntaxError('number is too large', start, num[0]);
      tokens.push({ kind: 'number', pos: start, text: num[0], value: num[0], end: i });
      continue;
    }
    WORD.lastIndex = i;
    const word = WORD.exec(text);
    if (word) {
      i += word[0].length;
      tokens.push({ kind: 'word', pos: start, text: word[0], value: word[0].toLowerCase(), end: i });
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (op) {
      i += op.length;
      tokens.push({ kind: 'operator', pos: start, text: op, value: op, end: i });
      continue;
    }
    const ch = String.fromCodePoint(text.codePointAt(i)!);
    throw new LogicSyntaxError(`unexpected character ${JSON.stringify(ch)}`, start, ch);
  }
  tokens.push({ kind: 'end', pos: n, text: '', value: '', end: n });
  return tokens;
}

/**
 * Reads a quoted string starting at `start`. A backslash escapes the quote
 * character or another backslash; any other backslash is kept as written
 * (so Windows paths and regex-like text survive).
 */
function readString(text: string, start: number, tokens: Token[]): number {
  const quote = text[start];
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\' && (text[i + 1] === quote || text[i + 1] === '\\')) {
      value += text[i + 1];
      i += 2;
      continue;
    }
    if (c === quote) {
      i++;
      tokens.push({ kind: 'string', pos: start, text: text.slice(start, i), value, end: i });
      return i;
    }
    value += c;
    i++;
  }
  const shown = text.slice(start, Math.min(text.length, start + 20));
  throw new LogicSyntaxError(`text starting with ${quote} is never closed (missing ${quote})`, start, shown);
}
