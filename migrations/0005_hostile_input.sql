-- Sign-in attempts are reserved before the password is hashed: the row is written first, under a
-- condition that counts the recent ones, so that concurrent guesses (in one process or several)
-- cannot all pass the check before any of them is recorded. A row is a failure unless its attempt
-- succeeds, which deletes it again; `attempt` names the rows of one attempt (its account and its
-- address) so that a success removes exactly those.
ALTER TABLE login_failures ADD COLUMN attempt TEXT;
CREATE INDEX login_failures_by_attempt ON login_failures (attempt);

-- An account whose password someone else chose (a one-time password printed by user:add, shown on
-- the accounts page, after a reset, or for the first start's sample admin) must set its own before
-- it can do anything else.
ALTER TABLE officers ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
