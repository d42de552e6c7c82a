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
}

/** One document in the office's list, with what removing it needs. */
export interface OfficeDocumentView extends DocumentView {
  id: number;
  /** 「第2稿（待发布）」: the version of the text it goes with. */
  version: string;
  filename: string;
  addedAt: string;
  removeAction: string;
}

export interface DocumentFormValues {
  title: string;
  kind: DocumentKindView;
  /** The number of the version of the text it goes with; '' for the current one. */
  textVersion: string;
}

export interface DocumentsPageView {
  slug: string;
  title: string;
  phase: PhaseView;
  published: boolean;
  documents: OfficeDocumentView[];
  values: DocumentFormValues;
  /** The versions a document can go with, the current one chosen by default; with one version the field is not shown. */
  versions: { number: number; label: string }[];
  limits: { mb: number; max: number };
}
