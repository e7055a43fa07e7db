# Sourced by .ci/run: makes NEWSDIGEST_TEST_POSTGRES_DSN point at a
# PostgreSQL server for the tests that need one, starting or installing
# it when the machine lacks one. Tests skip when it stays unset.
pg_dsn="postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
pg_ready() { command -v pg_isready >/dev/null && pg_isready -h 127.0.0.1 -p 5432 -q; }
if [ -z "${NEWSDIGEST_TEST_POSTGRES_DSN:-}" ]; then
	if ! pg_ready; then
		if ! command -v pg_ctlcluster >/dev/null; then
			echo "== installing PostgreSQL"
			(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) || true
		fi
		if command -v pg_ctlcluster >/dev/null; then
			echo "== starting PostgreSQL"
			for v in $(ls /etc/postgresql 2>/dev/null); do
				pg_ctlcluster --skip-systemctl-redirect "$v" main start 2>/dev/null || true
			done
			for _ in $(seq 1 30); do pg_ready && break; sleep 1; done
		fi
	fi
	if pg_ready; then
		export NEWSDIGEST_TEST_POSTGRES_DSN="$pg_dsn"
		echo "== PostgreSQL ready: tests use $NEWSDIGEST_TEST_POSTGRES_DSN"
	else
		echo "== no PostgreSQL: its tests will skip"
	fi
fi
