import { createHttpClient } from '../api/http-client.js';
import { readLaunchParams } from '../platform/launch-params.js';
import { selectPlatform } from '../platform/select-platform.js';
import { createSession } from '../session/create-session.js';

export type StageKind = 'open' | 'won' | 'lost';
export interface StageSetting {
  key: string;
  names: { zh: string; en: string | null };
  kind: StageKind;
  aliases?: string[];
}
export interface Schedule {
  time: string;
  weekdays: number[];
}
export interface TenantSettings {
  stages: StageSetting[];
  levels: string[];
  sources: string[];
  tagGroups: { name: string; tags: string[] }[];
  contactCycles: { level: string; days: number }[];
  numbering: { customers: string; contracts: string; tickets: string };
  timezone: string;
  workingHours: { weekdays: number[]; start: string; end: string };
  digestDefaults: { daily: Schedule; weekly: Schedule; morning: Schedule };
}
export type SettingsView = TenantSettings & { stageUsage: Record<string, number> };

/** The admin settings page signs in like the other admin pages. */
export function createSettingsApi(href: string) {
  const platform = selectPlatform(readLaunchParams(href));
  const http = createHttpClient({ tokens: createSession(platform), isOffline: () => platform.isOffline() });
  return {
    load: () => http.get<SettingsView>('/api/admin/settings'),
    save: (settings: Partial<TenantSettings>) => http.put<SettingsView>('/api/admin/settings', settings),
  };
}
