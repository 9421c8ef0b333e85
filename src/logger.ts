import pino, { type Logger } from 'pino';

export type { Logger };

/** JSON logs; anything that looks like a credential is redacted wherever it appears. */
export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { service: 'chatcrm' },
    redact: {
      paths: [
        'secret', '*.secret', 'token', '*.token', 'accessToken', '*.accessToken', 'access_token', '*.access_token',
        'password', '*.password', 'authorization', '*.authorization', 'headers.authorization',
        'req.headers.authorization', 'aesKey', '*.aesKey', 'appSecret', '*.appSecret', 'ticket', '*.ticket',
      ],
      censor: '[redacted]',
    },
  });
}
