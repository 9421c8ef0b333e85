import type { CustomFieldDefinitionDoc, CustomFieldType } from '../models/custom-field-definition.js';

export interface CustomFieldDefinitionView {
  key: string;
  label: { zh: string; en: string };
  type: CustomFieldType;
  options: { value: string; label: { zh: string; en: string }; archived: boolean }[];
  required: boolean;
  order: number;
  segmentation: boolean;
  archived: boolean;
}

export function toCustomFieldDefinitionView(d: CustomFieldDefinitionDoc): CustomFieldDefinitionView {
  return {
    key: d.key,
    label: { zh: d.label.zh, en: d.label.en },
    type: d.type,
    options: d.options.map((o) => ({ value: o.value, label: { zh: o.label.zh, en: o.label.en }, archived: o.archived ?? false })),
    required: d.required ?? false,
    order: d.order ?? 0,
    segmentation: d.segmentation ?? false,
    archived: d.archived ?? false,
  };
}
