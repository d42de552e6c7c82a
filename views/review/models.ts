// What the review pages are rendered from. Routes (src/review/present.ts) fill these from their
// rows: times already formatted, personal data already masked where the public would see it.
import type { FieldErrors, PagerView } from '../shared/kit.tsx';
import type { OfficeContext, PhaseView } from '../shared/context.ts';

export type ChannelView = 'web' | 'email' | 'offline';
export type OfflineKindView = 'letter' | 'phone' | 'meeting' | 'other';
export type StatusView = 'pending' | 'published' | 'hidden' | 'spam';
export type DecisionView = 'adopted' | 'partly_adopted' | 'not_adopted' | 'explained';

// In the order the forms offer them.
export const CHANNEL_CHOICES: readonly ChannelView[] = ['web', 'email', 'offline'];
export const OFFLINE_KIND_CHOICES: readonly OfflineKindView[] = ['letter', 'phone', 'meeting', 'other'];
export const STATUS_CHOICES: readonly StatusView[] = ['pending', 'published', 'hidden', 'spam'];
export const DECISION_CHOICES: readonly DecisionView[] = ['adopted', 'partly_adopted', 'not_adopted', 'explained'];

/** The consultation the page is about, for the frame around it. */
export interface ReviewConsultationView {
  slug: string;
  title: string;
  phase: PhaseView;
}

/** An instant: machine-readable for <time datetime>, and as the reader reads it. */
export interface TimeView {
  iso: string;
  text: string;
}

/** Where a comment came from: the channel and, for offline comments, how. */
export interface SourceView {
  channel: ChannelView;
  offlineKind: OfflineKindView | null;
}

/** Who decided and when, already formatted. */
export interface DecidedView {
  by: string;
  at: string;
}

/** A paragraph a comment can be on. */
export interface ParagraphOption {
  key: string;
  caption: string;
}

/** A member of a near-duplicate group, in the short lists. */
export interface MemberView {
  id: number;
  trackingNumber: string;
  /** Name, else organisation, else unit; null when anonymous. */
  who: string | null;
  channel: ChannelView;
  status: StatusView;
  decision: DecisionView | null;
}

// ---------------------------------------------------------------------------------------------
// The queue

export interface QueueRowView {
  id: number;
  trackingNumber: string;
  source: SourceView;
  late: boolean;
  /** The start of the text; `cut` when there is more. */
  excerpt: string;
  cut: boolean;
  author: string | null;
  organization: string | null;
  unit: string | null;
  /** A unit the signature names, waiting for an officer to confirm it (email from an unknown address). */
  proposedUnit: string | null;
  email: string | null;
  phone: string | null;
  enteredBy: string | null;
  received: TimeView;
  status: StatusView;
  statusReason: string | null;
  decision: DecisionView | null;
  decisionReason: string | null;
  decided: DecidedView | null;
  /** When the row stands for a near-duplicate group. */
  group: {
    id: number;
    size: number;
    undecided: number;
    /** Members matching the filters, when fewer than all match. */
    matched: number | null;
    members: MemberView[];
    allHref: string;
  } | null;
}

/** The rows on one paragraph, under its caption (null: on the whole draft). */
export interface QueueSection {
  caption: string | null;
  rows: QueueRowView[];
}

export interface QueueFilterValues {
  q: string;
  channel: string;
  unit: string;
  status: string;
  late: string;
  decision: string;
  paragraph: string;
  group: string;
  /** '' for opinions (as the queue opens), 'not' for what was marked as not an opinion. */
  opinion: string;
}

/** What a refused bulk action had chosen, shown again. */
export interface BulkValues {
  action: string;
  reason: string;
  ids: number[];
  groups: number[];
}

export interface GroupingView {
  /** The last run, if any. */
  last: { at: string; groups: number; grouped: number } | null;
  /** Comments not yet looked at by a run. */
  ungrouped: number;
}

/** The part of the queue htmx swaps: messages, counts, the bulk form, the table and paging. */
export interface QueueResultsView {
  ctx: OfficeContext;
  slug: string;
  filterValues: QueueFilterValues;
  filtered: boolean;
  /** Listing the members of this group only. */
  group: number | null;
  /** Opinions, or what officers marked as not an opinion: the bulk actions and the counts differ. */
  opinion: 'yes' | 'not';
  sections: QueueSection[];
  empty: boolean;
  totalEntries: number;
  totalComments: number;
  pager: PagerView;
  selfHref: string;
  resetHref: string;
  flash: string | null;
  error: string | null;
  bulk: BulkValues;
}

export interface QueueView extends QueueResultsView {
  consultation: ReviewConsultationView;
  units: { id: number; name: string }[];
  paragraphs: ParagraphOption[];
  grouping: GroupingView;
  canEnter: boolean;
  /** A consultation with several versions is reviewed version by version: links to each (issue 13). */
  versions: { number: number; href: string; current: boolean }[];
}

// ---------------------------------------------------------------------------------------------
// A comment's page

export interface DecisionFormState {
  values: { decision: string; reason: string };
  errors: { decision?: string; reason?: string };
}

export interface ModerationFormState {
  values: { reason: string; scope: string };
  errors: { action?: string; reason?: string };
}

export interface NotOpinionFormState {
  values: { reason: string; scope: string };
  errors: { reason?: string };
}

/** An officer's word that the comment is not an opinion. */
export interface NotOpinionView {
  /** The officer's address; null where no officer is recorded (a comment marked by a script). */
  by: string | null;
  at: string;
  reason: string | null;
}

export interface DetailCommentView {
  id: number;
  trackingNumber: string;
  /** The paragraph's caption; null for the whole draft. */
  caption: string | null;
  source: SourceView;
  inboundMessageId: number | null;
  author: string | null;
  organization: string | null;
  unit: string | null;
  /** A unit the signature names, waiting for an officer to confirm it (email from an unknown address). */
  proposedUnit: string | null;
  email: string | null;
  phone: string | null;
  received: TimeView;
  late: boolean;
  enteredBy: string | null;
  body: string;
  /** The text as the public sees it, when masking changed it. */
  publicBody: string | null;
  status: StatusView;
  statusReason: string | null;
  decision: DecisionView | null;
  decisionReason: string | null;
  decided: DecidedView | null;
  /** Marked as not an opinion, or null. */
  notOpinion: NotOpinionView | null;
}

/** The part of the comment's page htmx swaps after an action. */
export interface DetailView {
  ctx: OfficeContext;
  slug: string;
  comment: DetailCommentView;
  /** Its near-duplicate group: the other members (a few) and where to see them all. */
  group: { size: number; others: MemberView[]; allHref: string } | null;
  back: string;
  flash: string | null;
  canDecide: boolean;
  decision: DecisionFormState;
  moderation: ModerationFormState;
  notOpinionForm: NotOpinionFormState;
}

export interface DetailPageView extends DetailView {
  consultation: ReviewConsultationView;
}

// ---------------------------------------------------------------------------------------------
// Offline entry

export interface OfflineValues {
  kind: string;
  received: string;
  name: string;
  organization: string;
  unit: string;
  email: string;
  phone: string;
  paragraphId: string;
  body: string;
}

export type OfflineErrors = FieldErrors;

export interface OfflineView {
  ctx: OfficeContext;
  consultation: ReviewConsultationView;
  paragraphs: ParagraphOption[];
  units: { id: number; name: string }[];
  values: OfflineValues;
  errors: OfflineErrors;
  limits: { min: number; max: number };
}

// ---------------------------------------------------------------------------------------------
// Department board

export type BoardStatusView = 'responded' | 'no_comments' | 'none';

export interface BoardUnitView {
  name: string;
  role: 'lead' | 'support' | 'added' | null;
  status: BoardStatusView;
  respondedAt: TimeView | null;
  commentCount: number;
  /** The queue filtered to this unit. */
  queueHref: string;
  comments: { id: number; trackingNumber: string; caption: string | null; late: boolean; excerpt: string }[];
}

export interface BoardView {
  ctx: OfficeContext;
  consultation: ReviewConsultationView;
  roster: BoardUnitView[];
  others: BoardUnitView[];
  counts: { replied: number; noComments: number; notYet: number };
}
