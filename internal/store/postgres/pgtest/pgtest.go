// Package pgtest gives tests a fresh, empty PostgreSQL schema on the server
// NEWSDIGEST_TEST_POSTGRES_DSN names, or skips them when it names none.
package pgtest // import "github.com/newsdigest/newsdigest/internal/store/postgres/pgtest"

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

// Env is the variable naming the test server.
const Env = "NEWSDIGEST_TEST_POSTGRES_DSN"

// DSN creates a schema of its own for the test, dropped when it ends, and
// returns a DSN whose connections use it.
func DSN(t testing.TB) string {
	t.Helper()
	base := os.Getenv(Env)
	if base == "" {
		t.Skip("postgres: set NEWSDIGEST_TEST_POSTGRES_DSN to run the PostgreSQL tests (.ci/run sets it)")
	}
	b := make([]byte, 8)
	rand.Read(b)
	name := "nd_test_" + hex.EncodeToString(b)
	Exec(t, base, "CREATE SCHEMA "+name)
	t.Cleanup(func() { Exec(t, base, "DROP SCHEMA "+name+" CASCADE") })
	// A runtime parameter in the DSN goes into the startup message, so every
	// pooled connection starts with this search_path.
	if strings.HasPrefix(base, "postgres://") || strings.HasPrefix(base, "postgresql://") {
		u, err := url.Parse(base)
		if err != nil {
			t.Fatal(err)
		}
		q := u.Query()
		q.Set("search_path", name)
		u.RawQuery = q.Encode()
		return u.String()
	}
	return base + " search_path=" + name
}

// Exec runs one statement on its own connection.
func Exec(t testing.TB, dsn, sql string) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, sql); err != nil {
		t.Fatal(err)
	}
}
