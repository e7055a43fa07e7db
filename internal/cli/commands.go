package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/newsdigest/newsdigest/internal/app"
	"github.com/newsdigest/newsdigest/internal/config"
	"github.com/newsdigest/newsdigest/internal/news"
	"github.com/newsdigest/newsdigest/internal/poll"
	"github.com/newsdigest/newsdigest/internal/render"
	"github.com/newsdigest/newsdigest/internal/text"
)

func (e *env) open(ctx context.Context, configPath string) (*app.App, error) {
	cfg, err := loadConfig(configPath)
	if err != nil {
		return nil, err
	}
	log := e.logger(cfg)
	log.Debug("config loaded", "path", cfg.Path, "feeds", len(cfg.Feeds), "data_dir", cfg.DataDir)
	return app.Open(ctx, cfg, log)
}

func (e *env) digest(ctx context.Context, args []string) error {
	fs := e.flags("digest", "digest [--config FILE] [--format text|json|html] [--until TIME] [--no-poll | --force]")
	configPath := fs.String("config", "", "config file")
	format := fs.String("format", "text", "output: text, json, or html (Telegram messages)")
	until := fs.String("until", "", "end of the digest window, RFC 3339 (default: now, or the newest article when the feeds are older)")
	noPoll := fs.Bool("no-poll", false, "use what is stored; do not poll first")
	force := fs.Bool("force", false, forceUsage)
	topic := fs.String("topic", "", "only stories matching this topic id")
	if err := parse(fs, args); err != nil {
		return err
	}
	switch *format {
	case "text", "json", "html":
	default:
		return usageError{fmt.Sprintf("unknown --format %q (want text, json or html)", *format)}
	}
	var end time.Time
	if *until != "" {
		t, err := time.Parse(time.RFC3339, *until)
		if err != nil {
			return usageError{fmt.Sprintf("--until: want RFC 3339 like 2025-02-14T08:00:00Z, got %q", *until)}
		}
		end = t.UTC()
	}
	a, err := e.open(ctx, *configPath)
	if err != nil {
		return err
	}
	defer a.Close()
	if *topic != "" && !hasTopic(a.Config(), *topic) {
		return usageError{fmt.Sprintf("--topic: no topic %q in %s", *topic, a.Config().Path)}
	}
	var pollErr error
	if !*noPoll {
		if pollErr = e.pollFirst(ctx, a, *force); pollErr != nil && !errors.As(pollErr, new(pollFailed)) {
			return pollErr
		}
	}
	if end.IsZero() {
		if end, err = a.DigestEnd(ctx); err != nil {
			return err
		}
	}
	var topics []string
	if *topic != "" {
		topics = []string{*topic}
	}
	d, err := a.Digest(ctx, end, topics)
	if err != nil {
		return err
	}
	switch *format {
	case "json":
		b, err := render.JSON(d)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%s\n", b)
	case "html":
		for i, m := range render.HTML(d) {
			fmt.Fprintf(e.stdout, "--- message %d ---\n%s\n", i+1, m)
		}
	default:
		fmt.Fprint(e.stdout, render.Text(d))
	}
	return pollErr
}

// echoRunes is how much of a question is shown back.
const echoRunes = 100

const forceUsage = "also poll feeds that are waiting out a back-off or a server's Retry-After"

// pollFailed is a poll in which every feed polled failed: the command's
// output comes from what was stored before, and a cron job should notice.
type pollFailed struct{ failed int }

func (p pollFailed) Error() string {
	return fmt.Sprintf("every feed polled failed (%d); see the log", p.failed)
}

// pollFirst polls before a command shows stories: every feed but those
// waiting out a back-off (all of them with force), naming the skipped ones.
func (e *env) pollFirst(ctx context.Context, a *app.App, force bool) error {
	reports, err := e.pollReports(ctx, a, force)
	for _, r := range reports {
		if r.Skipped != "" {
			fmt.Fprintf(e.stderr, "skipped feed %s: %s; --force polls it now\n", r.FeedID, r.Skipped)
		}
	}
	return err
}

// pollReports polls as pollFirst does and returns pollFailed when every
// feed it polled failed.
func (e *env) pollReports(ctx context.Context, a *app.App, force bool) ([]poll.Report, error) {
	mode := poll.Manual
	if force {
		mode = poll.Force
	}
	reports, err := a.Poll(ctx, mode)
	if err != nil {
		return reports, err
	}
	polled, failed := 0, 0
	for _, r := range reports {
		if r.Skipped == "" {
			polled++
			if r.Err != nil {
				failed++
			}
		}
	}
	if polled > 0 && failed == polled {
		return reports, pollFailed{failed}
	}
	return reports, nil
}

func (e *env) ask(ctx context.Context, args []string) error {
	fs := e.flags("ask", "ask [--config FILE] [--format text|json] [--no-poll | --force] QUESTION...")
	configPath := fs.String("config", "", "config file")
	format := fs.String("format", "text", "output: text or json")
	noPoll := fs.Bool("no-poll", false, "use what is stored; do not poll first")
	force := fs.Bool("force", false, forceUsage)
	limit := fs.Int("n", 3, "at most this many stories")
	if err := parse(fs, args); err != nil {
		return err
	}
	query := strings.Join(fs.Args(), " ")
	if strings.TrimSpace(query) == "" {
		return usageError{`ask: what about? e.g. newsdigest ask "what's new on the peace talks?"`}
	}
	if *format != "text" && *format != "json" {
		return usageError{fmt.Sprintf("unknown --format %q (want text or json)", *format)}
	}
	a, err := e.open(ctx, *configPath)
	if err != nil {
		return err
	}
	defer a.Close()
	var pollErr error
	if !*noPoll {
		if pollErr = e.pollFirst(ctx, a, *force); pollErr != nil && !errors.As(pollErr, new(pollFailed)) {
			return pollErr
		}
	}
	stories, err := a.Ask(ctx, query, *limit)
	if err != nil {
		return err
	}
	// A question can be a pasted page: echo the start of it.
	echo := text.Clip(query, echoRunes)
	d := news.Digest{Title: "On “" + echo + "”", Stories: stories}
	if *format == "json" {
		b, err := render.JSON(d)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%s\n", b)
		return pollErr
	}
	if len(stories) == 0 {
		fmt.Fprintf(e.stdout, "Nothing stored matches “%s”. Try other words, or a configured topic.\n", echo)
		return pollErr
	}
	fmt.Fprint(e.stdout, render.Text(d))
	return pollErr
}

func hasTopic(cfg *config.Config, id string) bool {
	for _, t := range cfg.Topics {
		if t.ID == id {
			return true
		}
	}
	return false
}

func (e *env) poll(ctx context.Context, args []string) error {
	fs := e.flags("poll", "poll [--config FILE] [--forever | --force]")
	configPath := fs.String("config", "", "config file")
	forever := fs.Bool("forever", false, "keep polling each feed on its schedule until interrupted")
	force := fs.Bool("force", false, forceUsage)
	if err := parse(fs, args); err != nil {
		return err
	}
	a, err := e.open(ctx, *configPath)
	if err != nil {
		return err
	}
	defer a.Close()
	if *forever {
		return stopLogged(ctx, a, a.PollLoop)
	}
	reports, err := e.pollReports(ctx, a, *force)
	for _, r := range reports {
		status := fmt.Sprintf("%d items, %d new", r.Items, r.Added)
		switch {
		case r.Skipped != "":
			status = "skipped: " + r.Skipped + "; --force polls it now"
		case r.Err != nil:
			status = "FAILED: " + r.Err.Error()
		case r.NotModified:
			status = "not modified"
		}
		fmt.Fprintf(e.stdout, "%-28s %s\n", r.FeedID, status)
	}
	return err
}

func (e *env) serve(ctx context.Context, args []string) error {
	fs := e.flags("serve", "serve [--config FILE]")
	configPath := fs.String("config", "", "config file")
	if err := parse(fs, args); err != nil {
		return err
	}
	a, err := e.open(ctx, *configPath)
	if err != nil {
		return err
	}
	defer a.Close()
	return stopLogged(ctx, a, a.Serve)
}

// stopLogged runs a long-lived command and logs why and how it stopped.
func stopLogged(ctx context.Context, a *app.App, run func(context.Context) error) error {
	stopping := make(chan time.Time, 1)
	unlog := context.AfterFunc(ctx, func() {
		a.Log.Info("shutting down: finishing in-flight work, releasing leases", "reason", context.Cause(ctx))
		stopping <- time.Now()
	})
	defer unlog()
	err := ignoreCancel(run(ctx))
	if err != nil {
		return err
	}
	if !unlog() { // the shutdown was logged
		a.Log.Info("stopped", "took", time.Since(<-stopping).Round(time.Millisecond))
	}
	return nil
}

// ignoreCancel treats an interrupt as a clean stop.
func ignoreCancel(err error) error {
	if errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}

func (e *env) config(args []string) error {
	if len(args) == 0 || args[0] != "check" {
		return usageError{"usage: newsdigest config check [FILE]"}
	}
	fs := e.flags("config check", "config check [--config FILE | FILE]")
	configPath := fs.String("config", "", "config file")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	path := *configPath
	if fs.NArg() > 0 {
		path = fs.Arg(0)
	}
	cfg, err := loadConfig(path)
	if err != nil {
		return err
	}
	// Warnings go to stderr and leave the exit code 0: the config is
	// valid, and scripts that check it should not break on advice.
	warnings := cfg.Warnings()
	for _, w := range warnings {
		fmt.Fprintf(e.stderr, "newsdigest: warning: %s\n", w)
	}
	status := "ok"
	if n := len(warnings); n > 0 {
		status = fmt.Sprintf("ok, %d warning(s)", n)
	}
	fmt.Fprintf(e.stdout, "%s: %s (%d feeds, %d topics)\n", cfg.Path, status, len(cfg.Feeds), len(cfg.Topics))
	return nil
}
