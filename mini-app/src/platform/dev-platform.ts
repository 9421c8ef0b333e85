import { ApiError } from '../api/http-client.js';
import { postJson } from '../api/post-json.js';
import type { DevLaunch } from './launch-params.js';
import { PlatformError, type SidebarPlatform } from './sidebar-platform.js';

/**
 * Dev mode: identity from `POST /api/auth/dev` (exists only when the server runs with
 * ALLOW_DEV_LOGIN=1) and a stubbed WeCom context. `simulate` reproduces the failures that
 * the real JS-SDK reports, with the same errMsg texts, so their screens can be tested.
 */
export function createDevPlatform(launch: DevLaunch): SidebarPlatform {
  let offline = launch.simulate.has('network');
  // A token the server will reject, so the first request exercises silent re-authentication.
  let initialToken: string | null = launch.simulate.has('expired') ? 'simulated.expired.token' : null;

  return {
    mode: 'dev',
    assertHost() {
      if (launch.simulate.has('notInWeCom')) {
        throw new PlatformError('notInWeCom', 'navigator.userAgent has no wxwork (simulated)');
      }
    },
    storedToken() {
      const t = initialToken;
      initialToken = null;
      return t;
    },
    async login() {
      try {
        const body: { userId: string; role?: string; name?: string } = { userId: launch.userId };
        if (launch.role) body.role = launch.role;
        if (launch.name) body.name = launch.name;
        const { token } = await postJson<{ token: string }>('/api/auth/dev', body);
        return token;
      } catch (err) {
        if (err instanceof ApiError && (err.status === 404 || err.status === 405)) {
          throw new PlatformError('devLoginDisabled', `POST /api/auth/dev → ${err.status}`);
        }
        throw err;
      }
    },
    async currentExternalContact() {
      if (launch.simulate.has('agentConfigFail')) {
        throw new PlatformError('agentConfigFailed', 'agentConfig:fail invalid signature (simulated)');
      }
      if (launch.simulate.has('noPermission')) {
        throw new PlatformError('noPermission', 'getCurExternalContact:fail no permission (simulated)');
      }
      if (launch.simulate.has('noContext') || !launch.externalUserId) {
        throw new PlatformError(
          'noContactContext',
          'getCurExternalContact:fail without context of external contact (entry: normal)',
        );
      }
      return launch.externalUserId;
    },
    isOffline: () => offline,
    onRetry() {
      offline = false;
    },
  };
}
