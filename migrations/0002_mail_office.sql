-- yijian schema, part 2: email intake, departments, outgoing mail, officer accounts, decisions
-- and results. Plain SQLite SQL for both `npm run migrate` and `wrangler d1 migrations apply`.

-- Officer accounts and their sessions.
CREATE TABLE officers (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL UNIQUE COLLATE NOCASE,
  name TEXT,
  role TEXT NOT NULL CHECK (role IN ('admin', 'officer', 'moderator')),
  password_hash TEXT NOT NULL,
  disabled_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- Consultations gain what the office sets and publishes.
ALTER TABLE consultations ADD COLUMN intake_local TEXT;            -- local part of the intake address; NULL means the slug
ALTER TABLE consultations ADD COLUMN document_kind TEXT NOT NULL DEFAULT 'other' CHECK (document_kind IN ('rule', 'other'));
ALTER TABLE consultations ADD COLUMN reminder_days INTEGER NOT NULL DEFAULT 3;  -- remind silent units N days before the deadline
ALTER TABLE consultations ADD COLUMN closed_early_reason TEXT;
ALTER TABLE consultations ADD COLUMN results_statement TEXT;
ALTER TABLE consultations ADD COLUMN results_published_at TEXT;
CREATE UNIQUE INDEX consultations_by_intake ON consultations (intake_local) WHERE intake_local IS NOT NULL;

-- Units (单位/部门) are kept once and reused by every consultation that asks them.
CREATE TABLE units (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL
);

CREATE TABLE unit_addresses (
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES units (id) ON DELETE CASCADE,
  email TEXT NOT NULL UNIQUE COLLATE NOCASE
);
CREATE INDEX unit_addresses_by_unit ON unit_addresses (unit_id);

-- A consultation's roster: the units asked, and where each stands.
CREATE TABLE roster_entries (
  id INTEGER PRIMARY KEY,
  consultation_id INTEGER NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
  unit_id INTEGER NOT NULL REFERENCES units (id),
  role TEXT NOT NULL DEFAULT 'added' CHECK (role IN ('lead', 'support', 'added')),
  response TEXT NOT NULL DEFAULT 'none' CHECK (response IN ('none', 'comments', 'no_comments')),
  responded_at TEXT,
  invited_at TEXT,
  reminded_at TEXT,
  created_at TEXT NOT NULL,
  UNIQUE (consultation_id, unit_id)
);

-- Every inbound message, stored raw before anything acknowledges it, whatever its door.
CREATE TABLE inbound_messages (
  id INTEGER PRIMARY KEY,
  door TEXT NOT NULL CHECK (door IN ('smtp', 'imap', 'file', 'upload')),
  message_id TEXT,
  raw_sha256 TEXT NOT NULL,
  raw BLOB NOT NULL,
  size INTEGER NOT NULL,
  envelope_from TEXT,
  envelope_to TEXT NOT NULL DEFAULT '[]',
  imap_mailbox TEXT,
  imap_uid_validity INTEGER,
  imap_uid INTEGER,
  -- When our side took the message in (server clock) and when it was sent, as far as we can trust it.
  received_at TEXT NOT NULL,
  sent_at TEXT,
  state TEXT NOT NULL DEFAULT 'received' CHECK (state IN ('received', 'processed', 'needs_attention')),
  outcome TEXT CHECK (outcome IN ('comments', 'no-comments', 'spam', 'unassigned', 'needs-attention')),
  reason TEXT,
  consultation_id INTEGER REFERENCES consultations (id) ON DELETE SET NULL,
  unit_id INTEGER REFERENCES units (id),
  from_address TEXT,
  from_name TEXT,
  subject TEXT,
  late INTEGER NOT NULL DEFAULT 0,
  locale TEXT NOT NULL DEFAULT 'zh-CN',
  understood_json TEXT NOT NULL DEFAULT '{}',
  processed_at TEXT,
  created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX inbound_by_message_id ON inbound_messages (message_id) WHERE message_id IS NOT NULL;
CREATE UNIQUE INDEX inbound_by_imap_uid ON inbound_messages (imap_mailbox, imap_uid_validity, imap_uid) WHERE imap_uid IS NOT NULL;
CREATE INDEX inbound_by_sha ON inbound_messages (raw_sha256);
CREATE INDEX inbound_by_state ON inbound_messages (state, outcome, received_at);

CREATE TABLE inbound_attachments (
  id INTEGER PRIMARY KEY,
  inbound_message_id INTEGER NOT NULL REFERENCES inbound_messages (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  filename TEXT,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  content BLOB NOT NULL,
  -- 'feedback': read as the sender's comments; 'kept': stored for an officer to open.
  disposition TEXT NOT NULL CHECK (disposition IN ('feedback', 'kept')),
  text TEXT
);
CREATE INDEX inbound_attachments_by_message ON inbound_attachments (inbound_message_id);

-- Comments gain where they came from and what the office decided.
ALTER TABLE comments ADD COLUMN unit_id INTEGER REFERENCES units (id);
ALTER TABLE comments ADD COLUMN inbound_message_id INTEGER REFERENCES inbound_messages (id);
ALTER TABLE comments ADD COLUMN offline_kind TEXT CHECK (offline_kind IN ('letter', 'phone', 'meeting', 'other'));
ALTER TABLE comments ADD COLUMN entered_by INTEGER REFERENCES officers (id);
ALTER TABLE comments ADD COLUMN duplicate_group_id INTEGER;
ALTER TABLE comments ADD COLUMN decision TEXT CHECK (decision IN ('adopted', 'partly_adopted', 'not_adopted', 'explained'));
ALTER TABLE comments ADD COLUMN decision_reason TEXT;
ALTER TABLE comments ADD COLUMN decided_at TEXT;
ALTER TABLE comments ADD COLUMN decided_by INTEGER REFERENCES officers (id);
ALTER TABLE comments ADD COLUMN outcome_notified_at TEXT;
CREATE INDEX comments_by_unit ON comments (consultation_id, unit_id);
CREATE INDEX comments_by_message ON comments (inbound_message_id);
CREATE INDEX comments_by_group ON comments (duplicate_group_id);

-- All outgoing mail: acknowledgements, invitations, reminders, outcome notices.
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('acknowledgement', 'invitation', 'reminder', 'outcome', 'other')),
  -- Makes queuing idempotent: one reminder per unit and consultation, one acknowledgement per message.
  dedupe_key TEXT UNIQUE,
  consultation_id INTEGER REFERENCES consultations (id) ON DELETE SET NULL,
  to_address TEXT NOT NULL,
  subject TEXT NOT NULL,
  text_body TEXT NOT NULL,
  html_body TEXT,
  headers_json TEXT NOT NULL DEFAULT '{}',
  state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sending', 'sent', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  last_error TEXT,
  sent_at TEXT,
  -- Where the embedded default wrote the message (data/outbox/…eml), or the relay's message id.
  delivered_to TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);

-- Sessions, login throttling and the audit log.
CREATE TABLE sessions (
  -- SHA-256 of the cookie's token: a copy of this table does not let anyone log in.
  id TEXT PRIMARY KEY,
  officer_id INTEGER NOT NULL REFERENCES officers (id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  user_agent TEXT,
  ip TEXT
);
CREATE INDEX sessions_by_officer ON sessions (officer_id);

CREATE TABLE login_failures (
  id INTEGER PRIMARY KEY,
  -- 'email:<address>' or 'ip:<address>'
  key TEXT NOT NULL,
  failed_at TEXT NOT NULL
);
CREATE INDEX login_failures_by_key ON login_failures (key, failed_at);

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  officer_id INTEGER REFERENCES officers (id),
  action TEXT NOT NULL,
  consultation_id INTEGER REFERENCES consultations (id) ON DELETE SET NULL,
  target_type TEXT,
  target_id INTEGER,
  detail_json TEXT NOT NULL DEFAULT '{}',
  ip TEXT,
  at TEXT NOT NULL
);
CREATE INDEX audit_by_time ON audit_log (at);
CREATE INDEX audit_by_consultation ON audit_log (consultation_id, at);
