package config

import (
	"fmt"
	"net"
	"net/url"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
)

var (
	topicIDRe  = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,31}$`)
	languageRe = regexp.MustCompile(`^[a-z]{2}(-[A-Za-z]{2,4})?$`)
)

// Validate checks every rule and returns all problems, each with its key
// path; Load adds file and line.
func (c *Config) Validate() []Problem {
	var ps []Problem
	for _, f := range c.validate() {
		ps = append(ps, f.Problem)
	}
	return ps
}

// finding is a problem and the other keys whose values it follows from:
// "storage.retention is shorter than cluster.horizon" is about retention
// but would be wrong if horizon were not what the admin wrote.
type finding struct {
	Problem
	deps []string
}

func (c *Config) validate() []finding {
	var ps []finding
	// addDep reports a problem at path that also follows from deps.
	addDep := func(path string, deps []string, format string, args ...any) {
		ps = append(ps, finding{Problem{Path: path, Msg: fmt.Sprintf(format, args...)}, deps})
	}
	add := func(path, format string, args ...any) { addDep(path, nil, format, args...) }

	switch c.Log.Level {
	case "debug", "info", "warn", "error":
	default:
		add("log.level", "unknown level %q (want debug, info, warn or error)", c.Log.Level)
	}
	switch c.Log.Format {
	case "text", "json":
	default:
		add("log.format", "unknown format %q (want text or json)", c.Log.Format)
	}
	if strings.TrimSpace(c.DataDir) == "" {
		add("data_dir", "must not be empty")
	}
	if c.Storage.DSN != "" && !strings.HasPrefix(c.Storage.DSN, "postgres://") && !strings.HasPrefix(c.Storage.DSN, "postgresql://") {
		add("storage.dsn", "want a postgres:// or postgresql:// URL (or leave it empty for SQLite)")
	}
	if strings.TrimSpace(c.Storage.Path) == "" {
		add("storage.path", "must not be empty")
	}

	if c.Fetch.Interval.D() < time.Minute {
		add("fetch.interval", "%s is too often; feeds are polled at most once a minute", c.Fetch.Interval)
	} else {
		ceilDuration(add, "fetch.interval", c.Fetch.Interval, IntervalCeiling)
	}
	if c.Fetch.Timeout <= 0 {
		add("fetch.timeout", "must be positive")
	} else {
		ceilDuration(add, "fetch.timeout", c.Fetch.Timeout, TimeoutCeiling)
	}
	switch {
	case c.Fetch.MaxBodyBytes < 1<<10:
		add("fetch.max_body", "%s is too small for any feed (minimum 1KiB)", c.Fetch.MaxBodyBytes)
	case c.Fetch.MaxBodyBytes > MaxBodyCeiling:
		add("fetch.max_body", "%s is above the ceiling of %s", c.Fetch.MaxBodyBytes, ByteSize(MaxBodyCeiling))
	}
	switch {
	case c.Fetch.Concurrency < 1:
		add("fetch.concurrency", "must be at least 1")
	case c.Fetch.Concurrency > ConcurrencyCeiling:
		add("fetch.concurrency", "%d is above the ceiling of %d", c.Fetch.Concurrency, ConcurrencyCeiling)
	}
	switch {
	case c.Fetch.PageConcurrency < 1:
		add("fetch.page_concurrency", "must be at least 1")
	case c.Fetch.PageConcurrency > ConcurrencyCeiling:
		add("fetch.page_concurrency", "%d is above the ceiling of %d", c.Fetch.PageConcurrency, ConcurrencyCeiling)
	}
	switch {
	case c.Fetch.PerHost < 1:
		add("fetch.per_host", "must be at least 1")
	case c.Fetch.PerHost > PerHostCeiling:
		add("fetch.per_host", "%d is above the ceiling of %d", c.Fetch.PerHost, PerHostCeiling)
	}
	if c.Fetch.MaxBackoff.D() < c.Fetch.Interval.D() {
		addDep("fetch.max_backoff", []string{"fetch.interval"}, "%s is shorter than fetch.interval (%s)", c.Fetch.MaxBackoff, c.Fetch.Interval)
	} else {
		ceilDuration(add, "fetch.max_backoff", c.Fetch.MaxBackoff, BackoffCeiling)
	}

	c.validateFeeds(add)
	c.validateTopics(add)

	if c.Storage.Retention < c.Cluster.Horizon {
		addDep("storage.retention", []string{"cluster.horizon"}, "%s is shorter than cluster.horizon (%s): stories would lose their articles", c.Storage.Retention, c.Cluster.Horizon)
	} else {
		ceilDuration(add, "storage.retention", c.Storage.Retention, RetentionCeiling)
	}
	if c.Cluster.Horizon.D() < 24*time.Hour {
		add("cluster.horizon", "must be at least 1d")
	} else {
		ceilDuration(add, "cluster.horizon", c.Cluster.Horizon, HorizonCeiling)
	}
	if err := CheckSchedule(c.Digest.Schedule); err != nil {
		add("digest.schedule", "%v", err)
	}
	if _, err := LoadLocation(c.Digest.TimeZone); err != nil {
		add("digest.timezone", "%v", err)
	}
	if c.Digest.MaxStories < 1 || c.Digest.MaxStories > 50 {
		add("digest.max_stories", "must be between 1 and 50, got %d", c.Digest.MaxStories)
	}
	if c.Digest.Window.D() < time.Hour {
		add("digest.window", "must be at least 1h")
	} else if c.Digest.Window > c.Cluster.Horizon {
		addDep("digest.window", []string{"cluster.horizon"}, "%s is longer than cluster.horizon (%s): a digest cannot look further back than stories are kept", c.Digest.Window, c.Cluster.Horizon)
	}

	if u, err := url.Parse(c.Telegram.APIURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		add("telegram.api_url", "%q is not an http(s) URL", c.Telegram.APIURL)
	}
	if c.HTTP.Listen != "" {
		if _, _, err := net.SplitHostPort(c.HTTP.Listen); err != nil {
			add("http.listen", "%q is not host:port (e.g. 127.0.0.1:9090)", c.HTTP.Listen)
		}
	}
	if c.Telegram.RatePerSecond <= 0 || c.Telegram.RatePerSecond > 1000 {
		add("telegram.rate_per_second", "must be between 0 and 1000 (Telegram allows about 30 without paid broadcasts)")
	}
	if c.Telegram.TokenEnv == "" {
		add("telegram.token_env", "must name the environment variable that holds the bot token")
	}
	c.validateWebhook(addDep)
	return ps
}

// ceilDuration reports d above its ceiling.
func ceilDuration(add func(string, string, ...any), path string, d Duration, ceiling time.Duration) {
	if d.D() > ceiling {
		add(path, "%s is above the ceiling of %s", d, Duration(ceiling))
	}
}

// Warnings returns what is valid but most likely not meant. A config
// without feeds is the one case: it polls nothing, and is what an editor
// or a tool leaves when it saves a file half-way.
func (c *Config) Warnings() []Problem {
	if len(c.Feeds) > 0 {
		return nil
	}
	msg := "no feeds: the service would poll nothing"
	if !c.AllowFeedLoss {
		msg += "; a running service refuses to reload a config without feeds unless it sets allow_feed_loss: true"
	}
	return []Problem{{File: c.Path, Msg: msg}}
}

// webhookSecretRe is what Telegram accepts as a webhook secret token.
var webhookSecretRe = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)

// webhookPorts are the ports Telegram's own Bot API posts webhooks to.
var webhookPorts = map[string]bool{"443": true, "80": true, "88": true, "8443": true}

func (c *Config) validateWebhook(addDep func(string, []string, string, ...any)) {
	add := func(path, format string, args ...any) { addDep(path, nil, format, args...) }
	w := c.Telegram.Webhook
	if w.URL == "" {
		return // long polling
	}
	u, err := url.Parse(w.URL)
	switch {
	case err != nil || u.Host == "" || u.Hostname() == "":
		add("telegram.webhook.url", "%q is not a URL like https://bot.example.com/telegram", w.URL)
	case u.Scheme == "http" && !isLoopback(u.Hostname()):
		add("telegram.webhook.url", "%q: Telegram posts webhooks only to https URLs (http is allowed for loopback hosts, in tests)", w.URL)
	case u.Scheme != "https" && u.Scheme != "http":
		add("telegram.webhook.url", "%q: want an https URL", w.URL)
	case u.User != nil || u.Fragment != "":
		add("telegram.webhook.url", "%q: no user info or #fragment, please", w.URL)
	case u.Scheme == "https" && u.Port() != "" && !webhookPorts[u.Port()] && c.officialAPI():
		addDep("telegram.webhook.url", []string{"telegram.api_url"}, "port %s: Telegram posts webhooks only to ports 443, 80, 88 and 8443", u.Port())
	}
	if w.Listen == "" {
		add("telegram.webhook.listen", "missing; webhook mode needs host:port to accept updates on (e.g. 0.0.0.0:8443)")
	} else if _, port, err := net.SplitHostPort(w.Listen); err != nil || port == "" {
		add("telegram.webhook.listen", "%q is not host:port (e.g. 0.0.0.0:8443)", w.Listen)
	} else if w.Listen == c.HTTP.Listen {
		addDep("telegram.webhook.listen", []string{"http.listen"}, "%q is already http.listen", w.Listen)
	}
	switch {
	case w.SecretEnv == "":
		add("telegram.webhook.secret_env", "must name the environment variable that holds the webhook secret token")
	case w.Secret == "":
		add("telegram.webhook.secret_env", "$%s is not set; webhook mode needs a secret token (1-256 of A-Z a-z 0-9 _ -) so that only Telegram can post updates", w.SecretEnv)
	case !webhookSecretRe.MatchString(w.Secret):
		// Never echo the secret.
		add("telegram.webhook.secret_env", "the secret in $%s must be 1-256 characters of A-Z a-z 0-9 _ - (Telegram's rule); it has %d characters", w.SecretEnv, len(w.Secret))
	}
}

// officialAPI reports whether the bot talks to Telegram's own Bot API
// (a local Bot API server has no webhook port restriction).
func (c *Config) officialAPI() bool {
	u, err := url.Parse(c.Telegram.APIURL)
	return err == nil && strings.EqualFold(u.Hostname(), "api.telegram.org")
}

// isLoopback reports whether host is localhost or a loopback address.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func (c *Config) validateFeeds(add func(string, string, ...any)) {
	names := map[string]int{}
	for i, f := range c.Feeds {
		at := fmt.Sprintf("feeds[%d]", i)
		if strings.TrimSpace(f.Name) == "" {
			add(at+".name", "missing; every feed needs a unique name")
		} else if j, dup := names[f.Name]; dup {
			add(at+".name", "%q is already the name of feeds[%d]", f.Name, j)
		} else {
			names[f.Name] = i
		}
		if err := checkFeedURL(f.URL); err != nil {
			add(at+".url", "%v", err)
		}
		switch f.FullText {
		case "", FullTextAuto, FullTextAlways, FullTextNever:
		default:
			add(at+".full_text", "%q is not auto, always or never", f.FullText)
		}
		if f.Language != "" && !languageRe.MatchString(f.Language) {
			add(at+".language", "%q is not a language code like en or uk", f.Language)
		}
		if f.Interval != 0 && f.Interval.D() < time.Minute {
			add(at+".interval", "%s is too often; feeds are polled at most once a minute", f.Interval)
		} else {
			ceilDuration(add, at+".interval", f.Interval, IntervalCeiling)
		}
	}
}

// feedExts are the file name extensions a local feed may have.
var feedExts = map[string]bool{".xml": true, ".rss": true, ".atom": true, ".rdf": true, ".json": true, ".feed": true}

const feedExtList = ".xml, .rss, .atom, .rdf, .json or .feed"

var (
	// schemeRe matches a URL scheme and its colon (RFC 3986).
	schemeRe = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9+.-]*):`)
	// hostPortRe matches what follows the colon of host:port[/path].
	hostPortRe = regexp.MustCompile(`^[0-9]+(/|$)`)
	// hostRe matches a DNS name with a top-level domain of letters.
	hostRe = regexp.MustCompile(`^([A-Za-z0-9-]+\.)+[A-Za-z]{2,}$`)
)

// checkFeedURL accepts an http(s) URL with a host, a file:// URL, or an
// explicit local path (./…, ../… or absolute) to a file with a feed's
// extension. Anything else, a host without a scheme above all, gets a
// hint.
func checkFeedURL(raw string) error {
	if strings.TrimSpace(raw) == "" {
		return fmt.Errorf("missing; every feed needs an http(s) URL or a local path")
	}
	if raw != strings.TrimSpace(raw) {
		return fmt.Errorf("%q has spaces around it", raw)
	}
	if isExplicitPath(raw) {
		switch {
		case strings.Contains(raw, "://"):
			// IsLocal would take it for a URL.
			return fmt.Errorf("local feed %q must not contain ://", raw)
		case !feedExts[strings.ToLower(path.Ext(raw))]:
			return fmt.Errorf("local feed %q must be a file ending in %s", raw, feedExtList)
		}
		return nil
	}
	if m := schemeRe.FindStringSubmatch(raw); m != nil && !hostPortRe.MatchString(raw[len(m[0]):]) {
		scheme, rest := m[1], raw[len(m[0]):]
		lower := strings.ToLower(scheme)
		switch {
		case lower != "http" && lower != "https" && lower != "file":
			return fmt.Errorf("unsupported scheme %q (want http, https, file, or a path like ./feeds/x.xml)", scheme)
		case !strings.HasPrefix(rest, "//"):
			if lower != "file" {
				rest = strings.TrimLeft(rest, "/")
			}
			return fmt.Errorf("%q lacks the // after %s:; did you mean %q?", raw, scheme, lower+"://"+rest)
		case lower == "file" && scheme != "file":
			return fmt.Errorf("%q: write the scheme in lower case, %q", raw, "file"+raw[len(scheme):])
		case lower == "file":
			if rest == "//" {
				return fmt.Errorf("file URL %q has no path", raw)
			}
			return nil
		}
		u, err := url.Parse(raw)
		if err != nil {
			return fmt.Errorf("invalid URL: %v", err)
		}
		if u.Host == "" || u.Hostname() == "" {
			return fmt.Errorf("URL %q has no host", raw)
		}
		return nil
	}
	first, _, more := strings.Cut(raw, "/")
	host, _, _ := strings.Cut(first, ":")
	isHost := strings.EqualFold(host, "localhost") || net.ParseIP(host) != nil ||
		hostRe.MatchString(host) && (more || strings.Contains(first, ":") || !feedExts[strings.ToLower(path.Ext(host))])
	switch {
	case first == "~":
		return fmt.Errorf("%q: ~ is not expanded; write the absolute path", raw)
	case isHost:
		return fmt.Errorf("%q has no scheme; did you mean %q?", raw, "https://"+raw)
	case feedExts[strings.ToLower(path.Ext(raw))]:
		return fmt.Errorf("%q has no scheme; for a local file write %q (a path must start with ./, ../ or /)", raw, "./"+raw)
	}
	return fmt.Errorf("%q is neither a URL nor a local path (want https://…, file://…, or a path like ./feeds/x.xml)", raw)
}

// isExplicitPath reports whether s is plainly a local path: ./…, ../… or
// absolute.
func isExplicitPath(s string) bool {
	return strings.HasPrefix(s, "./") || strings.HasPrefix(s, "../") || strings.HasPrefix(s, "/") || filepath.IsAbs(s)
}

func (c *Config) validateTopics(add func(string, string, ...any)) {
	ids := map[string]int{}
	for i, t := range c.Topics {
		at := fmt.Sprintf("topics[%d]", i)
		switch {
		case !topicIDRe.MatchString(t.ID):
			add(at+".id", "%q must be 1-32 lower-case letters, digits, - or _", t.ID)
		default:
			if j, dup := ids[t.ID]; dup {
				add(at+".id", "%q is already the id of topics[%d]", t.ID, j)
			}
			ids[t.ID] = i
		}
		if strings.TrimSpace(t.Title) == "" {
			add(at+".title", "missing")
		}
		if len(t.Keywords) == 0 {
			add(at+".keywords", "a topic needs at least one keyword or phrase")
		}
		for k, kw := range t.Keywords {
			if strings.TrimSpace(kw) == "" {
				add(fmt.Sprintf("%s.keywords[%d]", at, k), "empty keyword")
			}
		}
	}
}

var cronParser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// ParseSchedule parses a 5-field cron spec or a descriptor like @daily.
// Time zone prefixes are refused (the zone is its own setting), and the
// parser's panics on malformed input become errors.
func ParseSchedule(spec string) (s cron.Schedule, err error) {
	spec = strings.TrimSpace(spec)
	if spec == "" {
		return nil, fmt.Errorf("empty cron spec")
	}
	if strings.HasPrefix(spec, "TZ=") || strings.HasPrefix(spec, "CRON_TZ=") {
		return nil, fmt.Errorf("cron spec %q: set the time zone with the timezone key, not in the spec", spec)
	}
	defer func() {
		if r := recover(); r != nil {
			s, err = nil, fmt.Errorf("invalid cron spec %q", spec)
		}
	}()
	s, err = cronParser.Parse(spec)
	if err != nil {
		return nil, fmt.Errorf("invalid cron spec %q: %v (want 5 fields: minute hour day-of-month month day-of-week, e.g. \"0 8 * * *\")", spec, err)
	}
	return s, nil
}

// CheckSchedule reports whether spec is a valid schedule.
func CheckSchedule(spec string) error {
	_, err := ParseSchedule(spec)
	return err
}

// LoadLocation loads an IANA time zone, refusing "Local" whose meaning
// depends on the machine.
func LoadLocation(name string) (*time.Location, error) {
	if name == "" || name == "Local" {
		return nil, fmt.Errorf("want an IANA time zone such as Europe/Kyiv or UTC, got %q", name)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("unknown time zone %q (want an IANA name such as Europe/Kyiv)", name)
	}
	return loc, nil
}
