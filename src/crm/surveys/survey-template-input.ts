import { z } from 'zod';
import { SURVEY_ITEM_TYPES, SURVEY_KINDS } from './survey-template-model.js';

const key = z.string().trim().regex(/^[a-z][a-z0-9_-]{0,39}$/i, 'must be 1–40 letters, digits, _ or -, starting with a letter');
const label = z.object({ zh: z.string().trim().min(1, 'must not be empty').max(200), en: z.string().trim().min(1).max(200).optional() }).strict();
const option = z.object({ key, label }).strict();

const CHOICE_TYPES: readonly string[] = ['single', 'multiple'];

const item = z
  .object({
    key,
    label,
    type: z.enum(SURVEY_ITEM_TYPES),
    options: z.array(option).max(20).optional(),
    required: z.boolean().default(false),
    category: z.string().trim().min(1).max(40).optional(),
    weight: z.number().positive('must be greater than 0').max(100).default(1),
  })
  .strict()
  .superRefine((it, ctx) => {
    const choice = CHOICE_TYPES.includes(it.type);
    const count = it.options?.length ?? 0;
    if (choice && count < 2) ctx.addIssue({ code: 'custom', path: ['options'], message: `a ${it.type} item needs at least 2 options` });
    if (!choice && count > 0) ctx.addIssue({ code: 'custom', path: ['options'], message: `a ${it.type} item takes no options` });
    const keys = (it.options ?? []).map((o) => o.key);
    const repeated = keys.find((k, i) => keys.indexOf(k) !== i);
    if (repeated) ctx.addIssue({ code: 'custom', path: ['options'], message: `option key '${repeated}' is used twice` });
  });

const templateBody = {
  name: z.string().trim().min(1, 'must not be empty').max(100),
  kind: z.enum(SURVEY_KINDS),
  items: z
    .array(item)
    .min(1, 'a template needs at least one item')
    .max(50)
    .superRefine((items, ctx) => {
      const keys = items.map((i) => i.key);
      keys.forEach((k, i) => {
        if (keys.indexOf(k) !== i) ctx.addIssue({ code: 'custom', path: [i, 'key'], message: `item key '${k}' is used twice` });
      });
    }),
  active: z.boolean().default(true),
};

/** POST /api/surveys/templates: version 1 of a new key. */
export const createSurveyTemplateSchema = z.object({ key, ...templateBody }).strict();
/** PUT /api/surveys/templates/:key: the whole template again, stored as the next version. */
export const reviseSurveyTemplateSchema = z.object(templateBody).strict();
export const templateKeySchema = key;

export type CreateSurveyTemplateInput = z.input<typeof createSurveyTemplateSchema>;
export type ReviseSurveyTemplateInput = z.input<typeof reviseSurveyTemplateSchema>;
