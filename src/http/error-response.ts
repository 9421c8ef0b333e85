import { CrmError, type CrmErrorKind } from '../errors.js';
import { TooManyRequests } from './http-errors.js';

export interface ErrorResponse {
  status: number;
  code: string;
  message: string;
  details?: unknown;
  /** Unexpected errors are logged in full and answered with a generic message. */
  unexpected: boolean;
  /** Extra response headers (Retry-After). */
  headers?: Record<string, string>;
  /**
   * Close the connection after answering: the request body was not read to its end, so the
   * socket still holds its remaining bytes and cannot carry another request.
   */
  closeConnection?: boolean;
}

const STATUS_BY_KIND: Record<CrmErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unavailable: 503,
  too_large: 413,
  gone: 410,
};

/** The one mapping from any thrown error to an HTTP status and the public error body. */
export function toErrorResponse(error: unknown): ErrorResponse {
  if (error instanceof CrmError) {
    const response: ErrorResponse = { status: STATUS_BY_KIND[error.kind], code: error.kind, message: error.message, details: error.details, unexpected: false };
    // An upload refused part way: the rest of its bytes are still on the socket.
    return error.kind === 'too_large' ? { ...response, closeConnection: true } : response;
  }
  if (error instanceof TooManyRequests) {
    return { status: 429, code: 'rate_limited', message: error.message, unexpected: false, headers: { 'Retry-After': String(error.retryAfterSeconds) } };
  }
  const e = error as { name?: string; code?: number | string; status?: number; expose?: boolean; message?: string; type?: string };
  if (e?.type === 'entity.too.large' || e?.status === 413) {
    return { status: 413, code: 'payload_too_large', message: 'request body too large', unexpected: false, closeConnection: true };
  }
  if (e?.name === 'CastError' || e?.name === 'ValidationError' || e?.name === 'StrictModeError') {
    return { status: 400, code: 'invalid', message: 'invalid input', unexpected: false };
  }
  if (e?.code === 11000) return { status: 409, code: 'conflict', message: 'duplicate record', unexpected: false };
  if (
    e?.name === 'MongoServerSelectionError' ||
    e?.name === 'MongoNetworkError' ||
    e?.name === 'MongoNotConnectedError' ||
    e?.name === 'MongooseServerSelectionError'
  ) {
    return { status: 503, code: 'unavailable', message: 'database unavailable, try again', unexpected: false };
  }
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500 && e.expose) {
    return { status: e.status, code: e.status === 404 ? 'not_found' : 'invalid', message: e.message ?? 'bad request', unexpected: false };
  }
  return { status: 500, code: 'internal', message: 'internal error', unexpected: true };
}
