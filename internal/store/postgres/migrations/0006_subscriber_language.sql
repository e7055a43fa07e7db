-- The language the bot speaks to a chat: an i18n code, or '' until one is
-- known (replies then follow the sender's Telegram app, digests English).
-- A constant default: no table rewrite.
ALTER TABLE subscribers ADD COLUMN language text NOT NULL DEFAULT '';
