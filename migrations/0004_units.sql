-- yijian schema, part 4 (issue 10): the unit directory and who a department's mail belongs to.
-- Plain SQLite SQL for both `npm run migrate` and `wrangler d1 migrations apply`.

-- A message from an address that is no unit's, signed with a rostered unit's name (a department
-- writing from a personal mailbox): the unit it is PROPOSED for, until an officer confirms it
-- (then unit_id is set and the address is remembered) or rejects it. Its comments carry the same
-- proposal, so that every list of comments can show it without reading the mail.
ALTER TABLE inbound_messages ADD COLUMN proposed_unit_id INTEGER REFERENCES units (id);
CREATE INDEX inbound_by_proposed_unit ON inbound_messages (proposed_unit_id, received_at) WHERE proposed_unit_id IS NOT NULL;
ALTER TABLE comments ADD COLUMN proposed_unit_id INTEGER REFERENCES units (id);

-- The addresses each invitation went to: a reply from one of them is that unit's, even if the
-- unit's addresses change later.
CREATE TABLE invitation_addresses (
  id INTEGER PRIMARY KEY,
  consultation_id INTEGER NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
  unit_id INTEGER NOT NULL REFERENCES units (id),
  email TEXT NOT NULL COLLATE NOCASE,
  invited_at TEXT NOT NULL,
  UNIQUE (consultation_id, email)
);
CREATE INDEX invitation_addresses_by_unit ON invitation_addresses (unit_id);
