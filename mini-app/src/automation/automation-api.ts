import { createHttpClient } from '../api/http-client.js';
import { readLaunchParams } from '../platform/launch-params.js';
import { selectPlatform } from '../platform/select-platform.js';
import { createSession } from '../session/create-session.js';

export interface RuleDraft {
  name: string;
  enabled?: boolean;
  trigger: Record<string, unknown> & { type: string };
  conditions: { field: string; op: string; value: string | string[] }[];
  actions: { type: string; params: Record<string, unknown> }[];
}
export interface RuleView extends RuleDraft {
  id: string;
  enabled: boolean;
  maxRunsPerHour: number;
}
export interface DryRunView {
  matching: number;
  customers: { id: string; name: string; code: string; skipped: string[] }[];
  actions: string[];
  note: string;
}
export interface RunView {
  id: string;
  status: string;
  reason: string | null;
  at: string;
  results: { type: string; ok: boolean; text: string }[];
}

const BASE = '/api/admin/automation';

/** The admin automation page signs in like the dashboard and the import page. */
export function createAutomationApi(href: string) {
  const platform = selectPlatform(readLaunchParams(href));
  const http = createHttpClient({ tokens: createSession(platform), isOffline: () => platform.isOffline() });
  return {
    rules: async () => (await http.get<{ items: RuleView[] }>(`${BASE}/rules`)).items,
    create: (draft: RuleDraft) => http.post<RuleView>(`${BASE}/rules`, draft),
    setEnabled: (id: string, enabled: boolean) => http.post<RuleView>(`${BASE}/rules/${id}/enabled`, { enabled }),
    dryRun: (draft: RuleDraft) => http.post<DryRunView>(`${BASE}/dry-run`, draft),
    runs: async (id: string) => (await http.get<{ items: RunView[] }>(`${BASE}/rules/${id}/runs`)).items,
  };
}
