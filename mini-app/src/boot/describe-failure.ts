import { ApiError, NetworkError } from '../api/http-client.js';
import { PlatformError, type PlatformFailure } from '../platform/sidebar-platform.js';

export type FailureKind = PlatformFailure | 'network' | 'notFound' | 'forbidden' | 'error';

export interface Failure {
  kind: FailureKind;
  reason?: string;
  /** Whether a retry button can help (it cannot when an admin must change settings first). */
  retryable: boolean;
}

/** Maps whatever stopped the boot to the screen that explains it. Never a blank page. */
export function describeFailure(err: unknown): Failure {
  if (err instanceof PlatformError) {
    return {
      kind: err.kind,
      reason: err.reason,
      retryable: err.kind === 'agentConfigFailed' || err.kind === 'authFailed',
    };
  }
  if (err instanceof NetworkError) return { kind: 'network', reason: err.message, retryable: true };
  if (err instanceof ApiError) {
    const reason = `${err.status} ${err.code}: ${err.message}`;
    if (err.status === 401) return { kind: 'authFailed', reason, retryable: true };
    if (err.status === 403) return { kind: 'forbidden', reason, retryable: false };
    if (err.status === 404) return { kind: 'notFound', reason, retryable: true };
    return { kind: 'error', reason, retryable: true };
  }
  return { kind: 'error', reason: err instanceof Error ? err.message : String(err), retryable: true };
}
