import { describe, expect, test } from 'vitest';
import { checkToken, normaliseApiUrl } from '../../src/api/endpoint.js';
import { isRedcapUsageError } from '../../src/api/errors.js';

describe('normaliseApiUrl', () => {
  test.each([
    ['https://redcap.example.org', 'https://redcap.example.org/api/'],
    ['https://redcap.example.org/', 'https://redcap.example.org/api/'],
    ['https://redcap.example.org/redcap', 'https://redcap.example.org/redcap/api/'],
    ['https://redcap.example.org/redcap/api', 'https://redcap.example.org/redcap/api/'],
    ['https://redcap.example.org/redcap/api/', 'https://redcap.example.org/redcap/api/'],
    ['https://redcap.example.org/redcap/api//', 'https://redcap.example.org/redcap/api/'],
    ['https://redcap.example.org/redcap/api/help/', 'https://redcap.example.org/redcap/api/'],
    ['  http://127.0.0.1:8080/API/  ', 'http://127.0.0.1:8080/API/'],
  ])('%s → %s', (input, expected) => {
    expect(normaliseApiUrl(input)).toBe(expected);
  });

  test('rejects what is not an http(s) URL, without showing credentials', () => {
    expect(() => normaliseApiUrl('redcap.example.org')).toThrow(/not a valid URL/);
    expect(() => normaliseApiUrl('ftp://redcap.example.org')).toThrow(/https:\/\/ or http:\/\//);
    let message = '';
    try {
      normaliseApiUrl('https://me:secret@redcap.example.org/api/?token=ABC');
    } catch (e) {
      expect(isRedcapUsageError(e)).toBe(true);
      message = (e as Error).message;
    }
    expect(message).toMatch(/query/);
    expect(message).not.toContain('secret');
    expect(message).not.toContain('ABC');
  });
});

describe('checkToken', () => {
  const token = '0123456789ABCDEF0123456789ABCDEF';

  test('accepts 32 hexadecimal characters and trims whitespace', () => {
    expect(checkToken(token)).toBe(token);
    expect(checkToken(` ${token}\n`)).toBe(token);
    expect(checkToken(token.toLowerCase())).toBe(token.toLowerCase());
    expect(checkToken(token + token, 'super')).toBe(token + token);
  });

  test('says what is wrong without showing the token', () => {
    const bad = [
      token.slice(0, 31),
      `${token.slice(0, 31)}Z`,
      `${token.slice(0, 16)} ${token.slice(17)}`,
      token + token,
    ];
    for (const candidate of bad) {
      let message = '';
      try {
        checkToken(candidate);
      } catch (e) {
        expect(isRedcapUsageError(e)).toBe(true);
        message = (e as Error).message;
      }
      expect(message).toMatch(/does not look like one/);
      expect(message).not.toContain(candidate.trim());
      expect(message).not.toContain(token.slice(0, 12));
    }
  });

  test('names the problem', () => {
    expect(() => checkToken(token.slice(0, 31))).toThrow(/31 characters instead of 32/);
    expect(() => checkToken(`${token.slice(0, 31)}Z`)).toThrow(/other than 0-9 and A-F/);
    expect(() => checkToken(token + token)).toThrow(/super token/);
    expect(() => checkToken(token, 'super')).toThrow(/instead of 64/);
    expect(() => checkToken('')).toThrow(/missing/);
    expect(() => checkToken(undefined)).toThrow(/missing/);
  });
});
