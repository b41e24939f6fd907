import { describe, expect, test } from 'vitest';
import {
  bodyExcerpt,
  looksLikeHtml,
  mayNotBeTheAnswer,
  notTheApi,
  parseValueErrors,
  redcapErrorMessage,
  retryAfterMs,
  trailingRedcapError,
} from '../../src/api/classify.js';

describe('redcapErrorMessage', () => {
  test('finds REDCap errors in json, csv and xml shapes', () => {
    expect(redcapErrorMessage('{"error":"The value of the parameter \\"content\\" is not valid"}')).toBe(
      'The value of the parameter "content" is not valid',
    );
    expect(redcapErrorMessage('  {"error": "You do not have permissions to use the API"}\n')).toBe(
      'You do not have permissions to use the API',
    );
    expect(redcapErrorMessage('ERROR: You cannot export arms for classic projects')).toBe(
      'You cannot export arms for classic projects',
    );
    expect(
      redcapErrorMessage(
        '<?xml version="1.0" encoding="UTF-8" ?>\n<hash>\n  <error>The record &quot;-1&quot; does not exist</error>\n</hash>',
      ),
    ).toBe('The record "-1" does not exist');
  });

  test('leaves answers alone', () => {
    expect(redcapErrorMessage('[{"error":"x"}]')).toBeUndefined();
    expect(redcapErrorMessage('{"count":3}')).toBeUndefined();
    expect(redcapErrorMessage('{"error":3}')).toBeUndefined();
    expect(redcapErrorMessage('record_id,error\n1,x\n')).toBeUndefined();
    expect(redcapErrorMessage('<?xml version="1.0"?><records><item><error>x</error></item></records>')).toBeUndefined();
    expect(redcapErrorMessage('{"error":"cut')).toBeUndefined();
  });
});

describe('looksLikeHtml and trailingRedcapError', () => {
  const fatal =
    '<br />\n<b>Fatal error</b>:  Allowed memory size of 134217728 bytes exhausted in <b>/var/www/redcap/x.php</b> on line <b>12</b><br />\n' +
    '{"error":"REDCap ran out of server memory. The request cannot be processed."}';

  test('spots HTML pages and PHP error output, not XML or data', () => {
    expect(looksLikeHtml('<!DOCTYPE html><html><head><title>500 Internal Server Error</title></head></html>')).toBe(
      true,
    );
    expect(looksLikeHtml('<html><body>Bad gateway</body></html>')).toBe(true);
    expect(looksLikeHtml(fatal)).toBe(true);
    expect(looksLikeHtml('PHP Fatal error:  Uncaught Error')).toBe(true);
    expect(looksLikeHtml('<?xml version="1.0" encoding="UTF-8" ?>\n<records></records>')).toBe(false);
    expect(looksLikeHtml('<ODM xmlns="http://www.cdisc.org/ns/odm/v1.3">')).toBe(false);
    expect(looksLikeHtml('record_id,notes\n1,"<b>bold</b>"\n')).toBe(false);
    expect(looksLikeHtml('[{"notes":"<html>"}]')).toBe(false);
  });

  test('finds the REDCap error after a fatal error', () => {
    expect(trailingRedcapError(fatal)).toBe('REDCap ran out of server memory. The request cannot be processed.');
    expect(trailingRedcapError('<html>no json</html>')).toBeUndefined();
    expect(trailingRedcapError('{"error":"whole body"}')).toBeUndefined();
  });
});

describe('bodyExcerpt', () => {
  test('prefers an HTML title, strips tags, shortens', () => {
    expect(bodyExcerpt('<html><head><title>502 Bad Gateway</title></head><body><h1>Bad</h1></body></html>')).toBe(
      '502 Bad Gateway',
    );
    expect(bodyExcerpt('<p>Service <b>unavailable</b></p>\n\n  now')).toBe('Service unavailable now');
    expect(bodyExcerpt('x'.repeat(500), 50)).toBe(`${'x'.repeat(50)}…`);
  });
});

describe('parseValueErrors', () => {
  test('parses import validation lines', () => {
    const message =
      '"1","age","abc","The value you provided could not be validated because it does not follow the expected format. Please try again."\n' +
      '"2","dob","2024-13-01","The value you provided could not be validated, because it is not a valid date"';
    expect(parseValueErrors(message)).toEqual([
      {
        record: '1',
        field: 'age',
        value: 'abc',
        message:
          'The value you provided could not be validated because it does not follow the expected format. Please try again.',
      },
      {
        record: '2',
        field: 'dob',
        value: '2024-13-01',
        message: 'The value you provided could not be validated, because it is not a valid date',
      },
    ]);
  });

  test('is empty for other messages', () => {
    expect(parseValueErrors('You do not have API Import/Update privileges')).toEqual([]);
    expect(parseValueErrors('"a","b"')).toEqual([]);
  });
});

describe('retryAfterMs', () => {
  test('reads seconds and HTTP dates', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(10_000);
    expect(retryAfterMs(undefined)).toBeUndefined();
    expect(retryAfterMs('soon')).toBeUndefined();
  });
});

describe('notTheApi', () => {
  const apache501 =
    '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>501 Method Not Implemented</title>\n</head><body>\n<h1>Method Not Implemented</h1>\n</body></html>';

  test("spots a web server's answer to a path that is not the API, and a web page served with 200", () => {
    expect(notTheApi(501, apache501)).toBe(true);
    expect(notTheApi(404, '<html><head><title>404 Not Found</title></head></html>')).toBe(true);
    expect(notTheApi(405, '')).toBe(true);
    expect(notTheApi(200, '<!DOCTYPE html><html><head><title>REDCap: Log In</title></head><body>…</body></html>')).toBe(
      true,
    );
  });

  test('leaves API answers, server faults and PHP error output alone', () => {
    expect(notTheApi(200, '[{"record_id":"1"}]')).toBe(false);
    expect(notTheApi(200, '<?xml version="1.0" encoding="UTF-8" ?><records></records>')).toBe(false);
    expect(notTheApi(500, '<!DOCTYPE html><html><head><title>500 Internal Server Error</title></head></html>')).toBe(
      false,
    );
    expect(notTheApi(502, 'upstream connect error')).toBe(false);
    expect(notTheApi(200, '<br />\n<b>Warning</b>: something in <b>x.php</b><br />\n[{"record_id":"1"}]')).toBe(false);
    expect(
      notTheApi(200, '<html><body><b>Fatal error</b></body></html>{"error":"REDCap ran out of server memory."}'),
    ).toBe(false);
  });
});

describe('mayNotBeTheAnswer', () => {
  test.each([
    ['{"error":"x"}'],
    ['\uFEFF  <br />\n<b>Fatal error</b>'],
    ['ERROR: You do not have permissions'],
    ['<?xml version="1.0"?><hash><error>x</error></hash>'],
    ['Warning: include(): failed'],
    ['   \n\t'],
  ])('%j may be an error or a page', (head) => expect(mayNotBeTheAnswer(head)).toBe(true));
  test.each([['record_id,name\n1,a'], ['[{"record_id":"1"}]'], ['\uFEFFstudy_id;age\n']])('%j is an answer', (head) =>
    expect(mayNotBeTheAnswer(head)).toBe(false),
  );
});
