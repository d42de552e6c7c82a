import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { CommentChannel, CommentStatus, Decision, OfflineKind, RosterRole, UnitResponse } from '../lib/vocabulary.ts';

export type { CommentChannel, CommentStatus, Decision, OfflineKind, RosterRole, UnitResponse };

export interface ConsultationTable {
  id: Generated<number>;
  slug: string;
  title: string;
  summary: string | null;
  issuer: string | null;
  state: 'draft' | 'published';
  opens_at: string | null;
  closes_at: string | null;
  closed_early_at: string | null;
  extension_reason: string | null;
  moderation: 'pre' | 'post';
  require_name: number;
  contact_email: string | null;
  contact_person: string | null;
  contact_phone: string | null;
  meta_json: string;
  import_report_json: string;
  source_text: string | null;
  source_format: string | null;
  version: Generated<number>;
  published_comment_count: Generated<number>;
  general_comment_count: Generated<number>;
  created_at: string;
  updated_at: string;
  published_at: string | null;
  intake_local: string | null;
  document_kind: Generated<'rule' | 'other'>;
  reminder_days: Generated<number>;
  closed_early_reason: string | null;
  results_statement: string | null;
  results_published_at: string | null;
  /** When the retention purge erased its commenters' contact details (0007_privacy). */
  contacts_purged_at: Generated<string | null>;
  /** The version /consultations/:slug shows: the latest published one, or version 1 of a draft (migration 0006). */
  current_version_id: number | null;
}
export type Consultation = Selectable<ConsultationTable>;
export type NewConsultation = Insertable<ConsultationTable>;
export type ConsultationUpdate = Updateable<ConsultationTable>;

export type VersionState = 'draft' | 'published';
/** A version is published for a round of comment (with its own window) or as the final text. */
export type VersionPurpose = 'round' | 'final';

/**
 * One version of a consultation's text (migrations/0006_versions.sql). The window, results and
 * roster columns hold the round as it ran once a later version replaced it; while a version is
 * current they are the consultation's own.
 */
export interface ConsultationVersionTable {
  id: Generated<number>;
  consultation_id: number;
  number: number;
  state: VersionState;
  purpose: Generated<VersionPurpose>;
  title: string;
  meta_json: string;
  import_report_json: string;
  source_text: string | null;
  source_format: string | null;
  opens_at: string | null;
  closes_at: string | null;
  closed_early_at: string | null;
  closed_early_reason: string | null;
  extension_reason: string | null;
  results_statement: string | null;
  results_published_at: string | null;
  roster_json: string | null;
  created_at: string;
  published_at: string | null;
}
export type ConsultationVersion = Selectable<ConsultationVersionTable>;
export type NewConsultationVersion = Insertable<ConsultationVersionTable>;
export type ConsultationVersionUpdate = Updateable<ConsultationVersionTable>;

/** What the office says about a block of a revised version: where it comes from, and why it changed. */
export interface BlockChangeTable {
  id: Generated<number>;
  version_id: number;
  block_id: number;
  /** JSON array of the previous version's block ids ('[]': new); null: as computed. */
  sources_json: string | null;
  reason: string | null;
  updated_at: string;
  updated_by: number | null;
}
export type BlockChange = Selectable<BlockChangeTable>;
export type NewBlockChange = Insertable<BlockChangeTable>;
export type BlockChangeUpdate = Updateable<BlockChangeTable>;

export interface BlockTable {
  id: Generated<number>;
  consultation_id: number;
  /** The version of the text this block belongs to (migration 0006). */
  version_id: number;
  key: string;
  parent_id: number | null;
  position: number;
  depth: number;
  kind: 'heading' | 'article' | 'item' | 'paragraph';
  label: string | null;
  number: number | null;
  title: string | null;
  text: string | null;
  lead_units: string;
  support_units: string;
  source_line: number | null;
  source_text: string | null;
  search_text: string;
  comment_count: Generated<number>;
}
export type Block = Selectable<BlockTable>;
export type NewBlock = Insertable<BlockTable>;
export type BlockUpdate = Updateable<BlockTable>;


export interface CommentTable {
  id: Generated<number>;
  consultation_id: number;
  block_id: number | null;
  tracking_number: string;
  channel: CommentChannel;
  body: string;
  author_name: string | null;
  organization: string | null;
  contact_email: string | null;
  contact_phone: string | null;
  status: CommentStatus;
  status_reason: string | null;
  late: number;
  locale: string;
  client_key: string | null;
  search_text: string;
  received_at: string;
  published_at: string | null;
  created_at: string;
  unit_id: number | null;
  inbound_message_id: number | null;
  offline_kind: OfflineKind | null;
  entered_by: number | null;
  duplicate_group_id: number | null;
  decision: Decision | null;
  decision_reason: string | null;
  decided_at: string | null;
  decided_by: number | null;
  outcome_notified_at: string | null;
  /** When the commenter ticked consent to keeping their contact details (0007_privacy). */
  contact_consent_at: Generated<string | null>;
  /** When contact details and the unmasked name were erased (retention purge or on request). */
  personal_data_erased_at: Generated<string | null>;
  /** The unit an email comment is proposed for until an officer confirms it (migration 0004_units). */
  proposed_unit_id: Generated<number | null>;
  /** The version the comment was made on; set by the database on insert (trigger comments_version, migration 0006). */
  version_id: Generated<number | null>;
  /** When an officer said it is not an opinion (migration 0009): then it counts nowhere, and no public page shows it. */
  not_opinion_at: string | null;
  not_opinion_reason: string | null;
  not_opinion_by: number | null;
}
export type Comment = Selectable<CommentTable>;
export type NewComment = Insertable<CommentTable>;
export type CommentUpdate = Updateable<CommentTable>;

export interface UnitTable {
  id: Generated<number>;
  name: string;
  created_at: string;
}
export type Unit = Selectable<UnitTable>;
export type NewUnit = Insertable<UnitTable>;
export type UnitUpdate = Updateable<UnitTable>;

export interface UnitAddressTable {
  id: Generated<number>;
  unit_id: number;
  email: string;
}
export type UnitAddress = Selectable<UnitAddressTable>;
export type NewUnitAddress = Insertable<UnitAddressTable>;


export interface RosterEntryTable {
  id: Generated<number>;
  consultation_id: number;
  unit_id: number;
  role: RosterRole;
  response: Generated<UnitResponse>;
  responded_at: string | null;
  invited_at: string | null;
  reminded_at: string | null;
  created_at: string;
}
export type RosterEntry = Selectable<RosterEntryTable>;
export type NewRosterEntry = Insertable<RosterEntryTable>;
export type RosterEntryUpdate = Updateable<RosterEntryTable>;

/** An address an invitation went to (migration 0004_units). */
export interface InvitationAddressTable {
  id: Generated<number>;
  consultation_id: number;
  unit_id: number;
  email: string;
  invited_at: string;
}
export type InvitationAddress = Selectable<InvitationAddressTable>;
export type NewInvitationAddress = Insertable<InvitationAddressTable>;
export type InvitationAddressUpdate = Updateable<InvitationAddressTable>;

export type InboundDoor = 'smtp' | 'imap' | 'file' | 'upload';
export type InboundState = 'received' | 'processed' | 'needs_attention';
export type InboundOutcome = 'comments' | 'no-comments' | 'spam' | 'unassigned' | 'needs-attention';

export interface InboundMessageTable {
  id: Generated<number>;
  door: InboundDoor;
  message_id: string | null;
  raw_sha256: string;
  /** Empty when raw_key is set (the bytes are in the platform's file store). */
  raw: Uint8Array;
  /** Key of the raw message in the file store (Workers: R2; migration 0008_workers); null when the bytes are in `raw`. */
  raw_key: Generated<string | null>;
  size: number;
  envelope_from: string | null;
  envelope_to: string;
  imap_mailbox: string | null;
  imap_uid_validity: number | null;
  imap_uid: number | null;
  received_at: string;
  sent_at: string | null;
  state: InboundState;
  outcome: InboundOutcome | null;
  /** Why it was set aside or needs a person: a MailReason as JSON (older rows: Chinese text). */
  reason: string | null;
  consultation_id: number | null;
  unit_id: number | null;
  from_address: string | null;
  from_name: string | null;
  subject: string | null;
  late: number;
  locale: string;
  understood_json: string;
  processed_at: string | null;
  created_at: string;
  /** When an officer said this message is not spam (migration 0003_mail); null otherwise. */
  not_spam_at: Generated<string | null>;
  /** When its raw bytes, addresses and attachments were erased (0007_privacy). */
  personal_data_erased_at: Generated<string | null>;
  /** The unit the message is proposed for, until an officer confirms or rejects it (migration 0004_units). */
  proposed_unit_id: Generated<number | null>;
}
export type InboundMessage = Selectable<InboundMessageTable>;
export type NewInboundMessage = Insertable<InboundMessageTable>;
export type InboundMessageUpdate = Updateable<InboundMessageTable>;

export interface InboundAttachmentTable {
  id: Generated<number>;
  inbound_message_id: number;
  position: number;
  filename: string | null;
  content_type: string;
  size: number;
  /** Empty when content_key is set. */
  content: Uint8Array;
  /** Key of the content in the file store (Workers: R2; migration 0008_workers); null when the bytes are in `content`. */
  content_key: Generated<string | null>;
  disposition: 'feedback' | 'kept';
  text: string | null;
}
export type InboundAttachment = Selectable<InboundAttachmentTable>;
export type NewInboundAttachment = Insertable<InboundAttachmentTable>;

export type OutboxKind = 'acknowledgement' | 'invitation' | 'reminder' | 'outcome' | 'other';
export type OutboxState = 'queued' | 'sending' | 'sent' | 'failed';

export interface OutboxTable {
  id: Generated<number>;
  kind: OutboxKind;
  dedupe_key: string | null;
  consultation_id: number | null;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  headers_json: string;
  state: OutboxState;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  sent_at: string | null;
  delivered_to: string | null;
  created_at: string;
}
export type OutboxMessage = Selectable<OutboxTable>;
export type NewOutboxMessage = Insertable<OutboxTable>;
export type OutboxMessageUpdate = Updateable<OutboxTable>;

export type OfficerRole = 'admin' | 'officer' | 'moderator';

export interface OfficerTable {
  id: Generated<number>;
  email: string;
  name: string | null;
  role: OfficerRole;
  password_hash: string;
  disabled_at: string | null;
  created_at: string;
  updated_at: string;
  /** 1 while the account still has a one-time password someone else chose (migration 0005). */
  must_change_password: Generated<number>;
}
export type Officer = Selectable<OfficerTable>;
export type NewOfficer = Insertable<OfficerTable>;
export type OfficerUpdate = Updateable<OfficerTable>;

export interface SessionTable {
  id: string;
  officer_id: number;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  user_agent: string | null;
  ip: string | null;
}
export type Session = Selectable<SessionTable>;
export type NewSession = Insertable<SessionTable>;
export type SessionUpdate = Updateable<SessionTable>;

export interface LoginFailureTable {
  id: Generated<number>;
  key: string;
  failed_at: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  officer_id: number | null;
  action: string;
  consultation_id: number | null;
  target_type: string | null;
  target_id: number | null;
  detail_json: string;
  ip: string | null;
  at: string;
}
export type AuditEntry = Selectable<AuditLogTable>;
export type NewAuditEntry = Insertable<AuditLogTable>;

/** The last near-duplicate grouping of a consultation's comments (migrations/0003_review.sql). */
export interface DuplicateRunTable {
  consultation_id: number;
  through_comment_id: number;
  comment_count: number;
  group_count: number;
  grouped_comment_count: number;
  ran_at: string;
}
export type DuplicateRun = Selectable<DuplicateRunTable>;

/** Settings the office edits once for the whole site (0007_privacy), e.g. the privacy notice. */
export interface SiteSettingTable {
  key: string;
  value: string;
  updated_at: string;
  updated_by: number | null;
}
export type SiteSetting = Selectable<SiteSettingTable>;
export type NewSiteSetting = Insertable<SiteSettingTable>;
export type SiteSettingUpdate = Updateable<SiteSettingTable>;

export interface D1MigrationTable {
  id: Generated<number>;
  name: string;
  applied_at: Generated<string>;
}

/** One fixed window of the comment rate limit per client key, where it is kept in the database (Workers). */
export interface RateLimitTable {
  key: string;
  /** Milliseconds since the epoch. */
  window_start: number;
  count: number;
}
export type RateLimit = Selectable<RateLimitTable>;
export type NewRateLimit = Insertable<RateLimitTable>;
export type RateLimitUpdate = Updateable<RateLimitTable>;

export type DocumentKind = 'explanation' | 'other';

/** A file the office attached to a version of a consultation (0010_citizens): 起草说明 and others, PDF/DOCX/XLSX. */
export interface ConsultationDocumentTable {
  id: Generated<number>;
  consultation_id: number;
  /** The version of the text it goes with (consultation_versions); public once that version is. */
  version_id: number;
  kind: DocumentKind;
  title: string;
  filename: string;
  /** Decided from the checked file type, never the browser's word. */
  content_type: string;
  size: number;
  sha256: string;
  /** Empty when content_key is set. */
  content: Uint8Array;
  /** Key of the bytes in the file store (Workers: R2); null when they are in `content`. */
  content_key: string | null;
  position: number;
  created_at: string;
  created_by: number | null;
}
export type ConsultationDocument = Selectable<ConsultationDocumentTable>;
export type NewConsultationDocument = Insertable<ConsultationDocumentTable>;
export type ConsultationDocumentUpdate = Updateable<ConsultationDocumentTable>;

export type SubscriptionState = 'pending' | 'confirmed';

/** An email subscription to a consultation's results and new rounds, double opt-in (0010_citizens). */
export interface SubscriptionTable {
  id: Generated<number>;
  consultation_id: number;
  /** Trimmed, lower case. */
  email: string;
  locale: string;
  /** Random, 192 bits: the only thing the confirmation and unsubscribe links carry. */
  token: string;
  state: SubscriptionState;
  consent_at: string;
  /** When the last confirmation was mailed. */
  requested_at: string;
  confirmed_at: string | null;
  created_at: string;
}
export type Subscription = Selectable<SubscriptionTable>;
export type NewSubscription = Insertable<SubscriptionTable>;
export type SubscriptionUpdate = Updateable<SubscriptionTable>;

export interface Database {
  consultations: ConsultationTable;
  blocks: BlockTable;
  comments: CommentTable;
  units: UnitTable;
  unit_addresses: UnitAddressTable;
  roster_entries: RosterEntryTable;
  invitation_addresses: InvitationAddressTable;
  inbound_messages: InboundMessageTable;
  inbound_attachments: InboundAttachmentTable;
  outbox: OutboxTable;
  officers: OfficerTable;
  sessions: SessionTable;
  login_failures: LoginFailureTable;
  audit_log: AuditLogTable;
  d1_migrations: D1MigrationTable;
  duplicate_runs: DuplicateRunTable;
  site_settings: SiteSettingTable;
  rate_limits: RateLimitTable;
  consultation_versions: ConsultationVersionTable;
  block_changes: BlockChangeTable;
  consultation_documents: ConsultationDocumentTable;
  subscriptions: SubscriptionTable;
}
