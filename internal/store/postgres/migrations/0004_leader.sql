-- Named leases elect one instance for work only one may do at a time,
-- such as long-polling Telegram for updates.
CREATE TABLE leases (
	name  text PRIMARY KEY,
	owner text NOT NULL,
	until timestamptz NOT NULL
);
