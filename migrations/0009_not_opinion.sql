-- yijian schema, issue 10 (review and report): an officer's word that a comment is not an opinion
-- (a salutation, a receipt, a signature the mail reading let through, a test message). Plain
-- SQLite SQL for both `npm run migrate` and `wrangler d1 migrations apply`.
--
-- Kept beside the comment's status, not as a status of its own: status says whether the public
-- sees a comment (pending / published / hidden / spam), this says whether it counts. A comment
-- restored as an opinion is exactly where it was — published again if it was published, with its
-- decision and its place in its near-duplicate group — and SQLite cannot widen the status CHECK
-- without rebuilding the comments table.
ALTER TABLE comments ADD COLUMN not_opinion_at TEXT;
ALTER TABLE comments ADD COLUMN not_opinion_reason TEXT;
ALTER TABLE comments ADD COLUMN not_opinion_by INTEGER REFERENCES officers (id);

-- The review queue's index (0003_review.sql) also holds the new column, so that paging and
-- counting the queue, which leaves these comments out unless asked for them, still reads the
-- index rather than the comments.
DROP INDEX comments_queue;
CREATE INDEX comments_queue ON comments (consultation_id, block_id, received_at, duplicate_group_id, status, decision, channel, late, unit_id, not_opinion_at);
