import type { FlatXmlRecord } from '../parse-callback-xml.js';

/** A field's trimmed text, or undefined when absent or empty (WeCom sends empty CDATA for "none"). */
export function optionalField(fields: FlatXmlRecord, name: string): string | undefined {
  const value = fields[name]?.trim();
  return value ? value : undefined;
}

/** CreateTime (Unix seconds) → ISO string; falls back to the receipt time when absent or garbled. */
export function occurredAt(fields: FlatXmlRecord, receivedAt: Date): string {
  const seconds = Number(fields.CreateTime);
  if (Number.isSafeInteger(seconds) && seconds > 0) return new Date(seconds * 1000).toISOString();
  return receivedAt.toISOString();
}
