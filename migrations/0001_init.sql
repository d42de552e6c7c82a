-- yijian schema, part 1: consultations, their blocks, and comments.
-- Plain SQLite SQL: the same file is applied by `npm run migrate` (Node) and by
-- `wrangler d1 migrations apply` (Cloudflare D1). Instants are ISO 8601 strings in UTC.

CREATE TABLE consultations (
  id INTEGER PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  summary TEXT,
  issuer TEXT,
  state TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'published')),
  opens_at TEXT,
  closes_at TEXT,
  closed_early_at TEXT,
  extension_reason TEXT,
  moderation TEXT NOT NULL DEFAULT 'pre' CHECK (moderation IN ('pre', 'post')),
  require_name INTEGER NOT NULL DEFAULT 0,
  contact_email TEXT,
  contact_person TEXT,
  contact_phone TEXT,
  meta_json TEXT NOT NULL DEFAULT '{}',
  import_report_json TEXT NOT NULL DEFAULT '{}',
  source_text TEXT,
  source_format TEXT,
  -- Bumped by every change that alters a public page; rendered pages are cached per version.
  -- The counters below count published comments only: an unpublished comment changes no page.
  version INTEGER NOT NULL DEFAULT 1,
  published_comment_count INTEGER NOT NULL DEFAULT 0,
  general_comment_count INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  published_at TEXT
);

CREATE INDEX consultations_by_window ON consultations (state, closes_at);

CREATE TABLE blocks (
  id INTEGER PRIMARY KEY,
  consultation_id INTEGER NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  parent_id INTEGER REFERENCES blocks (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  depth INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('heading', 'article', 'item', 'paragraph')),
  label TEXT,
  number INTEGER,
  title TEXT,
  text TEXT,
  lead_units TEXT NOT NULL DEFAULT '[]',
  support_units TEXT NOT NULL DEFAULT '[]',
  source_line INTEGER,
  source_text TEXT,
  -- Simplified-Chinese, lower-cased text so that a search matches traditional and simplified alike.
  search_text TEXT NOT NULL DEFAULT '',
  -- Published comments on this block, kept in the same transaction as the comment itself.
  comment_count INTEGER NOT NULL DEFAULT 0,
  UNIQUE (consultation_id, key),
  UNIQUE (consultation_id, position)
);

CREATE INDEX blocks_by_parent ON blocks (parent_id);

CREATE TABLE comments (
  id INTEGER PRIMARY KEY,
  consultation_id INTEGER NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
  block_id INTEGER REFERENCES blocks (id),
  tracking_number TEXT NOT NULL UNIQUE,
  channel TEXT NOT NULL CHECK (channel IN ('web', 'email', 'offline')),
  body TEXT NOT NULL,
  author_name TEXT,
  organization TEXT,
  -- Contact details are for the office only: never rendered on a public page or in the open API.
  contact_email TEXT,
  contact_phone TEXT,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'published', 'hidden', 'spam')),
  status_reason TEXT,
  late INTEGER NOT NULL DEFAULT 0,
  locale TEXT NOT NULL DEFAULT 'zh-CN',
  client_key TEXT,
  search_text TEXT NOT NULL DEFAULT '',
  received_at TEXT NOT NULL,
  published_at TEXT,
  created_at TEXT NOT NULL
);

CREATE INDEX comments_published ON comments (consultation_id, block_id, status, published_at);
CREATE INDEX comments_by_consultation ON comments (consultation_id, status, received_at);
