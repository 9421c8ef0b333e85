import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { IANAZone } from 'luxon';

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const flag = z
  .enum(['0', '1', 'true', 'false', ''])
  .optional()
  .transform((v) => v === '1' || v === 'true');

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MONGODB_URI: optionalString,
  DATA_DIR: z.string().default('./data'),
  JWT_SECRET: optionalString,
  JWT_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(1800),
  PUBLIC_BASE_URL: optionalString,
  ALLOW_DEV_LOGIN: flag,
  DEFAULT_TIMEZONE: z.string().default('Asia/Shanghai').refine((zone) => IANAZone.isValidZone(zone), 'must be an IANA time zone, e.g. Asia/Shanghai'),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(10 * 1024 * 1024).default(256 * 1024),
  /** Platform callbacks are small envelopes (a few KB); anything bigger is refused unread (413). */
  CALLBACK_BODY_LIMIT_BYTES: z.coerce.number().int().min(4096).max(1024 * 1024).default(64 * 1024),
  /**
   * How far a signed callback's timestamp may be from our clock. WeCom retries a callback 3 times,
   * 5 s apart, with the same timestamp, so anything under a minute would refuse genuine retries.
   */
  CALLBACK_MAX_SKEW_SECONDS: z.coerce.number().int().min(60).max(86_400).default(300),
  /** Per source IP on the callback routes: sustained rate and burst (token bucket). Generous: WeCom bursts on bulk changes. */
  CALLBACK_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(1200),
  CALLBACK_RATE_LIMIT_BURST: z.coerce.number().int().min(1).max(1_000_000).default(300),
  /** Reverse proxies in front of the service that append X-Forwarded-For; 0 = the socket's peer is the client. */
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  /** Where the nightly backup writes its archives (default `$DATA_DIR/backups`). */
  BACKUP_DIR: optionalString,
  /** Nightly backups kept, in days; 0 turns the nightly backup off. */
  BACKUP_KEEP_DAYS: z.coerce.number().int().min(0).max(3650).default(7),
  /** The largest CSV/XLSX an import accepts (bytes); a bigger upload is refused with 413. */
  IMPORT_MAX_BYTES: z.coerce.number().int().min(1024).max(1024 * 1024 * 1024).default(50 * 1024 * 1024),
  /** Bearer token for GET /metrics in production; unset → /metrics answers loopback only. */
  METRICS_TOKEN: optionalString,
  WORKERS_ENABLED: z
    .enum(['0', '1', 'true', 'false', ''])
    .optional()
    .transform((v) => v !== '0' && v !== 'false'),
  /** Attempts before an inbox event / outbox message is dead (admins can replay it). */
  INBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(8),
  OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(8),
  WECOM_CORP_ID: optionalString,
  WECOM_AGENT_ID: optionalString,
  WECOM_SECRET: optionalString,
  WECOM_TOKEN: optionalString,
  WECOM_AES_KEY: optionalString,
  WECOM_API_BASE: z.string().url().default('https://qyapi.weixin.qq.com'),
  DINGTALK_APP_KEY: optionalString,
  DINGTALK_APP_SECRET: optionalString,
  DINGTALK_AGENT_ID: optionalString,
  DINGTALK_ROBOT_CODE: optionalString,
  DINGTALK_TOKEN: optionalString,
  DINGTALK_AES_KEY: optionalString,
  DINGTALK_API_BASE: z.string().url().default('https://oapi.dingtalk.com'),
  DINGTALK_OPENAPI_BASE: z.string().url().default('https://api.dingtalk.com'),
  /** 1 = also receive DingTalk robot messages and events over a Stream (WebSocket) connection. */
  DINGTALK_STREAM_MODE: flag,
  /** Feishu/Lark self-built app; the event route is on when the Verification Token is set. */
  FEISHU_APP_ID: optionalString,
  FEISHU_APP_SECRET: optionalString,
  FEISHU_VERIFICATION_TOKEN: optionalString,
  /** When set, Feishu encrypts every callback (AES-256-CBC) and signs it (X-Lark-Signature). */
  FEISHU_ENCRYPT_KEY: optionalString,
  /** Lark (international): https://open.larksuite.com. */
  FEISHU_API_BASE: z.string().url().default('https://open.feishu.cn'),
  /** Slack app; the callback routes are on when the signing secret is set. */
  SLACK_SIGNING_SECRET: optionalString,
  /** Bot token (xoxb-…) for chat.postMessage and users.info. */
  SLACK_BOT_TOKEN: optionalString,
  SLACK_CLIENT_ID: optionalString,
  SLACK_CLIENT_SECRET: optionalString,
  SLACK_API_BASE: z.string().url().default('https://slack.com/api'),
  /** Master key sealing secrets at rest (platform access tokens, tenant credentials): 32 bytes, base64 or hex. */
  SECRETS_KEY: optionalString,
  SECRETS_KEY_ID: optionalString,
  /** Previous keys, `id:key,id:key`: still opened after a rotation, never used to seal. */
  SECRETS_OLD_KEYS: optionalString,
});

export type Env = z.infer<typeof envSchema>;

export interface Config extends Env {
  JWT_SECRET: string;
  PUBLIC_BASE_URL: string;
  /** True when JWT_SECRET was generated for this process (dev only). */
  jwtSecretGenerated: boolean;
  dataDir: string;
  backupDir: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads and validates the environment once at start-up; every problem is listed by variable name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const problems: string[] = [];
  if (e.NODE_ENV === 'production') {
    if (!e.JWT_SECRET) problems.push('JWT_SECRET is required in production');
    if (e.ALLOW_DEV_LOGIN) problems.push('ALLOW_DEV_LOGIN must not be set in production');
    // Outside production a per-data-directory key file stands in (src/secrets); production must not depend on a file.
    if (!e.SECRETS_KEY) problems.push('SECRETS_KEY is required in production (32 bytes: `openssl rand -base64 32`)');
  }
  if (e.METRICS_TOKEN && e.METRICS_TOKEN.length < 16) problems.push('METRICS_TOKEN must be at least 16 characters');
  problems.push(...secretsKeyProblems(e));
  if (e.JWT_SECRET && e.JWT_SECRET.length < 32) problems.push('JWT_SECRET must be at least 32 characters');
  if (e.WECOM_AES_KEY && !/^[A-Za-z0-9]{43}$/.test(e.WECOM_AES_KEY)) {
    problems.push('WECOM_AES_KEY must be 43 letters/digits (the EncodingAESKey from the WeCom console)');
  }
  if (e.DINGTALK_AES_KEY && !/^[A-Za-z0-9]{43}$/.test(e.DINGTALK_AES_KEY)) {
    problems.push('DINGTALK_AES_KEY must be 43 letters/digits');
  }
  if (e.FEISHU_VERIFICATION_TOKEN && (!e.FEISHU_APP_ID || !e.FEISHU_APP_SECRET)) {
    problems.push('FEISHU_APP_ID and FEISHU_APP_SECRET are required with FEISHU_VERIFICATION_TOKEN (replies need the app credentials)');
  }
  if (e.SLACK_BOT_TOKEN && !/^xox[bp]-/.test(e.SLACK_BOT_TOKEN)) problems.push('SLACK_BOT_TOKEN must be a bot token (xoxb-…)');
  if (problems.length > 0) throw new ConfigError(`invalid configuration:\n  ${problems.join('\n  ')}`);
  return {
    ...e,
    // Production refuses to start without a secret (above); dev gets a per-process one.
    ALLOW_DEV_LOGIN: e.NODE_ENV === 'production' ? false : e.ALLOW_DEV_LOGIN,
    JWT_SECRET: e.JWT_SECRET ?? randomBytes(32).toString('hex'),
    jwtSecretGenerated: !e.JWT_SECRET,
    PUBLIC_BASE_URL: (e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    dataDir: path.resolve(e.DATA_DIR),
    backupDir: path.resolve(e.BACKUP_DIR ?? path.join(e.DATA_DIR, 'backups')),
  };
}

/**
 * The format of the secrets keyring settings (the keys are parsed where they are used, in src/secrets;
 * config imports nothing of ours, so the format is checked here too). Messages never repeat a key.
 */
const SECRET_KEY_FORMAT = /^(?:[0-9a-fA-F]{64}|[A-Za-z0-9+/_-]{43}=?)$/;
const SECRET_KEY_ID_FORMAT = /^[A-Za-z0-9_-]{1,32}$/;

function secretsKeyProblems(e: Env): string[] {
  const problems: string[] = [];
  if (e.SECRETS_KEY && !SECRET_KEY_FORMAT.test(e.SECRETS_KEY)) problems.push('SECRETS_KEY must be 32 bytes, written as base64 or 64 hex characters');
  if (e.SECRETS_KEY_ID && !SECRET_KEY_ID_FORMAT.test(e.SECRETS_KEY_ID)) problems.push('SECRETS_KEY_ID must be 1-32 letters, digits, _ or -');
  const currentId = e.SECRETS_KEY ? (e.SECRETS_KEY_ID ?? 'k1') : 'dev';
  const seen = new Set([currentId]);
  (e.SECRETS_OLD_KEYS ?? '').split(',').filter((entry) => entry.trim() !== '').forEach((entry, i) => {
    const at = entry.indexOf(':');
    const id = entry.slice(0, Math.max(at, 0)).trim();
    if (!SECRET_KEY_ID_FORMAT.test(id) || !SECRET_KEY_FORMAT.test(entry.slice(at + 1).trim())) {
      problems.push(`SECRETS_OLD_KEYS entry ${i + 1} must be <id>:<32-byte key as base64 or hex>`);
    } else if (seen.has(id)) {
      problems.push(`SECRETS_OLD_KEYS entry ${i + 1} reuses the key id "${id}"`);
    } else {
      seen.add(id);
    }
  });
  return problems;
}

/** For entry points: a configuration problem is printed (each variable named) and ends the process with code 2. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
}
