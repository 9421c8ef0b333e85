import { z } from 'zod';

const tagId = z.string().trim().min(1).max(128);

/** Corp tags (企业标签) one salesperson adds to / removes from their WeCom contact. */
export const markCorpTagsSchema = z
  .object({
    add: z.array(tagId).max(100).default([]),
    remove: z.array(tagId).max(100).default([]),
  })
  .strict()
  .refine((m) => m.add.length + m.remove.length > 0, { path: ['add'], message: 'add or remove at least one tag' })
  .refine((m) => !m.add.some((id) => m.remove.includes(id)), { path: ['remove'], message: 'a tag cannot be added and removed at once' });
export type MarkCorpTagsInput = z.input<typeof markCorpTagsSchema>;
