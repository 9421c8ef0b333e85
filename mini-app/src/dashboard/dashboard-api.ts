import { createHttpClient } from '../api/http-client.js';
import { readLaunchParams } from '../platform/launch-params.js';
import { selectPlatform } from '../platform/select-platform.js';
import { createSession } from '../session/create-session.js';
import type { DashboardView, PipelineView } from './dashboard-types.js';

/**
 * The dashboard signs in exactly like the sidebar (WeCom OAuth, or `?devUser=` when the server
 * allows dev login) and shares its HTTP client; it only needs no client context from the JS-SDK.
 */
export type DashboardApi = ReturnType<typeof createDashboardApi>;

export function createDashboardApi(href: string) {
  const launch = readLaunchParams(href);
  const platform = selectPlatform(launch);
  const http = createHttpClient({ tokens: createSession(platform), isOffline: () => platform.isOffline() });
  return {
    platform,
    lang: launch.lang,
    dashboard: () => http.get<DashboardView>('/api/dashboard'),
    pipeline: () => http.get<PipelineView>('/api/dashboard/pipeline'),
  };
}
