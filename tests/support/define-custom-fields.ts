import type { TestApp } from './test-app.js';

type FieldType = 'single' | 'multi' | 'text' | 'number' | 'date' | 'phone' | 'boolean';

/** Defines custom fields through the admin API (as an admin would), so customer writes may use them. */
export async function defineCustomFields(
  app: TestApp,
  adminToken: string,
  fields: Record<string, FieldType | { type: FieldType; options?: string[]; required?: boolean }>,
): Promise<void> {
  for (const [key, spec] of Object.entries(fields)) {
    const { type, options, required } = typeof spec === 'string' ? { type: spec, options: undefined, required: undefined } : spec;
    const body = {
      key,
      label: { zh: key, en: key },
      type,
      ...(options ? { options: options.map((value) => ({ value, label: { zh: value, en: value } })) } : {}),
      ...(required !== undefined ? { required } : {}),
    };
    const res = await app.request('POST', '/api/admin/custom-fields', { token: adminToken, body });
    if (res.status !== 201) throw new Error(`defining custom field ${key}: ${res.status} ${JSON.stringify(res.body)}`);
  }
}
