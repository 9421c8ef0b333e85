import { createHttpClient, toApiError } from '../api/http-client.js';
import { readLaunchParams } from '../platform/launch-params.js';
import { selectPlatform } from '../platform/select-platform.js';
import { createSession } from '../session/create-session.js';
import type { ImportKind } from './import-kind-fields.js';
import type { ImportView } from './import-types.js';

/** The admin import page signs in like the dashboard; files go up and reports come down as raw bytes. */
export function createImportsApi(href: string) {
  const launch = readLaunchParams(href);
  const platform = selectPlatform(launch);
  const tokens = createSession(platform);
  const http = createHttpClient({ tokens, isOffline: () => platform.isOffline() });

  async function raw(method: string, path: string, body?: Blob): Promise<Response> {
    const token = tokens.current() ?? (await tokens.renew());
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, 'x-chatcrm-client': 'sidebar' };
    if (body) headers['content-type'] = 'application/octet-stream';
    const res = await fetch(path, { method, headers, body });
    if (!res.ok) throw await toApiError(res);
    return res;
  }

  return {
    platform,
    async upload(file: File, kind: ImportKind = 'customers'): Promise<ImportView> {
      const res = await raw('POST', `/api/imports?name=${encodeURIComponent(file.name)}&kind=${kind}`, file);
      return (await res.json()) as ImportView;
    },
    preview: (id: string, body: { mapping: Record<string, string>; choices?: Record<string, string> }) => http.post<ImportView>(`/api/imports/${id}/preview`, body),
    start: (id: string) => http.post<ImportView>(`/api/imports/${id}/start`, {}),
    get: (id: string) => http.get<ImportView>(`/api/imports/${id}`),
    async report(view: ImportView): Promise<Blob> {
      return (await raw('GET', view.reportUrl!)).blob();
    },
  };
}
