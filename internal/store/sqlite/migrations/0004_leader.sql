-- Named leases elect one instance for work only one may do at a time,
-- such as long-polling Telegram for updates.
CREATE TABLE leases (
	name  TEXT PRIMARY KEY,
	owner TEXT NOT NULL,
	until INTEGER NOT NULL
);
