package cli_test

import (
	"database/sql"
	"fmt"
	"github.com/newsdigest/newsdigest/internal/store/postgres/pgtest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	_ "modernc.org/sqlite"
)

// migrations counts a store's embedded migrations: the schema version a
// migrated store reports.
func migrations(t *testing.T, store string) int {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "store", store, "migrations", "*.sql"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no migrations for %s: %v", store, err)
	}
	return len(files)
}

// pgSchema is a fresh PostgreSQL schema for the test (see pgtest).
func pgSchema(t *testing.T) string {
	t.Helper()
	if base := os.Getenv(pgtest.Env); base != "" && !strings.HasPrefix(base, "postgres://") && !strings.HasPrefix(base, "postgresql://") {
		t.Skip("cli: storage.dsn takes a postgres:// URL; NEWSDIGEST_TEST_POSTGRES_DSN is not one")
	}
	return pgtest.DSN(t)
}

func pgExec(t *testing.T, dsn, sql string) { pgtest.Exec(t, dsn, sql) }

func TestMigrateSQLite(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("NEWSDIGEST_DATA_DIR", dir)
	db := filepath.Join(dir, "newsdigest.db")
	n := migrations(t, "sqlite")

	code, out, stderr := run(t, "migrate")
	want := fmt.Sprintf("sqlite %s: applied %d migrations; schema up to date (version %d)\n", db, n, n)
	if code != 0 || out != want {
		t.Fatalf("first migrate: exit %d, %q, stderr %s; want %q", code, out, stderr, want)
	}
	code, out, _ = run(t, "migrate")
	if want := fmt.Sprintf("sqlite %s: schema up to date (version %d)\n", db, n); code != 0 || out != want {
		t.Errorf("second migrate: exit %d, %q; want %q", code, out, want)
	}

	// A file from a newer binary is refused, and left alone.
	raw, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec("PRAGMA user_version = 99"); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	code, out, stderr = run(t, "migrate")
	if code != 1 || out != "" || !strings.Contains(stderr, "newsdigest: migrate: sqlite "+db+": ") ||
		!strings.Contains(stderr, fmt.Sprintf("schema version 99, newer than this binary's %d", n)) {
		t.Errorf("newer schema: exit %d, stdout %q, stderr %q", code, out, stderr)
	}
}

func TestMigrateUnreachable(t *testing.T) {
	t.Setenv("NEWSDIGEST_DATA_DIR", t.TempDir())
	// Nothing listens on port 1; the password must not be printed.
	t.Setenv("NEWSDIGEST_STORAGE_DSN", "postgres://nd:s3cret@127.0.0.1:1/news?sslmode=disable&connect_timeout=5")
	code, out, stderr := run(t, "migrate")
	if code != 1 || out != "" || !strings.Contains(stderr, "newsdigest: migrate: postgres postgres://nd:xxxxx@127.0.0.1:1/news?") ||
		!strings.Contains(stderr, "connect") {
		t.Errorf("unreachable: exit %d, stdout %q, stderr %q", code, out, stderr)
	}
	if strings.Contains(stderr, "s3cret") {
		t.Errorf("the password leaked: %s", stderr)
	}
}

func TestMigratePostgres(t *testing.T) {
	dsn := pgSchema(t)
	t.Setenv("NEWSDIGEST_DATA_DIR", t.TempDir())
	t.Setenv("NEWSDIGEST_STORAGE_DSN", dsn)
	n := migrations(t, "postgres")
	code, out, stderr := run(t, "migrate")
	if want := fmt.Sprintf(": applied %d migrations; schema up to date (version %d)\n", n, n); code != 0 ||
		!strings.HasPrefix(out, "postgres postgres://") || !strings.HasSuffix(out, want) {
		t.Fatalf("first migrate: exit %d, %q, stderr %s", code, out, stderr)
	}
	if code, out, _ := run(t, "migrate"); code != 0 || !strings.HasSuffix(out, fmt.Sprintf(": schema up to date (version %d)\n", n)) {
		t.Errorf("second migrate: exit %d, %q", code, out)
	}
	pgExec(t, dsn, "INSERT INTO schema_migrations (version) VALUES (9999)")
	if code, _, stderr := run(t, "migrate"); code != 1 || !strings.Contains(stderr, "newsdigest: migrate: postgres ") ||
		!strings.Contains(stderr, "schema version 9999 is newer than this binary's") {
		t.Errorf("newer schema: exit %d, %s", code, stderr)
	}
}

var (
	exportedRe = regexp.MustCompile(`^exported sqlite (\S+) to (\S+): 13 feed states, 52 articles, 52 assignments, 3 article pages, 0 subscribers, 0 pending outbox messages\n$`)
	importedRe = regexp.MustCompile(`^imported (\S+) into (sqlite|postgres) (\S+): 13 feed states, 52 articles \((\d+) new\), 52 assignments, 3 article pages, 0 subscribers, 0 pending outbox messages\n$`)
)

// TestExportImport moves the offline sample deployment (the README's
// first command) to a second SQLite file, and to PostgreSQL when one is
// configured, the way the operator would, and checks the digest there is
// the same without polling.
func TestExportImport(t *testing.T) {
	src := t.TempDir()
	t.Setenv("NEWSDIGEST_DATA_DIR", src)
	if code, _, logs := run(t, "digest"); code != 0 {
		t.Fatalf("digest: exit %d\n%s", code, logs)
	}
	code, wantDigest, logs := run(t, "digest", "--no-poll")
	if code != 0 {
		t.Fatalf("digest: exit %d\n%s", code, logs)
	}

	dump := filepath.Join(t.TempDir(), "dump.jsonl")
	code, out, stderr := run(t, "export", "--out", dump)
	if code != 0 || out != "" || !exportedRe.MatchString(stderr) {
		t.Fatalf("export: exit %d, stdout %q, stderr %q", code, out, stderr)
	}
	if m := exportedRe.FindStringSubmatch(stderr); m[1] != filepath.Join(src, "newsdigest.db") || m[2] != dump {
		t.Errorf("export names %v", m[1:])
	}
	data := readFile(t, dump)
	if st, err := os.Stat(dump); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("dump mode %v, %v; want 0600 (it holds chats and messages)", st.Mode(), err)
	}
	// To stdout, the same lines.
	if code, out, stderr := run(t, "export"); code != 0 || out != string(data) || !strings.Contains(stderr, " to stdout: ") {
		t.Errorf("export to stdout: exit %d, same %v, stderr %q", code, out == string(data), stderr)
	}

	t.Run("sqlite", func(t *testing.T) {
		dst := t.TempDir()
		t.Setenv("NEWSDIGEST_DATA_DIR", dst)
		importTwice(t, dump, "sqlite", wantDigest)
		// The copy exports as the original did: same lines, same order,
		// and the same seq numbers in a fresh file.
		if code, out, _ := run(t, "export"); code != 0 || out != string(data) {
			t.Errorf("the copy exports differently:\n%s", firstDiff(out, string(data)))
		}
	})
	t.Run("postgres", func(t *testing.T) {
		t.Setenv("NEWSDIGEST_STORAGE_DSN", pgSchema(t)) // the README's move: same config, a DSN
		importTwice(t, dump, "postgres", wantDigest)
	})
}

func importTwice(t *testing.T, dump, kind, wantDigest string) {
	t.Helper()
	for i, wantNew := range []string{"52", "0"} {
		code, out, stderr := run(t, "import", dump)
		m := importedRe.FindStringSubmatch(out)
		if code != 0 || m == nil || m[1] != dump || m[2] != kind || m[4] != wantNew {
			t.Fatalf("import %d: exit %d, stdout %q, stderr %q; want %s new", i+1, code, out, stderr, wantNew)
		}
	}
	code, got, logs := run(t, "digest", "--no-poll")
	if code != 0 || got != wantDigest {
		t.Errorf("digest from the imported store: exit %d\n%s\n--- want\n%s\n%s", code, got, wantDigest, logs)
	}
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return fmt.Sprintf("line %d:\n got %.200s\nwant %.200s", i+1, al[i], bl[i])
		}
	}
	return fmt.Sprintf("%d lines, want %d", len(al), len(bl))
}

func TestImportBadFile(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("NEWSDIGEST_DATA_DIR", dir)
	bad := writeFile(t, filepath.Join(dir, "bad.jsonl"),
		`{"kind":"feed_state","feed_id":"f"}`+"\n"+`{"kind":"artcle","id":"x"}`+"\n")
	code, out, stderr := run(t, "import", bad)
	if want := "newsdigest: import: " + bad + `:2: unknown kind "artcle"`; code != 1 || out != "" ||
		!strings.HasPrefix(stderr, want) || !strings.Contains(stderr, "nothing imported") {
		t.Errorf("bad line: exit %d, stdout %q, stderr %q; want %q…", code, out, stderr, want)
	}
	if _, err := os.Stat(filepath.Join(dir, "newsdigest.db")); !os.IsNotExist(err) {
		t.Errorf("a bad file still created the store (%v)", err)
	}

	worse := writeFile(t, filepath.Join(dir, "worse.jsonl"), "{\n\n"+`{"kind":"article"}`+"\n")
	code, _, stderr = run(t, "import", worse)
	for _, want := range []string{": 2 bad lines; nothing imported:\n", "\n  " + worse + ":1: not valid JSON", "\n  " + worse + `:3: article: missing "id"`} {
		if code != 1 || !strings.Contains(stderr, want) {
			t.Errorf("bad lines: exit %d, stderr %q; want %q", code, stderr, want)
		}
	}
}

func TestImportCheck(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("NEWSDIGEST_DATA_DIR", dir)
	f := writeFile(t, filepath.Join(dir, "ok.jsonl"), `{"kind":"subscriber","chat_id":42,"timezone":"UTC","active":true}`+"\n")
	code, out, stderr := run(t, "import", "--check", f)
	if want := f + ": ok: 0 feed states, 0 articles, 0 assignments, 1 subscriber, 0 pending outbox messages\n"; code != 0 || out != want {
		t.Errorf("--check: exit %d, %q, %s; want %q", code, out, stderr, want)
	}
	if _, err := os.Stat(filepath.Join(dir, "newsdigest.db")); !os.IsNotExist(err) {
		t.Errorf("--check opened the store (%v)", err)
	}
}

func TestImportStdin(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("NEWSDIGEST_DATA_DIR", dir)
	f := writeFile(t, filepath.Join(dir, "in.jsonl"), `{"kind":"subscriber","chat_id":42,"timezone":"UTC","active":true}`+"\n")
	in, err := os.Open(f)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	stdin := os.Stdin
	os.Stdin = in
	defer func() { os.Stdin = stdin }()
	code, out, stderr := run(t, "import", "-")
	if code != 0 || !strings.HasPrefix(out, "imported - into sqlite ") || !strings.Contains(out, "1 subscriber") {
		t.Errorf("stdin: exit %d, %q, %s", code, out, stderr)
	}
}

func TestStoreCommandUsage(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("NEWSDIGEST_DATA_DIR", dir)
	tests := map[string]struct {
		args []string
		code int
		want string
	}{
		"import no file":     {[]string{"import"}, 2, "import: want one file"},
		"import two files":   {[]string{"import", "a", "b"}, 2, "import: want one file"},
		"import missing":     {[]string{"import", filepath.Join(dir, "nope.jsonl")}, 1, "no such file"},
		"export argument":    {[]string{"export", "dump.jsonl"}, 2, `unexpected argument "dump.jsonl" (use --out FILE)`},
		"export bad dir":     {[]string{"export", "--out", filepath.Join(dir, "no", "dir", "x.jsonl")}, 1, "no such file"},
		"migrate argument":   {[]string{"migrate", "now"}, 2, `unexpected argument "now"`},
		"migrate bad config": {[]string{"migrate", "--config", "/nonexistent.yaml"}, 1, "no such file"},
		"import help":        {[]string{"import", "--help"}, 0, "Usage: newsdigest import"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			code, _, stderr := run(t, tt.args...)
			if code != tt.code || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, stderr, tt.code, tt.want)
			}
		})
	}
	if _, out, _ := run(t, "help"); !strings.Contains(out, "\n  migrate ") || !strings.Contains(out, "\n  export ") || !strings.Contains(out, "\n  import FILE ") {
		t.Errorf("usage lacks the store commands:\n%s", out)
	}
}
