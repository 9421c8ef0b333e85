const PHONE = /^\+?[\d\s\-()]{7,20}$/;

/** An argument that is a phone number rather than a name: "13800138000", "+86 138-0013-8000". */
export function looksLikePhone(text: string): boolean {
  return PHONE.test(text);
}
