import type { SurveyTemplateRecord } from './survey-template-model.js';

export interface SurveyTemplateView {
  id: string;
  key: string;
  version: number;
  name: string;
  kind: string;
  active: boolean;
  items: {
    key: string;
    label: { zh: string; en: string | null };
    type: string;
    options: { key: string; label: { zh: string; en: string | null } }[];
    required: boolean;
    category: string | null;
    weight: number;
  }[];
  createdAt: string;
}

type Label = { zh: string; en?: string | null };
const labelView = (l: Label) => ({ zh: l.zh, en: l.en ?? null });

export function toSurveyTemplateView(t: SurveyTemplateRecord & { _id: unknown }): SurveyTemplateView {
  return {
    id: String(t._id),
    key: t.key,
    version: t.version,
    name: t.name,
    kind: t.kind,
    active: t.active,
    items: t.items.map((i) => ({
      key: i.key,
      label: labelView(i.label),
      type: i.type,
      options: i.options.map((o) => ({ key: o.key, label: labelView(o.label) })),
      required: i.required,
      category: i.category ?? null,
      weight: i.weight,
    })),
    createdAt: t.createdAt.toISOString(),
  };
}
