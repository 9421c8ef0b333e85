import type { ImportKind } from './import-kind-fields.js';

/** The server's ImportView (src/crm/imports/import-view.ts), as the admin page reads it. */
export interface FieldError {
  field: string;
  message: string;
}

export interface PreviewFigures {
  total: number;
  valid: number;
  rejected: number;
  classes: { new: number; existing: number; in_file: number };
  actions: { create: number; update: number; merge: number; skip: number };
  errors: Array<{ row: number; errors: FieldError[] }>;
  duplicates: Array<{ row: number; kind: 'existing' | 'in_file'; reason: string; action: string }>;
  ms: number;
}

export interface ImportView {
  id: string;
  kind: ImportKind;
  fileName: string;
  fileSize: number;
  format: string;
  encoding: string | null;
  status: 'uploaded' | 'previewed' | 'queued' | 'running' | 'done' | 'failed';
  headerRow: number;
  columns: string[];
  mapping: Record<string, string>;
  choices: { existing?: string; inFile?: string; defaultOwner?: string };
  preview: PreviewFigures | null;
  progress: { total: number; processed: number; created: number; updated: number; merged: number; skipped: number; rejected: number; percent: number };
  rowsPerSecond: number | null;
  etaSeconds: number | null;
  error: string | null;
  reportUrl: string | null;
  repeated?: boolean;
}
