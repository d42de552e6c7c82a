// What the routes hand to the views: plain values, already formatted where formatting is a policy.
import type { Phase } from '../src/drafts/window.ts';
import type { DraftMeta, DraftNode, ImportReport } from '../src/drafts/parse-types.ts';
import type { Locale, Translate } from '../src/lib/i18n.ts';

export interface PageContext {
  locale: Locale;
  t: Translate;
  /** Current path and query, used for the language switch. */
  path: string;
  csrfToken: string;
}

export interface WindowView {
  phase: Phase;
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

export interface PublicComment {
  body: string;
  author: string;
  organization: string | null;
  publishedAt: string;
  blockLabel: string | null;
}

export interface BlockView extends DraftNode {
  commentCount: number;
  latestComments: PublicComment[];
  commentable: boolean;
  children: BlockView[];
}

export interface ConsultationView extends ConsultationSummary {
  meta: DraftMeta;
  report: ImportReport;
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
}

export interface CommentFormValues {
  body: string;
  name: string;
  organization: string;
  email: string;
  phone: string;
  paragraphId: string;
}

export type FieldErrors = Partial<Record<keyof CommentFormValues, string>>;

export interface CommentTarget {
  key: string | null;
  /** "第4项" style label, or null for the whole draft. */
  label: string | null;
  text: string | null;
}
