import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

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
}
export type Consultation = Selectable<ConsultationTable>;
export type NewConsultation = Insertable<ConsultationTable>;
export type ConsultationUpdate = Updateable<ConsultationTable>;

export interface BlockTable {
  id: Generated<number>;
  consultation_id: number;
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

export type CommentStatus = 'pending' | 'published' | 'hidden' | 'spam';
export type CommentChannel = 'web' | 'email' | 'offline';

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
}
export type Comment = Selectable<CommentTable>;
export type NewComment = Insertable<CommentTable>;
export type CommentUpdate = Updateable<CommentTable>;

export interface D1MigrationTable {
  id: Generated<number>;
  name: string;
  applied_at: Generated<string>;
}

export interface Database {
  consultations: ConsultationTable;
  blocks: BlockTable;
  comments: CommentTable;
  d1_migrations: D1MigrationTable;
}
