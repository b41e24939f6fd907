/** A refusal the server answers with REDCap's error shape and status. */
export class ApiError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
  }
}

export function badRequest(message: string): ApiError {
  return new ApiError(400, message);
}

export function forbidden(message: string): ApiError {
  return new ApiError(403, message);
}
