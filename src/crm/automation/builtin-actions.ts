import { DateTime } from 'luxon';
import { Types } from 'mongoose';
import { z } from 'zod';
import { isDuplicateKeyError } from '../../db/is-duplicate-key-error.js';
import { Conflict } from '../../errors.js';
import { systemActor } from '../actor.js';
import { assignOwner } from '../customers/assign-owner.js';
import { changeStage } from '../customers/change-stage.js';
import { updateTags } from '../customers/update-tags.js';
import { nextSequence } from '../models/counter.js';
import { Reminder } from '../models/reminder.js';
import { Staff } from '../models/staff.js';
import type { AutomationAction, AutomationActionContext } from './automation-actions.js';

const words = z.string().trim().min(1).max(200);
const tagList = z.array(z.string().trim().min(1).max(40)).min(1).max(20);

/** A reminder for the owner (a task in their /todo), delivered by the one reminder pipeline. */
export const createTaskAction: AutomationAction<{ text: string; dueInDays: number }> = {
  type: 'create_task',
  params: z.object({ text: words, dueInDays: z.number().int().min(0).max(365).default(0) }).strict(),
  describe: (p) => `给负责人建待办「${p.text}」（${p.dueInDays === 0 ? '立即' : `${p.dueInDays} 天后`}）`,
  async run(p, context) {
    const dueAt = DateTime.fromJSDate(context.now).plus({ days: p.dueInDays }).toJSDate();
    try {
      await Reminder.create({
        tenantId: context.tenantId,
        staffId: context.customer.ownerId,
        customerId: context.customer._id,
        dueAt,
        text: p.text,
        origin: 'automation',
        source: 'automation',
        dedupeKey: context.key,
      });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    return `待办已建：${p.text}`;
  },
};

export const addTagsAction: AutomationAction<{ tags: string[] }> = {
  type: 'add_tags',
  params: z.object({ tags: tagList }).strict(),
  describe: (p) => `加标签 ${p.tags.join('、')}`,
  async run(p, context) {
    await updateTags(actorFor(context), context.customer._id, { add: p.tags });
    return `已加标签 ${p.tags.join('、')}`;
  },
};

export const removeTagsAction: AutomationAction<{ tags: string[] }> = {
  type: 'remove_tags',
  params: z.object({ tags: tagList }).strict(),
  describe: (p) => `去掉标签 ${p.tags.join('、')}`,
  async run(p, context) {
    await updateTags(actorFor(context), context.customer._id, { remove: p.tags });
    return `已去掉标签 ${p.tags.join('、')}`;
  },
};

export const setStageAction: AutomationAction<{ stage: string }> = {
  type: 'set_stage',
  params: z.object({ stage: z.string().trim().min(1).max(40) }).strict(),
  describe: (p) => `阶段改为 ${p.stage}`,
  async run(p, context) {
    const customer = await changeStage(actorFor(context), context.customer._id, p.stage, `自动化规则「${context.rule.name}」`);
    return `阶段已改为 ${customer.stage}`;
  },
  causes: (p) => [{ type: 'stage_changed', to: p.stage }],
};

/** Round-robin among the department's active salespeople, in a stable order; the pick is remembered per run. */
export const assignOwnerAction: AutomationAction<{ department: string }> = {
  type: 'assign_owner',
  params: z.object({ department: z.string().trim().min(1).max(100) }).strict(),
  describe: (p) => `在部门「${p.department}」内轮流分配负责人`,
  async run(p, context) {
    const ownerId = await context.remember(async () => {
      const people = await Staff.find({ tenantId: context.tenantId, departments: p.department, active: true, role: 'sales' }, { _id: 1 })
        .sort({ _id: 1 })
        .lean();
      if (people.length === 0) throw new Conflict(`部门「${p.department}」没有在职的销售`);
      const turn = await nextSequence(`automation-round-robin:${String(context.tenantId)}:${context.rule.id}`);
      return String(people[(turn - 1) % people.length]!._id);
    });
    await assignOwner(actorFor(context), context.customer._id, ownerId);
    const owner = await Staff.findOne({ _id: new Types.ObjectId(ownerId) }, { name: 1 }).lean();
    return `负责人改为 ${owner?.name ?? ownerId}`;
  },
};

function actorFor(context: AutomationActionContext) {
  return { ...systemActor(context.tenantId, 'automation'), name: `自动化规则「${context.rule.name}」` };
}

export const BUILTIN_ACTIONS = [createTaskAction, addTagsAction, removeTagsAction, setStageAction, assignOwnerAction] as const;
