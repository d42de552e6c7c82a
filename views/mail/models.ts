// The view models of the officers' mail pages. Routes (src/mail/present.ts) fill them from rows.
import type { PagerView } from '../shared/kit.tsx';

export type MailTab = 'attention' | 'unassigned' | 'spam' | 'proposed' | 'outbox';

/** How a message reached us. */
export type MailDoorView = 'smtp' | 'imap' | 'file' | 'upload';
export type MailStateView = 'received' | 'processed' | 'needs_attention';
export type MailOutcomeView = 'comments' | 'no-comments' | 'spam' | 'unassigned' | 'needs-attention';
export type OutboxKindView = 'acknowledgement' | 'invitation' | 'reminder' | 'outcome' | 'other';
export type OutboxStateView = 'queued' | 'sending' | 'sent' | 'failed';
export type CommentStatusView = 'pending' | 'published' | 'hidden' | 'spam';

export interface ConsultationChoice {
  id: number;
  title: string;
}

export interface ConsultationRef {
  slug: string;
  title: string;
}

export interface MailListRow {
  id: number;
  received: string;
  from: string | null;
  subject: string | null;
  reason: string | null;
  outcome: MailOutcomeView | null;
  consultation: ConsultationRef | null;
  attachments: number;
  late: boolean;
}

/** A message waiting for an officer to confirm the unit its signature names. */
export interface ProposalRow {
  id: number;
  received: string;
  from: string | null;
  subject: string | null;
  unit: string;
  signedAs: string | null;
  consultation: ConsultationRef | null;
  comments: number;
}

export interface FailedMailRow {
  id: number;
  created: string;
  to: string;
  subject: string;
  kind: OutboxKindView;
  attempts: number;
  error: string | null;
}

/** An action the office refused, shown on the page its form was on. */
export interface MailRefusal {
  text: string;
  /** The message whose assign form was sent: its field shows the error and keeps the choice. */
  messageId: number | null;
  field: 'consultation' | null;
  consultation: string;
}

export interface MailPageView {
  tab: MailTab;
  counts: { attention: number; unassigned: number; spam: number; proposed: number };
  outbox: Record<OutboxStateView, number>;
  rows: MailListRow[];
  proposals: ProposalRow[];
  failed: FailedMailRow[];
  pager: PagerView;
  choices: ConsultationChoice[];
  /** Where a form on this page comes back to: this tab and page. */
  back: string;
}

export interface MailCommentRow {
  id: number;
  trackingNumber: string;
  paragraph: string | null;
  body: string;
  status: CommentStatusView;
  late: boolean;
  source: string | null;
  /** The comment in the review queue. */
  href: string | null;
}

/** What the pipeline made of a message: shown on its page and in the upload results. */
export interface MailSummary {
  id: number;
  subject: string | null;
  from: string | null;
  received: string;
  sentAt: string | null;
  late: boolean;
  door: MailDoorView;
  state: MailStateView;
  outcome: MailOutcomeView | null;
  reason: string | null;
  consultation: ConsultationRef | null;
  /** The unit the message is filed under, and how it was known. */
  unit: string | null;
  unitBy: 'address' | 'invitation' | 'officer' | null;
  /** A unit proposed from the signature, waiting for an officer. */
  proposal: { unitId: number; name: string; signedAs: string | null } | null;
  /** The signature names several units: nothing was proposed. */
  ambiguity: { name: string; candidates: string[] } | null;
  /** Messages filed before proposals: the unit they were signed with. */
  unitHint: string | null;
  /** The sender said 「其他无意见」: no objection on the rest of the draft. */
  noObjectionOnRest: boolean;
  notSpamAt: string | null;
  comments: MailCommentRow[];
}

export interface MailAttachmentRow {
  position: number;
  name: string;
  type: string;
  size: string;
  use: 'feedback' | 'kept';
}

export interface MailDetailView extends MailSummary {
  to: string[];
  cc: string[];
  messageId: string | null;
  size: string;
  text: string | null;
  quotedRemoved: boolean;
  warnings: string[];
  unreadable: string | null;
  attachments: MailAttachmentRow[];
  canAssign: boolean;
  isSpam: boolean;
  choices: ConsultationChoice[];
}

export interface UploadResultRow {
  name: string;
  status: 'new' | 'duplicate' | 'refused';
  error: string | null;
  message: MailSummary | null;
}

export interface UploadFormValues {
  consultation: string;
}

/** A refused upload's errors, each tied to its field. */
export interface UploadError {
  field: 'files' | 'consultation';
  text: string;
}

export interface UploadView {
  choices: ConsultationChoice[];
  values: UploadFormValues;
  limits: { mb: number; max: number };
  errors: UploadError[];
  results: UploadResultRow[] | null;
}
