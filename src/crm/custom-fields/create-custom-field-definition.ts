import type { Actor } from '../actor.js';
import { CustomFieldDefinition, type CustomFieldDefinitionDoc } from '../models/custom-field-definition.js';
import { parseInput } from '../../parse-input.js';
import { recordAudit } from '../record-audit.js';
import { saveOrConflict } from '../deals/save-or-conflict.js';
import { createCustomFieldDefinitionSchema, type CreateCustomFieldDefinitionInput } from './custom-field-definition-input.js';
import { listCustomFieldDefinitions } from './list-custom-field-definitions.js';
import { assertCan } from '../permissions/access-of.js';

/** Admins define the tenant's custom fields; a key is unique per tenant, archived ones included. */
export async function createCustomFieldDefinition(actor: Actor, rawInput: CreateCustomFieldDefinitionInput): Promise<CustomFieldDefinitionDoc> {
  const input = parseInput(createCustomFieldDefinitionSchema, rawInput);
  assertCan(actor, 'settings', 'admin', 'only admins define custom fields');
  // Seeds the defaults first, so a new tenant's first definition does not stand in for them.
  await listCustomFieldDefinitions(actor.tenantId);
  const definition = new CustomFieldDefinition({ tenantId: actor.tenantId, ...input, options: input.options ?? [] });
  await saveOrConflict(definition, { key: 'key', field: 'key', message: `"${input.key}" already exists` });
  await recordAudit(actor, { action: 'custom_field.create', entity: 'custom_field', entityId: definition._id, before: null, after: definition.toObject() });
  return definition;
}
