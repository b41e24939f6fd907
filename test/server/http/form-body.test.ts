import { describe, expect, it } from 'vitest';
import { formPairs } from '../../../src/server/http/form-body.js';

const viaUrlSearchParams = (body: string) => [...new URLSearchParams(body)];

describe('formPairs', () => {
  it('reads what URLSearchParams reads, for bodies the fast path takes and those it hands on', () => {
    const bodies = [
      'token=ABC&content=record&data=a%2Cb%0A1%2C2',
      'data=%2B+plus+%26amp%3B&x=',
      'flag&&=empty-key&k=v=w',
      // Not UTF-8 once decoded, and a stray percent: decodeURIComponent refuses both.
      'data=%FF%FE&x=1',
      'data=100%&x=%zz',
      `data=${encodeURIComponent('Ж, ü, 漢字, 😀\r\n"q"')}`,
      // Raw UTF-8, not percent-encoded.
      'data=façade+ok',
      '',
    ];
    for (const body of bodies) expect(formPairs(Buffer.from(body, 'utf8')), body).toEqual(viaUrlSearchParams(body));
  });

  it('agrees with URLSearchParams on random bodies', () => {
    const alphabet = ['a', 'Z', '0', '+', '%', '%2', '%41', '%2B', '%C3%A9', '%E2%82', '=', '&', ' ', 'é', '~'];
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed;
    };
    for (let n = 0; n < 2000; n++) {
      let body = '';
      const length = next() % 24;
      for (let i = 0; i < length; i++) body += alphabet[next() % alphabet.length];
      expect(formPairs(Buffer.from(body, 'utf8')), body).toEqual(viaUrlSearchParams(body));
    }
  });
});
