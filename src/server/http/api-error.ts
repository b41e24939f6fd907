import { Refusal } from '../refusal.js';

/** A refusal the server answers with REDCap's error shape and status. */
export class ApiError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
  }
}

const REFUSAL_STATUS = { invalid: 400, forbidden: 403 } as const;

/** The HTTP answer to an error, if it is one the server answers (anything else is a 500). */
export function apiErrorOf(err: unknown): ApiError | undefined {
  if (err instanceof ApiError) return err;
  if (err instanceof Refusal) return new ApiError(REFUSAL_STATUS[err.reason], err.message);
  return undefined;
}
