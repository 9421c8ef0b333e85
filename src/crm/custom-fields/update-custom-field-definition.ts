import type { Actor } from '../actor.js';
import { invalidField, NotFound } from '../../errors.js';
import { CustomFieldDefinition, type CustomFieldDefinitionDoc } from '../models/custom-field-definition.js';
import { parseInput } from '../../parse-input.js';
import { recordAudit } from '../record-audit.js';
import { saveOrConflict } from '../deals/save-or-conflict.js';
import { updateCustomFieldDefinitionSchema, type UpdateCustomFieldDefinitionInput } from './custom-field-definition-input.js';
import { listCustomFieldDefinitions } from './list-custom-field-definitions.js';
import { assertCan } from '../permissions/access-of.js';

/** Relabels, reorders, changes options or (archived: true) retires a field; key and type stay. */
export async function updateCustomFieldDefinition(
  actor: Actor,
  key: string,
  rawPatch: UpdateCustomFieldDefinitionInput,
): Promise<CustomFieldDefinitionDoc> {
  const patch = parseInput(updateCustomFieldDefinitionSchema, rawPatch);
  assertCan(actor, 'settings', 'admin', 'only admins define custom fields');
  await listCustomFieldDefinitions(actor.tenantId);
  const definition = await CustomFieldDefinition.findOne({ tenantId: actor.tenantId, key });
  if (!definition) throw new NotFound('custom field');
  const before = definition.toObject();

  if (patch.options !== undefined) {
    if (definition.type !== 'single' && definition.type !== 'multi') {
      throw invalidField('options', `a ${definition.type} field has no options`);
    }
    const given = new Set(patch.options.map((o) => o.value));
    const dropped = definition.options.filter((o) => !given.has(o.value)).map((o) => ({ value: o.value, label: o.label, archived: true }));
    const next = [...patch.options.map((o) => ({ ...o, archived: o.archived ?? false })), ...dropped];
    if (!next.some((o) => !o.archived)) throw invalidField('options', 'at least one option must stay offered');
    definition.set('options', next);
  }
  for (const field of ['label', 'required', 'order', 'segmentation', 'archived'] as const) {
    if (patch[field] !== undefined) definition.set(field, patch[field]);
  }
  if (!definition.isModified()) return definition;
  await saveOrConflict(definition);
  await recordAudit(actor, { action: 'custom_field.update', entity: 'custom_field', entityId: definition._id, before, after: definition.toObject() });
  return definition;
}
