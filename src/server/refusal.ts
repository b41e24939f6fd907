/**
 * The server's domain error: the project refuses a request, because the
 * input is wrong or the caller lacks a right. It knows nothing of HTTP:
 * src/server/http answers it in REDCap's error shape with the status REDCap
 * uses (400, 403).
 */
export type RefusalReason = 'invalid' | 'forbidden';

export class Refusal extends Error {
  constructor(
    readonly reason: RefusalReason,
    message: string,
  ) {
    super(message);
    this.name = 'Refusal';
  }
}

/** Input REDCap would not accept (HTTP 400). */
export function badRequest(message: string): Refusal {
  return new Refusal('invalid', message);
}

/** A right the caller does not have (HTTP 403). */
export function forbidden(message: string): Refusal {
  return new Refusal('forbidden', message);
}
