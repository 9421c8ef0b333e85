import { z } from 'zod';
import { ROLES } from '../actor.js';
import { DIRECTORY_PLATFORMS } from './directory-snapshot.js';

const objectId = z.string().regex(/^[0-9a-f]{24}$/i, 'must be an id');
const departmentName = z.string().trim().min(1).max(60);

export const createDepartmentSchema = z.object({ name: departmentName, parentId: objectId.nullable().optional(), order: z.number().int().min(0).max(9999).optional() }).strict();
export const updateDepartmentSchema = z
  .object({ name: departmentName.optional(), parentId: objectId.nullable().optional(), order: z.number().int().min(0).max(9999).optional() })
  .strict();
export const updateStaffSchema = z
  .object({
    name: z.string().trim().min(1).max(60).optional(),
    position: z.string().trim().max(60).optional(),
    departments: z.array(departmentName).max(20).optional(),
    managerId: objectId.nullable().optional(),
    role: z.enum(ROLES as [string, ...string[]]).optional(),
    active: z.boolean().optional(),
  })
  .strict();
export const listStaffSchema = z.object({ active: z.enum(['true', 'false']).optional(), department: departmentName.optional() }).strict();
export const directorySyncSchema = z.object({ platform: z.enum(DIRECTORY_PLATFORMS), dryRun: z.boolean().optional() }).strict();
