import type { SavedViewDoc } from '../models/saved-view.js';

export interface SavedViewView {
  id: string;
  name: string;
  filter: unknown;
  columns: string[];
  shared: boolean;
  ownerId: string;
  updatedAt: string | null;
}

export function toSavedViewView(view: SavedViewDoc & { updatedAt?: Date }): SavedViewView {
  return {
    id: String(view._id),
    name: view.name,
    filter: view.filter,
    columns: [...view.columns],
    shared: view.shared ?? false,
    ownerId: String(view.ownerId),
    updatedAt: view.updatedAt ? view.updatedAt.toISOString() : null,
  };
}
