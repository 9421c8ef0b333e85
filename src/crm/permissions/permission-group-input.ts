import { z } from 'zod';
import { DATA_SCOPES, isPermissionAction, isPermissionModule, PERMISSION_ACTIONS, PERMISSION_MODULES } from './catalogue.js';

/** A grant names a module and actions from the catalogue; anything else is refused naming the field and the value. */
const grantSchema = z.object({
  module: z.string().refine(isPermissionModule, { error: (issue) => `unknown module "${String(issue.input)}"; one of ${PERMISSION_MODULES.join(', ')}` }),
  actions: z
    .array(z.string().refine(isPermissionAction, { error: (issue) => `unknown action "${String(issue.input)}"; one of ${PERMISSION_ACTIONS.join(', ')}` }))
    .min(1)
    .max(PERMISSION_ACTIONS.length),
}).strict();

const grantsSchema = z
  .array(grantSchema)
  .max(PERMISSION_MODULES.length)
  .superRefine((grants, ctx) => {
    const seen = new Set<string>();
    grants.forEach((g, i) => {
      if (seen.has(g.module)) ctx.addIssue({ code: 'custom', path: [i, 'module'], message: `module "${g.module}" is granted twice` });
      seen.add(g.module);
    });
  });

const groupName = z.string().trim().min(1).max(60);

export const createPermissionGroupSchema = z.object({ name: groupName, grants: grantsSchema, dataScope: z.enum(DATA_SCOPES) }).strict();
export const updatePermissionGroupSchema = z
  .object({ name: groupName.optional(), grants: grantsSchema.optional(), dataScope: z.enum(DATA_SCOPES).optional() })
  .strict();
export const setStaffGroupsSchema = z.object({ groupIds: z.array(z.string().trim().min(1).max(40)).min(1).max(20) }).strict();
