-- The secret_version whose refresh token went to the provider in a refresh call whose outcome is not recorded yet.
-- Written just before the call, cleared when the outcome is recorded; a commit or a deposit moves secret_version on,
-- so a marker naming an older version means nothing. Still matching when the next claim takes the row, it means the
-- replica that made the call died (kill -9) or lost its claim before the answer: the provider may have rotated the
-- refresh token, as after a timeout, so that claim turns the marker into refresh_in_doubt.
ALTER TABLE credentials ADD COLUMN refresh_sent_version bigint;
