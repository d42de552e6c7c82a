-- yijian schema: versions of a consultation's text (issue 13). A consultation has one or more
-- versions; each block belongs to one version, each comment stays on the version it was made on.
-- Every existing consultation becomes version 1 of itself; every block and comment keeps its id.
--
-- The consultations row keeps what is live: the current version's title, notice, import report
-- and text, and the window of the round that is running or ran last. A version row keeps its own
-- text's metadata and, once a later version replaced it, the window, results and roster its round
-- had.
--
-- blocks is rebuilt (SQLite cannot drop its UNIQUE (consultation_id, key) constraints, and a key
-- such as a5 now repeats from one version to the next). comments reference blocks: on Node the
-- runner turns foreign keys off around a migration and checks them before the commit
-- (src/platform/node/migrations.ts); D1 keeps them on, and defer_foreign_keys lets the rebuild
-- below pass there too (see the note at the rebuild).
PRAGMA defer_foreign_keys = ON;

CREATE TABLE consultation_versions (
  id INTEGER PRIMARY KEY,
  consultation_id INTEGER NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
  -- 1, 2, 3, … in the order the office loaded them; the public URL /consultations/:slug/v/:number.
  number INTEGER NOT NULL,
  state TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'published')),
  -- A version is published for a round of comment (with its own window) or as the final text.
  purpose TEXT NOT NULL DEFAULT 'round' CHECK (purpose IN ('round', 'final')),
  title TEXT NOT NULL,
  meta_json TEXT NOT NULL DEFAULT '{}',
  import_report_json TEXT NOT NULL DEFAULT '{}',
  source_text TEXT,
  source_format TEXT,
  -- The round as it ran, kept when a later version replaces this one (until then: consultations').
  opens_at TEXT,
  closes_at TEXT,
  closed_early_at TEXT,
  closed_early_reason TEXT,
  extension_reason TEXT,
  results_statement TEXT,
  results_published_at TEXT,
  -- The roster as the round ended: [{ unit, role, response, respondedAt, invitedAt }].
  roster_json TEXT,
  created_at TEXT NOT NULL,
  published_at TEXT,
  UNIQUE (consultation_id, number)
);

INSERT INTO consultation_versions (consultation_id, number, state, purpose, title, meta_json, import_report_json, source_text, source_format, created_at, published_at)
  SELECT id, 1, state, 'round', title, meta_json, import_report_json, source_text, source_format, created_at, published_at FROM consultations;

-- The version the public reads at /consultations/:slug: the latest published one (version 1 while
-- the consultation is still a draft).
ALTER TABLE consultations ADD COLUMN current_version_id INTEGER REFERENCES consultation_versions (id);
UPDATE consultations SET current_version_id = (SELECT v.id FROM consultation_versions v WHERE v.consultation_id = consultations.id AND v.number = 1);

-- The rows are set aside in a plain copy, the old table dropped, the new one created under the
-- same name and filled again. With foreign keys on (D1 always; Node turns them off around a
-- migration) the drop leaves every comment's block_id dangling for a moment, which
-- defer_foreign_keys allows until the commit; putting each block back under its own id repairs
-- that before the commit. (Renaming a new table over the old name would not: the dangling count
-- is only repaired by rows arriving in the parent table.)
CREATE TABLE blocks_before_versions AS
  SELECT b.id, b.consultation_id, c.current_version_id AS version_id, b.key, b.parent_id, b.position, b.depth, b.kind, b.label, b.number, b.title, b.text,
    b.lead_units, b.support_units, b.source_line, b.source_text, b.search_text, b.comment_count
  FROM blocks b JOIN consultations c ON c.id = b.consultation_id;

DROP TABLE blocks;

CREATE TABLE blocks (
  id INTEGER PRIMARY KEY,
  consultation_id INTEGER NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
  version_id INTEGER NOT NULL REFERENCES consultation_versions (id) ON DELETE CASCADE,
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
  search_text TEXT NOT NULL DEFAULT '',
  comment_count INTEGER NOT NULL DEFAULT 0,
  UNIQUE (version_id, key),
  UNIQUE (version_id, position)
);

-- In id order, so that a parent is back before its children.
INSERT INTO blocks (id, consultation_id, version_id, key, parent_id, position, depth, kind, label, number, title, text, lead_units, support_units, source_line, source_text, search_text, comment_count)
  SELECT id, consultation_id, version_id, key, parent_id, position, depth, kind, label, number, title, text, lead_units, support_units, source_line, source_text, search_text, comment_count
  FROM blocks_before_versions ORDER BY id;

DROP TABLE blocks_before_versions;

CREATE INDEX blocks_by_parent ON blocks (parent_id);
-- Queries written before versions existed look blocks up by consultation, by key or in order:
-- the two indexes the old UNIQUE constraints gave them, no longer unique.
CREATE INDEX blocks_by_consultation_key ON blocks (consultation_id, key);
CREATE INDEX blocks_by_consultation_position ON blocks (consultation_id, position);

-- A comment stays on the version it was made on: its block's version, or for a comment on the
-- whole text the version current when it arrived. Set by the database, so that every door
-- (web, API, mail, offline entry, imports) agrees without each remembering to.
ALTER TABLE comments ADD COLUMN version_id INTEGER REFERENCES consultation_versions (id);
UPDATE comments SET version_id = (SELECT current_version_id FROM consultations WHERE id = comments.consultation_id);

CREATE TRIGGER comments_version AFTER INSERT ON comments WHEN NEW.version_id IS NULL
BEGIN
  UPDATE comments SET version_id = coalesce(
    (SELECT version_id FROM blocks WHERE id = NEW.block_id),
    (SELECT current_version_id FROM consultations WHERE id = NEW.consultation_id)
  ) WHERE id = NEW.id;
END;

-- What the office says about a block of a revised version (or of the version before, for a block
-- the revision removed): which blocks of the previous version it comes from, when the computed
-- correspondence is wrong, and the reason for the change (修改理由) shown in the 修改对照表.
CREATE TABLE block_changes (
  id INTEGER PRIMARY KEY,
  version_id INTEGER NOT NULL REFERENCES consultation_versions (id) ON DELETE CASCADE,
  block_id INTEGER NOT NULL REFERENCES blocks (id) ON DELETE CASCADE,
  -- JSON array of block ids of the previous version ('[]': the block is new); NULL: as computed.
  sources_json TEXT,
  reason TEXT,
  updated_at TEXT NOT NULL,
  updated_by INTEGER REFERENCES officers (id),
  UNIQUE (version_id, block_id)
);
