import type { Types } from 'mongoose';
import { isDuplicateKeyError } from '../../db/is-duplicate-key-error.js';
import { CustomFieldDefinition, type CustomFieldDefinitionDoc } from '../models/custom-field-definition.js';
import { DEFAULT_CUSTOM_FIELDS } from './default-custom-fields.js';

/**
 * A tenant's custom fields in display order (archived ones only when asked). The defaults are
 * seeded on the first read: definitions are archived, never deleted, so "none yet" means "never
 * seeded", and the unique (tenantId, key) index makes concurrent first reads seed once.
 */
export async function listCustomFieldDefinitions(
  tenantId: Types.ObjectId,
  options: { includeArchived?: boolean } = {},
): Promise<CustomFieldDefinitionDoc[]> {
  await seedDefaultCustomFields(tenantId);
  const filter = options.includeArchived ? { tenantId } : { tenantId, archived: false };
  return CustomFieldDefinition.find(filter).sort({ order: 1, key: 1 });
}

async function seedDefaultCustomFields(tenantId: Types.ObjectId): Promise<void> {
  if (await CustomFieldDefinition.exists({ tenantId })) return;
  try {
    await CustomFieldDefinition.insertMany(
      DEFAULT_CUSTOM_FIELDS.map((d) => ({ ...d, tenantId })),
      { ordered: false },
    );
  } catch (error) {
    if (!isDuplicateKeyError(error) && !isBulkOfDuplicates(error)) throw error;
  }
}

function isBulkOfDuplicates(error: unknown): boolean {
  const writeErrors = (error as { writeErrors?: unknown[] }).writeErrors;
  return Array.isArray(writeErrors) && writeErrors.every((e) => isDuplicateKeyError((e as { err?: unknown }).err ?? e));
}
