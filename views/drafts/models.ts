// What the public drafts pages show: plain values, already formatted where formatting is a policy.
import type { PublicComment } from '../comments/models.ts';
import type { PhaseView } from '../shared/context.ts';

export interface WindowView {
  phase: PhaseView;
  opens: string | null;
  closes: string | null;
  daysLeft: number | null;
  closedEarly: string | null;
  extensionReason: string | null;
  /** Why the office closed the consultation early (shown publicly); set by the office module. */
  closedEarlyReason?: string | null;
}

export interface ConsultationSummary {
  slug: string;
  title: string;
  issuer: string | null;
  window: WindowView;
  publishedCommentCount: number;
}

/** One block of the draft as a reader sees it, with its comments and the way to add one. */
export interface BlockView {
  id: string;
  kind: 'heading' | 'article' | 'item' | 'paragraph';
  label: string | null;
  number: number | null;
  title: string | null;
  text: string | null;
  responsible: { lead: string[]; support: string[] };
  /** How the block is named in a sentence: 「第4项」, 「第五条」, 「本段」. */
  reference: string;
  commentCount: number;
  latestComments: PublicComment[];
  commentable: boolean;
  children: BlockView[];
  /** With the changes marked: how the block changed since the previous version (issue 13). */
  change?: BlockChangeView;
  /** Blocks of the previous version removed here, shown struck where they stood. */
  removedAfter?: RemovedBlockView[];
}

export interface MarkedPiece {
  op: 'equal' | 'insert' | 'delete';
  text: string;
}

export interface BlockChangeView {
  /** same | renumbered | changed | moved | split | merged | added */
  kind: string;
  /** 「修改」「新增」…; null where nothing is worth saying (same). */
  label: string | null;
  /** 「原第五条」 when the block had another number or place. */
  was: string | null;
  /** The block's title and text with deletions and insertions marked; null when unchanged. */
  pieces: MarkedPiece[] | null;
}

export interface RemovedBlockView {
  label: string;
  text: string;
}

/** Where this text stands among the consultation's versions, and the changes toggle. */
export interface VersionBarView {
  number: number;
  final: boolean;
  /** This page is an earlier version, replaced by the current one. */
  old: boolean;
  currentHref: string | null;
  /** The clean/marked toggle (current version 2 and later). */
  toggle: { marked: boolean; href: string; previous: number; summary: string } | null;
  earlier: { number: number; href: string; date: string }[];
}

/** The parts of the notice around a draft that the page shows above it. */
export interface NoticeView {
  draftStage: string | null;
  frontMatter: string[];
  documentNumber: string | null;
  salutation: string | null;
  notice: string[];
}

export interface ConsultationView extends ConsultationSummary {
  meta: NoticeView;
  body: BlockView[];
  moderation: 'pre' | 'post';
  requireName: boolean;
  contactEmail: string | null;
  /** The platform's own intake address for this consultation (<slug>@MAIL_DOMAIN), when mail is on. */
  intakeEmail?: string | null;
  contactPerson: string | null;
  contactPhone: string | null;
  generalCommentCount: number;
  generalComments: PublicComment[];
  /** The published results (征求意见结果), once the office has published them. */
  results: { statement: string; publishedAt: string } | null;
  /** Versions of the text, for a consultation with more than one (absent otherwise). */
  version?: VersionBarView;
  /** With the changes marked: previous blocks removed before the first block. */
  removedAtStart?: RemovedBlockView[];
  /** An earlier version's page: read only, its comments shown, no forms. */
  readOnly?: boolean;
}
