import type { TokenSource } from '../api/http-client.js';
import type { SidebarPlatform } from '../platform/sidebar-platform.js';

/** Holds the JWT for this page; concurrent 401s share one re-authentication. */
export function createSession(platform: SidebarPlatform): TokenSource {
  let token: string | null = null;
  let restored = false;
  let inflight: Promise<string> | null = null;
  return {
    current() {
      if (!restored) {
        restored = true;
        token = platform.storedToken();
      }
      return token;
    },
    renew() {
      inflight ??= platform
        .login()
        .then((t) => {
          token = t;
          return t;
        })
        .finally(() => {
          inflight = null;
        });
      return inflight;
    },
  };
}
