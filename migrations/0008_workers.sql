-- Issue 12: the same app on Cloudflare Workers (D1 + R2).

-- Where a message's raw bytes and an attachment's content live when the platform keeps files
-- apart from the database (Workers: R2, since a D1 row holds at most about 2 MB). NULL: the bytes
-- are in the row itself (Node), and the row's BLOB is then the only copy. Set: the row's BLOB is
-- empty and the bytes are the object of that key in the platform's file store.
ALTER TABLE inbound_messages ADD COLUMN raw_key TEXT;
ALTER TABLE inbound_attachments ADD COLUMN content_key TEXT;

-- The comment rate limit where many isolates serve one site (Workers): one fixed window per
-- client key, counted by a single conditional UPSERT so that concurrent requests cannot all pass.
CREATE TABLE rate_limits (
  key TEXT PRIMARY KEY,
  window_start INTEGER NOT NULL,
  count INTEGER NOT NULL
) WITHOUT ROWID;
