import { describe, expect, it } from 'vitest';
import { ApiError, apiErrorOf } from '../../src/server/http/api-error.js';
import { Refusal, badRequest, forbidden } from '../../src/server/refusal.js';

describe('refusals', () => {
  it('are domain errors without an HTTP status, mapped by the HTTP layer to REDCap’s 400 and 403', () => {
    const invalid = badRequest('The data dictionary is empty');
    const denied = forbidden('You do not have Create Record privileges');
    expect(invalid).toBeInstanceOf(Refusal);
    expect(invalid).not.toBeInstanceOf(ApiError);
    expect('status' in invalid).toBe(false);
    expect([apiErrorOf(invalid)?.status, apiErrorOf(invalid)?.message]).toEqual([400, 'The data dictionary is empty']);
    expect([apiErrorOf(denied)?.status, apiErrorOf(denied)?.message]).toEqual([
      403,
      'You do not have Create Record privileges',
    ]);
  });

  it('leave the HTTP layer’s own errors as they are and anything else unanswered (a 500)', () => {
    const tooLarge = new ApiError(413, 'too large');
    expect(apiErrorOf(tooLarge)).toBe(tooLarge);
    expect(apiErrorOf(new Error('bug'))).toBeUndefined();
  });
});
