package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/newsdigest/newsdigest/internal/app"
	"github.com/newsdigest/newsdigest/internal/config"
	"github.com/newsdigest/newsdigest/internal/transfer"
)

// The store commands: migrate, export and import. Moving a deployment from
// SQLite to PostgreSQL, with the service stopped:
//
//	newsdigest export --config old.yaml --out dump.jsonl &&
//	NEWSDIGEST_STORAGE_DSN=postgres://… newsdigest import --config old.yaml dump.jsonl

// openStore opens the store the config names (applying pending migrations)
// and says which one it is, e.g. "sqlite /var/lib/newsdigest/newsdigest.db".
func (e *env) openStore(ctx context.Context, configPath string) (*app.App, string, error) {
	cfg, err := loadConfig(configPath)
	if err != nil {
		return nil, "", err
	}
	where := storeName(cfg.Storage)
	a, err := app.Open(ctx, cfg, e.logger(cfg))
	if err != nil {
		return nil, where, fmt.Errorf("%s: %w", where, err)
	}
	return a, where, nil
}

// storeName names the store app.Open picks: PostgreSQL when a DSN is
// configured (its password hidden), else the SQLite file.
func storeName(s config.Storage) string {
	if s.DSN == "" {
		return "sqlite " + s.Path
	}
	return "postgres " + redactDSN(s.DSN)
}

func redactDSN(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "(DSN not shown: it does not parse as a URL)"
	}
	if q := u.Query(); q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.Redacted()
}

// versioned is what both stores offer beyond store.Store.
type versioned interface {
	SchemaVersion(ctx context.Context) (int, error)
	Applied() int
}

func (e *env) migrate(ctx context.Context, args []string) error {
	fs := e.flags("migrate", "migrate [--config FILE]\n\n"+
		"Opens the configured store, applying any schema migrations it lacks, and\n"+
		"prints its schema version. Fails when the database is newer than this\n"+
		"binary or cannot be reached.")
	configPath := fs.String("config", "", "config file")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("migrate: unexpected argument %q (use --config FILE)", fs.Arg(0))}
	}
	a, where, err := e.openStore(ctx, *configPath)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer a.Close()
	v, ok := a.Store.(versioned)
	if !ok {
		return fmt.Errorf("migrate: %s: the store does not report a schema version", where)
	}
	version, err := v.SchemaVersion(ctx)
	if err != nil {
		return fmt.Errorf("migrate: %s: %w", where, err)
	}
	applied := ""
	if n := v.Applied(); n == 1 {
		applied = "applied 1 migration; "
	} else if n > 1 {
		applied = fmt.Sprintf("applied %d migrations; ", n)
	}
	fmt.Fprintf(e.stdout, "%s: %sschema up to date (version %d)\n", where, applied, version)
	return nil
}

func (e *env) export(ctx context.Context, args []string) error {
	fs := e.flags("export", "export [--config FILE] [--out FILE]\n\n"+
		"Writes the whole store as JSON lines (feed states, articles, assignments,\n"+
		"subscribers, pending outbox messages) for \"newsdigest import\". Stop the\n"+
		"service first for an exact copy.")
	configPath := fs.String("config", "", "config file")
	out := fs.String("out", "", "write to this file, replaced only once complete (default: stdout)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("export: unexpected argument %q (use --out FILE)", fs.Arg(0))}
	}
	a, where, err := e.openStore(ctx, *configPath)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	defer a.Close()
	var n transfer.Counts
	dest := *out
	if dest == "" || dest == "-" {
		dest = "stdout"
		n, err = transfer.Export(ctx, a.Store, e.stdout)
	} else {
		err = writeStreamAtomic(dest, func(w io.Writer) error {
			var err error
			n, err = transfer.Export(ctx, a.Store, w)
			return err
		})
	}
	if err != nil {
		return fmt.Errorf("export: %s: %w", where, err)
	}
	fmt.Fprintf(e.stderr, "exported %s to %s: %s\n", where, dest, n)
	return nil
}

// writeStreamAtomic writes a new file through fn: into a temporary file
// beside it (private: a dump holds chats and messages), renamed over name
// only when fn and the write succeed.
func writeStreamAtomic(name string, fn func(io.Writer) error) (err error) {
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*.tmp")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if err := fn(f); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, name)
}

func (e *env) importDump(ctx context.Context, args []string) error {
	fs := e.flags("import", "import [--config FILE] [--check] FILE\n\n"+
		"Reads a file written by \"newsdigest export\" into the configured store,\n"+
		"which may already hold data: what it has is kept, subscribers and feed\n"+
		"states in the file replace theirs, and importing a file twice changes\n"+
		"nothing. Every line is checked before anything is written.")
	configPath := fs.String("config", "", "config file (its storage.dsn or storage.path is the target)")
	check := fs.Bool("check", false, "only check the file and count what it holds; open no store")
	files, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(files) != 1 {
		return usageError{"import: want one file (- for stdin), e.g. newsdigest import dump.jsonl"}
	}
	name := files[0]
	f, cleanup, err := openDump(name)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	defer cleanup()
	res, err := transfer.Check(f)
	if err != nil {
		return fmt.Errorf("import: %s", badFile(name, err))
	}
	if *check {
		fmt.Fprintf(e.stdout, "%s: ok: %s\n", name, res.Counts)
		return nil
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("import: %s: %w", name, err)
	}
	a, where, err := e.openStore(ctx, *configPath)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	defer a.Close()
	res, err = transfer.ImportChecked(ctx, a.Store, f)
	if err != nil {
		if errors.As(err, new(*transfer.LineError)) {
			return fmt.Errorf("import: %s (it changed while being imported; written so far: %s)", badFile(name, err), res)
		}
		return fmt.Errorf("import: %s into %s: %w\nwritten before the failure: %s; running the same import again is safe",
			name, where, err, res)
	}
	fmt.Fprintf(e.stdout, "imported %s into %s: %s\n", name, where, res)
	return nil
}

// openDump opens the file to import; stdin ("-") is copied to a temporary
// file first, as the import reads its input twice.
func openDump(name string) (*os.File, func(), error) {
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return nil, nil, err
		}
		return f, func() { f.Close() }, nil
	}
	f, err := os.CreateTemp("", "newsdigest-import-*.jsonl")
	if err != nil {
		return nil, nil, err
	}
	cleanup := func() { f.Close(); os.Remove(f.Name()) }
	if _, err := io.Copy(f, os.Stdin); err != nil {
		cleanup()
		return nil, nil, fmt.Errorf("stdin: %w", err)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		cleanup()
		return nil, nil, err
	}
	return f, cleanup, nil
}

// badFile puts the file name before each bad line, as compilers do:
// "dump.jsonl:7: unknown kind …"; several go one to a line.
func badFile(name string, err error) string {
	var bad *transfer.BadLinesError
	var line *transfer.LineError
	switch {
	case errors.As(err, &bad) && bad.Total == 1:
		return fmt.Sprintf("%s:%d: %v; nothing imported", name, bad.Lines[0].Line, bad.Lines[0].Err)
	case errors.As(err, &bad):
		var b strings.Builder
		fmt.Fprintf(&b, "%s: %d bad lines; nothing imported:", name, bad.Total)
		for _, l := range bad.Lines {
			fmt.Fprintf(&b, "\n  %s:%d: %v", name, l.Line, l.Err)
		}
		if more := bad.Total - len(bad.Lines); more > 0 {
			fmt.Fprintf(&b, "\n  … and %d more", more)
		}
		return b.String()
	case errors.As(err, &line):
		return fmt.Sprintf("%s:%d: %v", name, line.Line, line.Err)
	}
	return fmt.Sprintf("%s: %v", name, err)
}
