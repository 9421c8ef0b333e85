import type { Actor } from '../actor.js';
import { Conflict, NotFound } from '../../errors.js';
import { parseInput } from '../../parse-input.js';
import { recordAudit } from '../record-audit.js';
import {
  createSurveyTemplateSchema,
  reviseSurveyTemplateSchema,
  templateKeySchema,
  type CreateSurveyTemplateInput,
  type ReviseSurveyTemplateInput,
} from './survey-template-input.js';
import { SurveyTemplate, type SurveyTemplateDoc } from './survey-template-model.js';
import { assertCan } from '../permissions/access-of.js';

const isDuplicateKey = (error: unknown) => (error as { code?: number }).code === 11000;

function requireAdmin(actor: Actor): void {
  assertCan(actor, 'surveys', 'admin', 'only admins define survey templates');
}

/** Version 1 of a new template key; a key that exists already is a 409 (revise it with PUT instead). */
export async function createSurveyTemplate(actor: Actor, rawInput: CreateSurveyTemplateInput): Promise<SurveyTemplateDoc> {
  const input = parseInput(createSurveyTemplateSchema, rawInput);
  requireAdmin(actor);
  if (await SurveyTemplate.exists({ tenantId: actor.tenantId, key: input.key })) {
    throw new Conflict(`key: a survey template '${input.key}' already exists; PUT /api/surveys/templates/${input.key} makes a new version`);
  }
  return insertVersion(actor, { ...input, version: 1 }, null);
}

/**
 * A change is a new version beside the old ones: answers already given keep the version their
 * client saw, new invitations use this one. Two admins saving at once: one wins, the other gets 409.
 */
export async function reviseSurveyTemplate(actor: Actor, key: string, rawInput: ReviseSurveyTemplateInput): Promise<SurveyTemplateDoc> {
  const input = parseInput(reviseSurveyTemplateSchema, rawInput);
  requireAdmin(actor);
  const current = await findCurrentTemplate(actor, parseInput(templateKeySchema, key));
  return insertVersion(actor, { ...input, key: current.key, version: current.version + 1 }, current);
}

/** The latest version of a template key in the actor's tenant (inactive ones too). */
export async function findCurrentTemplate(actor: Pick<Actor, 'tenantId'>, key: string): Promise<SurveyTemplateDoc> {
  const template = await SurveyTemplate.findOne({ tenantId: actor.tenantId, key }).sort({ version: -1 });
  if (!template) throw new NotFound(`survey template '${key}'`);
  return template;
}

async function insertVersion(
  actor: Actor,
  fields: ReturnType<typeof reviseSurveyTemplateSchema.parse> & { key: string; version: number },
  before: SurveyTemplateDoc | null,
): Promise<SurveyTemplateDoc> {
  try {
    const template = await SurveyTemplate.create({ tenantId: actor.tenantId, createdBy: actor.staffId, ...fields });
    await recordAudit(actor, {
      action: before ? 'survey_template.revise' : 'survey_template.create',
      entity: 'survey_template',
      entityId: template._id,
      before: before?.toObject() ?? null,
      after: template.toObject(),
    });
    return template;
  } catch (error) {
    if (isDuplicateKey(error)) throw new Conflict(`survey template '${fields.key}' version ${fields.version} was just saved by someone else; reload and try again`);
    throw error;
  }
}
