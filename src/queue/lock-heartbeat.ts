/**
 * Renews a claim's lock while the work runs, so a slow handler keeps its item and only a dead
 * process (no more heartbeats) lets the lock expire and another instance take the item over.
 */
export function keepLockAlive(lockMs: number, renew: () => Promise<unknown>, onError: (error: unknown) => void): () => void {
  const timer = setInterval(() => {
    renew().catch(onError);
  }, Math.max(50, Math.floor(lockMs / 3)));
  timer.unref();
  return () => clearInterval(timer);
}
