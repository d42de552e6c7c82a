// What the office's consultation and account pages show: plain values, filled by the routes
// (src/office/present.ts, src/auth/present.ts) from the stored rows.
import type { OfficerRoleView, PhaseView } from '../shared/context.ts';
import type { FieldErrors } from '../shared/kit.tsx';

export type DocumentKindView = 'rule' | 'other';

/** One consultation as its frame (title, tabs) and its forms need it. */
export interface ConsultationHead {
  slug: string;
  title: string;
  phase: PhaseView;
  state: 'draft' | 'published';
  /** The version the page was rendered from; forms send it back so stale changes are refused. */
  version: number;
}

export interface ConsultationListRow {
  slug: string;
  title: string;
  phase: PhaseView;
  opens: string | null;
  closes: string | null;
  pending: number;
  total: number;
}

export interface NewConsultationValues {
  title: string;
  slug: string;
  text: string;
}

/** How long a window is against the usual minimum. */
export interface WindowCheckView {
  kind: DocumentKindView;
  actual: number;
  minimum: number;
  short: boolean;
}

/** The importer's report: each message already in the reader's words. */
export interface ImportReportView {
  warnings: { line: number | null; message: string }[];
  setAside: { line: number; text: string; message: string }[];
  glossesRemoved: number;
  /** Dates the original notice gave. */
  noticeDates: { published: string | null; deadline: string | null };
}

export interface CommentCountsView {
  total: number;
  pending: number;
  published: number;
  hidden: number;
  spam: number;
  web: number;
  email: number;
  offline: number;
  late: number;
  /** Marked by an officer as not an opinion: in none of the figures above. */
  notOpinion: number;
}

export interface AuditEntryView {
  /** Already formatted in the reader's time zone. */
  at: string;
  officerEmail: string | null;
  /** The action's name in words (登录, 发布, 标为不是意见 …). */
  action: string;
  consultationTitle: string | null;
  /** Its detail in words, from the dictionary; '' when there is nothing more to say. */
  detail: string;
  ip: string | null;
}

export interface OverviewView extends ConsultationHead {
  opens: string | null;
  closes: string | null;
  /** The closing time as <input type="datetime-local"> wants it, for the extend form. */
  closesInput: string;
  extensionReason: string | null;
  closedEarlyAt: string | null;
  closedEarlyReason: string | null;
  moderation: 'pre' | 'post';
  requireName: boolean;
  documentKind: DocumentKindView;
  intakeAddress: string;
  counts: CommentCountsView;
  rosterCount: number;
  stats: { blocks: number; commentable: number };
  windowCheck: WindowCheckView | null;
  report: ImportReportView;
  audit: AuditEntryView[];
}

/** A refused lifecycle form: what was typed and what is wrong, by field. */
export interface LifecycleForms {
  publish?: { error?: string };
  extend?: { values: { closes?: string; reason?: string }; errors: FieldErrors };
  close?: { values: { reason?: string }; errors: FieldErrors };
}

export interface SettingsValues {
  title: string;
  issuer: string;
  opens: string;
  closes: string;
  moderation: string;
  requireName: boolean;
  documentKind: string;
  intakeLocal: string;
  reminderDays: string;
  contactPerson: string;
  contactPhone: string;
  contactEmail: string;
}

export interface SettingsView extends ConsultationHead {
  values: SettingsValues;
  errors: FieldErrors;
  windowCheck: WindowCheckView | null;
  /** The window is short and not yet confirmed: show the confirmation checkbox. */
  askConfirm: boolean;
  mailDomain: string;
  /** The notice's own dates, as a line; null when it gave none. */
  noticeDates: string | null;
  /** A refusal of the whole form (someone else changed it first). */
  status: string | null;
}

/** One block of a draft in the structure editor. */
export interface StructureBlockView {
  key: string;
  depth: number;
  kind: 'heading' | 'article' | 'item' | 'paragraph';
  label: string | null;
  title: string | null;
  text: string | null;
  /** The units it names, lead then support. */
  units: string[];
  sourceLine: number | null;
  /** How buttons name it: its label and title, or its first words. */
  name: string;
}

export interface StructureView extends ConsultationHead {
  editable: boolean;
  /** Why the text cannot be corrected, when it cannot. */
  readOnlyReason: string | null;
  entries: StructureBlockView[];
  report: ImportReportView;
  /** The version shown (the revision being prepared, or the current text). */
  versionNumber: number;
  /** For version 2 and later: how its blocks correspond to the version before. */
  revision: RevisionView | null;
}

/** Where one block of a revision comes from and why it changed, with the form to correct it. */
export interface CorrespondenceView {
  /** same | renumbered | changed | moved | split | merged | added */
  change: string;
  changeLabel: string;
  /** Kept characters over all characters, in percent; null for a new block. */
  similarity: number | null;
  sources: { key: string; name: string }[];
  overridden: boolean;
  /** The reason the office wrote ('' when none). */
  reason: string;
  /** What the table prints when the office writes none. */
  reasonDraft: string;
  commentCount: number;
}

export interface RemovedBlockView {
  key: string;
  name: string;
  text: string;
  reason: string;
  reasonDraft: string;
  commentCount: number;
}

export interface RevisionView {
  number: number;
  previous: number;
  /** The previous version's blocks, for choosing a source by hand. */
  choices: { key: string; name: string }[];
  /** Correspondence of each block, by its key. */
  byKey: Record<string, CorrespondenceView>;
  removed: RemovedBlockView[];
  /** Notes can still be written (admins and officers). */
  canNote: boolean;
  /** A note form refused: its block and what is wrong. */
  error: { key: string; message: string } | null;
}

/** One version in the versions page's list. */
export interface VersionRowView {
  number: number;
  state: 'draft' | 'published';
  purpose: 'round' | 'final';
  title: string;
  current: boolean;
  publishedAt: string | null;
  window: { opens: string; closes: string } | null;
  publicHref: string | null;
  changesHref: string | null;
}

export interface VersionsView extends ConsultationHead {
  rows: VersionRowView[];
  /** A revision can be loaded now. */
  canLoad: boolean;
  /** The revision being prepared, if any. */
  draft: { number: number; canPublish: boolean } | null;
  canManage: boolean;
  /** Why nothing can be loaded or published right now, in words. */
  note: string | null;
}

export interface NewRevisionValues {
  title: string;
  text: string;
}

export interface PublishRevisionValues {
  purpose: 'round' | 'final';
  opens: string;
  closes: string;
}

/** The versions page's forms as typed, with their errors. */
export interface VersionForms {
  create?: { values: NewRevisionValues; errors: FieldErrors };
  publish?: { values: PublishRevisionValues; errors: FieldErrors; askConfirm: boolean };
  error?: string;
}

/** One row of the 修改对照表 as the office page shows it. */
export interface ChangeRowView {
  index: number;
  change: string;
  changeLabel: string;
  before: MarkedBlockView[];
  after: MarkedBlockView[];
  reason: string;
  reasonDrafted: boolean;
  comments: string[];
}

export interface MarkedBlockView {
  key: string;
  label: string;
  pieces: { op: 'equal' | 'insert' | 'delete'; text: string }[];
}

export interface ChangesView extends ConsultationHead {
  tableTitle: string;
  subtitle: string;
  summary: string;
  headers: { index: string; before: string; after: string; reason: string };
  rows: ChangeRowView[];
  downloads: { label: string; href: string }[];
  /** The version numbers that have a table (2, 3, …), the one shown marked. */
  versions: { number: number; href: string; current: boolean }[];
}

export interface BlockFormValues {
  label: string;
  title: string;
  text: string;
  split: string;
}

export interface RosterRowView {
  unitId: number;
  name: string;
  role: 'lead' | 'support' | 'added';
  status: 'responded' | 'no_comments' | 'none';
  commentCount: number;
  addresses: string[];
  /** When the invitation went, formatted; null if not yet. */
  invitedAt: string | null;
  /** Where the invitation went: a reply from one of these is the unit's. */
  invitedTo: string[];
}

export interface RosterView extends ConsultationHead {
  rows: RosterRowView[];
  /** Before publishing: the units the text names, which publishing puts on the roster. */
  draftUnits: { name: string; role: 'lead' | 'support' }[];
  collective: string[];
  intakeAddress: string;
}

export interface RosterForms {
  add?: { values: { name?: string; addresses?: string }; errors: FieldErrors };
  /** An address form refused, by unit id. */
  addresses?: { unitId: number; value: string; error: string };
  invite?: { error: string };
}

export interface AccountView {
  id: number;
  email: string;
  name: string | null;
  role: OfficerRoleView;
  disabled: boolean;
}

export interface AccountFormValues {
  email: string;
  name: string;
  role: string;
}
