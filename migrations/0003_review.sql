-- yijian schema, part 3: the review queue's bookkeeping. Plain SQLite SQL for both
-- `npm run migrate` and `wrangler d1 migrations apply`.

-- The last near-duplicate grouping of each consultation's comments (src/review/duplicates.ts):
-- comments newer than through_comment_id, or a different count, mean the grouping is stale.
CREATE TABLE duplicate_runs (
  consultation_id INTEGER PRIMARY KEY REFERENCES consultations (id) ON DELETE CASCADE,
  through_comment_id INTEGER NOT NULL,
  comment_count INTEGER NOT NULL,
  group_count INTEGER NOT NULL,
  grouped_comment_count INTEGER NOT NULL,
  ran_at TEXT NOT NULL
);

-- The queue filters by decision ("undecided") and pages through a consultation in document order.
CREATE INDEX comments_by_decision ON comments (consultation_id, decision);
CREATE INDEX comments_by_block ON comments (consultation_id, block_id, received_at);
