-- E-mail addresses are one address whatever their case: every lookup compares lower(email), so
-- the database refuses a second account for `Susan@Example.com` too. (On a database that
-- already holds two such accounts, this migration fails and names the index: merge or rename
-- one of them by hand first; the app never picks which account to lose.)
CREATE UNIQUE INDEX users_email_lower_key ON users (lower(email));
