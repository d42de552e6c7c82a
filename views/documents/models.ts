// What the pages show of a consultation's supporting documents.
import type { PhaseView } from '../shared/context.ts';

export type DocumentKindView = 'explanation' | 'other';

/** One document as the public page lists it: a download link and what it is. */
export interface DocumentView {
  title: string;
  kind: DocumentKindView;
  /** 「PDF」, 「DOCX」, 「XLSX」. */
  format: string;
  /** 「1.2 MB」. */
  size: string;
  href: string;
  /** The round it belongs to; null: every round. */
  round: number | null;
}

/** One document in the office's list, with what removing it needs. */
export interface OfficeDocumentView extends DocumentView {
  id: number;
  filename: string;
  addedAt: string;
  removeAction: string;
}

export interface DocumentFormValues {
  title: string;
  kind: DocumentKindView;
  /** '' for every round, else the round's number. */
  round: string;
}

export interface DocumentsPageView {
  slug: string;
  title: string;
  phase: PhaseView;
  published: boolean;
  documents: OfficeDocumentView[];
  values: DocumentFormValues;
  /** The rounds a document can be attached to; empty: the round field is not shown. */
  rounds: number[];
  limits: { mb: number; max: number };
}
