// Package cli implements the newsdigest command line: one binary with
// subcommands, each taking --config.
package cli // import "github.com/newsdigest/newsdigest/internal/cli"

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/newsdigest/newsdigest"
	"github.com/newsdigest/newsdigest/internal/config"
)

const usage = `newsdigest turns many news feeds into short, trustworthy digests.

Usage:
  newsdigest <command> [flags]

Commands:
  digest          poll the feeds once, group them into stories, print the digest
  ask QUESTION    answer a question ("what's new on the peace talks?") from stored stories
  poll            poll the feeds once (or --forever) into the store
  serve           run the service: poll on schedule, send digests
  config check    validate a config file and list every problem
  feeds import|export   convert the feed list from/to OPML
  migrate         apply pending store migrations and print the schema version
  export          write the whole store as JSON lines (--out FILE), e.g. to move it
  import FILE     read an export into the configured store (SQLite or PostgreSQL)
  eval stories    group a JSON-lines file of articles and score it against gold labels
  eval quotes     extract quotes from a JSON-lines file and score them against gold labels
  eval extract    extract article text from saved pages (JSON lines) and score it against gold bodies
  eval teasers    serve saved pages behind a teaser feed on loopback, run the pipeline, score the stored texts
  version         print the version

Every command takes --config FILE. Without it, ./configs/newsdigest.yaml is
used when present, else the built-in defaults (the bundled sample feeds).
Run "newsdigest <command> --help" for a command's flags.

poll, digest and ask leave alone a feed that is waiting out a back-off or a
server's Retry-After (--force polls it anyway) and name it on stderr.

Exit status: 0 done; 1 an error; 2 a mistake in the command line;
3 every feed polled failed (poll, digest, ask: the output shows what was
stored before).
`

// Version is set at build time with -ldflags "-X ...cli.Version=...".
var Version = "dev"

// env is what a command runs with; tests swap its parts.
type env struct {
	stdout, stderr io.Writer
}

// Run runs the command line args (without the program name) and returns
// the process exit code.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	e := &env{stdout: stdout, stderr: stderr}
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	switch cmd, rest := args[0], args[1:]; cmd {
	case "digest":
		err = e.digest(ctx, rest)
	case "ask":
		err = e.ask(ctx, rest)
	case "poll":
		err = e.poll(ctx, rest)
	case "serve":
		err = e.serve(ctx, rest)
	case "config":
		err = e.config(rest)
	case "eval":
		err = e.eval(ctx, rest)
	case "feeds":
		err = e.feeds(rest)
	case "migrate":
		err = e.migrate(ctx, rest)
	case "export":
		err = e.export(ctx, rest)
	case "import":
		err = e.importDump(ctx, rest)
	case "version":
		fmt.Fprintln(stdout, "newsdigest", Version)
	case "help", "-h", "--help", "-help":
		fmt.Fprint(stdout, usage)
	default:
		fmt.Fprintf(stderr, "newsdigest: unknown command %q\n\n%s", cmd, usage)
		return 2
	}
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, new(usageError)):
		fmt.Fprintln(stderr, "newsdigest:", err)
		return 2
	case errors.As(err, new(pollFailed)):
		fmt.Fprintln(stderr, "newsdigest:", err)
		return 3
	default:
		fmt.Fprintln(stderr, "newsdigest:", err)
		return 1
	}
}

// usageError is a mistake in the command line itself.
type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

// flags makes a FlagSet for a subcommand, printing help to stderr.
func (e *env) flags(name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "Usage: newsdigest %s\n\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	return nil
}

// loadConfig loads the named config, else the checkout's default, else the
// built-in one.
func loadConfig(path string) (*config.Config, error) {
	if path != "" {
		return config.Load(path)
	}
	if _, err := os.Stat(newsdigest.DefaultConfig); err == nil {
		return config.Load(newsdigest.DefaultConfig)
	}
	return config.LoadFS(newsdigest.Defaults, newsdigest.DefaultConfig)
}

// logger builds the process logger from the config. Logs go to stderr so
// stdout stays clean for digests and JSON.
func (e *env) logger(cfg *config.Config) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(strings.ToUpper(cfg.Log.Level))) // validated by config
	opts := &slog.HandlerOptions{Level: level}
	if cfg.Log.Format == "json" {
		// slog's JSON gives durations as bare nanoseconds; people and log
		// tools read "1.5s".
		opts.ReplaceAttr = func(_ []string, a slog.Attr) slog.Attr {
			if a.Value.Kind() == slog.KindDuration {
				a.Value = slog.StringValue(a.Value.Duration().String())
			}
			return a
		}
		return slog.New(slog.NewJSONHandler(e.stderr, opts))
	}
	return slog.New(slog.NewTextHandler(e.stderr, opts))
}
