import { describe, expect, it } from 'vitest';
import { RIGHT_NAMES } from '../../../src/server/auth/rights.js';
import { applyRightsPatch, formRightsOf, noRights, readRightsPatch } from '../../../src/server/access/rights-import.js';

const ctx = { owner: 'user "u"', forms: ['intake', 'survey'], surveyForms: new Set(['survey']) };
const identity = new Set(['username']);

describe('readRightsPatch', () => {
  it('reads rights and per-form rights from JSON-like objects and CSV lists', () => {
    expect(
      readRightsPatch(
        { username: 'u', design: '1', user_rights: '2', forms: { intake: '2' }, forms_export: 'survey:3' },
        identity,
        ctx,
      ),
    ).toEqual({
      rights: { design: 1, user_rights: 2 },
      forms: { intake: 2 },
      formsExport: { survey: 3 },
    });
  });

  it('leaves blank rights and blank form lists out, and ignores rights other REDCap versions export', () => {
    expect(
      readRightsPatch(
        { username: 'u', design: ' ', forms: '', mycap_participants: '1', data_export: '2' },
        identity,
        ctx,
      ),
    ).toEqual({ rights: {} });
  });

  it('accepts edit-survey-responses (3) only on survey forms', () => {
    expect(readRightsPatch({ forms: 'survey:3' }, identity, ctx).forms).toEqual({ survey: 3 });
    expect(() => readRightsPatch({ forms: 'intake:3' }, identity, ctx)).toThrow('cannot be 3 (edit survey responses)');
  });

  it('refuses levels REDCap does not have, malformed lists, unknown forms and attributes', () => {
    expect(() => readRightsPatch({ lock_records: '3' }, identity, ctx)).toThrow(
      'The "lock_records" right of user "u" is not valid: "3" (it must be 0 or 1 or 2)',
    );
    expect(() => readRightsPatch({ design: '1.0' }, identity, ctx)).toThrow('"design" right');
    expect(() => readRightsPatch({ design: { a: '1' } }, identity, ctx)).toThrow('must be a number');
    expect(() => readRightsPatch({ forms: 'intake' }, identity, ctx)).toThrow('must be written form_name:right');
    expect(() => readRightsPatch({ forms: 'other:1' }, identity, ctx)).toThrow(
      'names an instrument that does not exist in the project: "other"',
    );
    expect(() => readRightsPatch({ forms_export: { intake: '' } }, identity, ctx)).toThrow(
      'for instrument "intake" is not valid',
    );
    expect(() => readRightsPatch({ desing: '1', apiexport: '1' }, identity, ctx)).toThrow(
      'The following attributes of user "u" are not valid: desing, apiexport',
    );
  });
});

describe('rights helpers', () => {
  it('applies a patch over stored rights, merging per-form maps', () => {
    const base = noRights(['intake', 'survey']);
    const next = applyRightsPatch(base, { rights: { api_export: 1 }, forms: { survey: 1 } });
    expect(next.api_export).toBe(1);
    expect(next.design).toBe(0);
    expect(next.forms).toEqual({ intake: 0, survey: 1 });
    expect(base.forms.survey).toBe(0);
  });

  it('lists every form, with a default for forms the stored rights do not name', () => {
    expect(formRightsOf({ b: 2 }, ['a', 'b', 'c'])).toEqual({ a: 1, b: 2, c: 1 });
    expect(formRightsOf({}, ['a'], 0)).toEqual({ a: 0 });
  });

  it('starts new users and roles with no access at all', () => {
    const none = noRights(['f']);
    for (const r of RIGHT_NAMES) expect(none[r]).toBe(0);
    expect(none.forms_export).toEqual({ f: 0 });
  });
});
