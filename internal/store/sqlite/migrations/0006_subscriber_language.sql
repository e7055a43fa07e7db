-- The language the bot speaks to a chat: an i18n code, or '' until one is
-- known (replies then follow the sender's Telegram app, digests English).
ALTER TABLE subscribers ADD COLUMN language TEXT NOT NULL DEFAULT '';
