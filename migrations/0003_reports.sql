-- yijian schema, part 3: the feedback report reads a consultation's comments paragraph by
-- paragraph in the order they were received, in pages (keyset on received_at, id). This index
-- serves that read without sorting, whatever the number of comments.
CREATE INDEX comments_by_block_received ON comments (consultation_id, block_id, received_at);
