-- An account whose password someone else chose (a one-time password printed by user:add, shown on
-- the accounts page, after a reset, or for the first start's sample admin) must set its own before
-- it can do anything else.
ALTER TABLE officers ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
