const MAX_LENGTH = 1_000;

// Credentials travel in query strings and JSON bodies of platform APIs (access_token=…, "secret":"…");
// an error message quoting a URL or a response must not carry them into the database or the logs.
const SECRET_IN_QUERY = /\b(access_token|accesstoken|token|secret|appsecret|corpsecret|app_secret|key|aeskey|signature|sign|ticket|password)=([^&\s"']+)/gi;
const SECRET_IN_JSON = /"(access_token|accessToken|token|secret|appSecret|corpsecret|app_secret|aesKey|signature|sign|ticket|password)"\s*:\s*"[^"]*"/g;
const BEARER = /\b(Bearer)\s+[A-Za-z0-9._~+/=-]+/g;

/** A short, secret-free description of a failure, fit to store as `lastError` and show to admins. */
export function describeFailure(error: unknown): string {
  let text: string;
  if (error instanceof Error) {
    text = error.name && error.name !== 'Error' ? `${error.name}: ${error.message}` : error.message;
  } else if (typeof error === 'string') {
    text = error;
  } else {
    text = `non-error thrown: ${Object.prototype.toString.call(error)}`;
  }
  text = text
    .replace(SECRET_IN_QUERY, '$1=[redacted]')
    .replace(SECRET_IN_JSON, '"$1":"[redacted]"')
    .replace(BEARER, '$1 [redacted]');
  return text.length > MAX_LENGTH ? `${text.slice(0, MAX_LENGTH - 1)}…` : text;
}
