-- yijian schema, part 10 (issue 13, items 4 and 5): supporting documents of a version, and citizens told.
-- Plain SQLite SQL for both `npm run migrate` and `wrangler d1 migrations apply`.

-- Files the office attaches to a version of a consultation's text: the 起草说明 (drafting
-- explanation) of that version and others, PDF, DOCX or XLSX only. Public once their version is
-- published, on that version's page; always served as downloads. A revision's documents go with
-- it if it is discarded unpublished (the cascade; D1 and Node both keep foreign keys on at run time).
CREATE TABLE consultation_documents (
  id INTEGER PRIMARY KEY,
  consultation_id INTEGER NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
  version_id INTEGER NOT NULL REFERENCES consultation_versions (id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('explanation', 'other')),
  title TEXT NOT NULL,
  filename TEXT NOT NULL,
  -- Decided by the server from the checked file type, never taken from the browser.
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  -- Empty when content_key is set: the bytes are then the object of that key in the platform's
  -- file store (Workers: R2, since a D1 row holds about 2 MB). On Node the bytes are here.
  content BLOB NOT NULL,
  content_key TEXT,
  position INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  created_by INTEGER REFERENCES officers (id)
);
CREATE INDEX consultation_documents_by_consultation ON consultation_documents (consultation_id, position);
CREATE INDEX consultation_documents_by_version ON consultation_documents (version_id, position);

-- Email subscriptions to one consultation's results and new rounds, with double opt-in: a row is
-- 'pending' until the link mailed to the address is followed and its button pressed. The token is
-- random (192 bits), the only thing any link carries; unsubscribing deletes the row.
CREATE TABLE subscriptions (
  id INTEGER PRIMARY KEY,
  consultation_id INTEGER NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
  -- Trimmed and in lower case, as every address is compared.
  email TEXT NOT NULL,
  locale TEXT NOT NULL,
  token TEXT NOT NULL UNIQUE,
  state TEXT NOT NULL CHECK (state IN ('pending', 'confirmed')),
  -- When the person ticked consent to keeping the address (PIPL): the subscription form requires it.
  consent_at TEXT NOT NULL,
  -- The last time a confirmation was mailed: confirmations expire, and are not re-sent too often.
  requested_at TEXT NOT NULL,
  confirmed_at TEXT,
  created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX subscriptions_one_per_address ON subscriptions (consultation_id, email);
CREATE INDEX subscriptions_by_state ON subscriptions (consultation_id, state);
