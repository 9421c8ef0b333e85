export class TimeoutError extends Error {
  override name = 'TimeoutError';
}

/**
 * Rejects when `work` has not settled within `ms`. The work itself cannot be cancelled and may
 * still finish later; callers guard their follow-up writes (the lock token) so a late finish
 * changes nothing.
 */
export async function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`${what} did not finish within ${ms} ms`)), ms);
    timer.unref();
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
