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

-- The review queue pages through a consultation in document order (paragraph, then time
-- received) and counts what its filters match. This index gives that order without sorting, and
-- holds every column the filters read but the search text, so that paging and counting 100,000
-- comments reads the index, not the comments' text. (Its first three columns are
-- comments_by_block_received of 0003_reports.sql: one of the two would do for both.)
CREATE INDEX comments_queue ON comments (consultation_id, block_id, received_at, duplicate_group_id, status, decision, channel, late, unit_id);
