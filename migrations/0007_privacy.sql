-- yijian schema, part 7 (issue 14): personal information under the PIPL (个人信息保护法).
-- Plain SQLite SQL for both `npm run migrate` and `wrangler d1 migrations apply`.

-- Settings the office edits once for the whole site: the privacy notice shown on the comment form
-- and in mail acknowledgements (keys privacy_notice.zh-CN, privacy_notice.en; absent: the default).
CREATE TABLE site_settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by INTEGER REFERENCES officers (id)
);

-- When the commenter ticked consent to keeping their contact details (web form and API); null for
-- comments without contact details, from mail, entered by an officer, or from before this.
ALTER TABLE comments ADD COLUMN contact_consent_at TEXT;
-- When this comment's contact details and unmasked name were erased: by the retention purge or on
-- the person's request. Its text, decision and masked name stay.
ALTER TABLE comments ADD COLUMN personal_data_erased_at TEXT;
-- The same for a stored message: its raw bytes, addresses and attachments' contents are gone.
ALTER TABLE inbound_messages ADD COLUMN personal_data_erased_at TEXT;
-- When the retention purge erased this consultation's commenters' contact details.
ALTER TABLE consultations ADD COLUMN contacts_purged_at TEXT;
