-- Channels connected through one app of the organisation's (Facebook pages,
-- Instagram professional accounts, LinkedIn organisations): which account
-- of the person's the channel posts as (page id, Instagram user id,
-- organisation URN), and when its long-lived token expires (none: it does
-- not expire by itself).
ALTER TABLE channel_connections ADD COLUMN account_id TEXT NOT NULL DEFAULT '';
ALTER TABLE channel_connections ADD COLUMN token_expires_at BIGINT;
