-- An officer's word that a message set aside as spam is not spam: kept on the message so that
-- reading it again (after it is assigned to a consultation, say) never sets it aside a second time.
ALTER TABLE inbound_messages ADD COLUMN not_spam_at TEXT;
