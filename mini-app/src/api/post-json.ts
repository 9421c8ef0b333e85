import { sendJson } from './http-client.js';

/** Unauthenticated JSON POST (login endpoints), with the same timeout as every other request. */
export async function postJson<T>(path: string, body: unknown): Promise<T> {
  return sendJson<T>('POST', path, body, null);
}
