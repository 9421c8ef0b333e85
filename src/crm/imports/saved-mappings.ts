import { z } from 'zod';
import { NotFound } from '../../errors.js';
import { parseInput } from '../../parse-input.js';
import type { Actor } from '../actor.js';
import { requireImportAdmin } from './find-import.js';
import { ImportMapping } from './import-mapping-model.js';
import { columnMappingSchema, type ColumnMapping } from './import-mapping.js';

export const savedMappingSchema = z.object({ name: z.string().trim().min(1, 'must not be empty').max(60), mapping: columnMappingSchema }).strict();

export interface SavedMappingView {
  name: string;
  mapping: ColumnMapping;
  updatedAt: string;
}

/** Saves (or replaces) a named mapping of the tenant. */
export async function saveMapping(actor: Actor, raw: z.input<typeof savedMappingSchema>): Promise<SavedMappingView> {
  requireImportAdmin(actor);
  const input = parseInput(savedMappingSchema, raw);
  const doc = await ImportMapping.findOneAndUpdate(
    { tenantId: actor.tenantId, name: input.name },
    { $set: { mapping: input.mapping, updatedBy: actor.staffId }, $setOnInsert: { tenantId: actor.tenantId, name: input.name } },
    { upsert: true, new: true },
  ).lean();
  return { name: doc!.name, mapping: doc!.mapping as ColumnMapping, updatedAt: (doc as unknown as { updatedAt: Date }).updatedAt.toISOString() };
}

export async function listMappings(actor: Actor): Promise<SavedMappingView[]> {
  requireImportAdmin(actor);
  const docs = await ImportMapping.find({ tenantId: actor.tenantId }).sort({ name: 1 }).limit(200).lean();
  return docs.map((d) => ({ name: d.name, mapping: d.mapping as ColumnMapping, updatedAt: (d as unknown as { updatedAt: Date }).updatedAt.toISOString() }));
}

export async function findSavedMapping(actor: Actor, name: string): Promise<ColumnMapping> {
  const doc = await ImportMapping.findOne({ tenantId: actor.tenantId, name }).lean();
  if (!doc) throw new NotFound(`saved mapping "${name}"`);
  return doc.mapping as ColumnMapping;
}
