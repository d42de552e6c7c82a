// What the public drafts pages show: plain values, already formatted where formatting is a policy.
import type { PublicComment } from '../comments/models.ts';
import type { DocumentView } from '../documents/models.ts';
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
  /** Supporting documents (起草说明 first), each a download. */
  documents: DocumentView[];
}
