import { ref } from 'vue';
import { Locale } from 'vant';
import enUS from 'vant/es/locale/lang/en-US';
import { en } from './en.js';
import { zhCN, type Messages } from './zh-CN.js';

export type LocaleCode = 'zh-CN' | 'en';

const STORAGE_KEY = 'chatcrm.sidebar.lang';
export const locale = ref<LocaleCode>('zh-CN');
export const messages = ref<Messages>(zhCN);

export function setLocale(code: LocaleCode): void {
  locale.value = code;
  messages.value = code === 'en' ? en : zhCN;
  document.documentElement.lang = code;
  document.title = messages.value.appTitle;
  if (code === 'en') Locale.use('en-US', enUS);
  else Locale.use('zh-CN');
  try {
    localStorage.setItem(STORAGE_KEY, code);
  } catch {
    // Storage may be disabled in the webview; the choice then lasts for this page only.
  }
}

/** zh-CN unless the URL (`lang=en`) or an earlier choice says English. */
export function initialLocale(fromUrl: string | undefined): LocaleCode {
  const wanted = fromUrl ?? safeStored();
  return wanted && wanted.toLowerCase().startsWith('en') ? 'en' : 'zh-CN';
}

function safeStored(): string | undefined {
  try {
    return localStorage.getItem(STORAGE_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

/** `{name}` placeholders. */
export function fill(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? `{${k}}`));
}
