// Package config loads and validates the newsdigest configuration: a YAML
// file, overridden by NEWSDIGEST_* environment variables. Unknown keys are
// errors, and validation reports every problem with its location so an admin
// can fix a config in one pass.
package config // import "github.com/newsdigest/newsdigest/internal/config"

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"

	"go.yaml.in/yaml/v3"
)

// Config is the whole configuration. Relative paths are resolved against the
// directory of the config file by Load.
type Config struct {
	DataDir  string   `yaml:"data_dir"`
	Log      Log      `yaml:"log"`
	Storage  Storage  `yaml:"storage"`
	Fetch    Fetch    `yaml:"fetch"`
	Feeds    []Feed   `yaml:"feeds"`
	Topics   []Topic  `yaml:"topics"`
	Cluster  Cluster  `yaml:"cluster"`
	Digest   Digest   `yaml:"digest"`
	Telegram Telegram `yaml:"telegram"`
	HTTP     HTTP     `yaml:"http"`

	// AllowFeedLoss lets a reload apply a config that has no feeds or drops
	// most of the running ones. Off, such a config is taken for a file
	// saved half-way (truncated by an editor or a tool) and refused.
	AllowFeedLoss bool `yaml:"allow_feed_loss"`

	// Path is the file the config was loaded from.
	Path string `yaml:"-"`
	// FeedFS holds local feed files when the config came from an fs.FS
	// (the bundled defaults); nil means the OS file system.
	FeedFS fs.FS `yaml:"-"`
}

// Log configures log/slog output.
type Log struct {
	Level  string `yaml:"level"`  // debug, info, warn, error
	Format string `yaml:"format"` // text or json
}

// Storage selects the store. Path is the SQLite file.
type Storage struct {
	// DSN selects PostgreSQL (postgres://…) for deployments that outgrow
	// one machine; empty means the SQLite file at Path.
	DSN       string   `yaml:"dsn"`
	Path      string   `yaml:"path"`
	Retention Duration `yaml:"retention"` // articles older than this are pruned daily
}

// Fetch tunes the polite poller.
type Fetch struct {
	Interval     Duration `yaml:"interval"` // default poll interval per feed
	Timeout      Duration `yaml:"timeout"`
	MaxBodyBytes ByteSize `yaml:"max_body"`
	UserAgent    string   `yaml:"user_agent"`
	Concurrency  int      `yaml:"concurrency"` // feeds fetched at once
	// PageConcurrency is how many article pages are fetched at once,
	// beside the feeds: a poll of teaser feeds brings many pages per
	// feed, each mostly waiting on the network.
	PageConcurrency int      `yaml:"page_concurrency"`
	PerHost         int      `yaml:"per_host"`    // requests to one host at once, feeds and pages together
	MaxBackoff      Duration `yaml:"max_backoff"` // cap for failing feeds
	DenyPrivate     bool     `yaml:"deny_private_networks"`
	// IgnoreRobots stops honouring robots.txt for article pages (feeds
	// are fetched either way: a feed is published to be polled).
	IgnoreRobots bool `yaml:"ignore_robots_txt"`
}

// Feed is one polled source.
type Feed struct {
	Name     string   `yaml:"name"`     // unique; also the outlet shown unless Outlet is set
	Outlet   string   `yaml:"outlet"`   // publisher name shown to readers
	URL      string   `yaml:"url"`      // http(s) URL, file:// URL or local path
	Language string   `yaml:"language"` // ISO 639-1
	Interval Duration `yaml:"interval"` // overrides fetch.interval
	Tags     []string `yaml:"tags"`
	// FullText says when to fetch the page an item links to for the
	// article: auto (default: when the feed's text is a teaser or cut
	// off), always, or never.
	FullText string `yaml:"full_text"`
}

// Full-text modes of a feed.
const (
	FullTextAuto   = "auto"
	FullTextAlways = "always"
	FullTextNever  = "never"
)

// FullTextMode is f's full-text mode, auto when unset.
func (f Feed) FullTextMode() string {
	if f.FullText == "" {
		return FullTextAuto
	}
	return f.FullText
}

// OutletName is the publisher name shown to readers.
func (f Feed) OutletName() string {
	if f.Outlet != "" {
		return f.Outlet
	}
	return f.Name
}

// Topic is a subject subscribers can follow, defined by keywords/phrases.
type Topic struct {
	ID       string   `yaml:"id"`
	Title    string   `yaml:"title"`
	Keywords []string `yaml:"keywords"`
}

// Cluster tunes story grouping.
type Cluster struct {
	Horizon Duration `yaml:"horizon"` // how far back stories are remembered and linked
}

// Digest holds the defaults for every subscriber's digest.
type Digest struct {
	Schedule   string   `yaml:"schedule"` // 5-field cron spec
	TimeZone   string   `yaml:"timezone"` // IANA zone
	MaxStories int      `yaml:"max_stories"`
	Window     Duration `yaml:"window"` // how far back a digest looks
	// EmptyNotice sends "nothing new" when a scheduled digest is empty;
	// by default an empty digest is not sent.
	EmptyNotice bool `yaml:"empty_notice"`
}

// HTTP configures the operator's listener: /healthz, /readyz, /metrics.
type HTTP struct {
	Listen string `yaml:"listen"` // e.g. 127.0.0.1:9090; "" turns it off
}

// Telegram configures the bot. The token itself is never in the file.
type Telegram struct {
	TokenEnv      string  `yaml:"token_env"` // name of the variable holding the token
	APIURL        string  `yaml:"api_url"`
	AdminChatIDs  []int64 `yaml:"admin_chat_ids"`
	RatePerSecond float64 `yaml:"rate_per_second"` // messages per second overall; Telegram allows about 30
	Webhook       Webhook `yaml:"webhook"`

	Token string `yaml:"-"` // read from TokenEnv
}

// Webhook makes Telegram push updates to the service over HTTPS instead of
// the service long-polling for them, so that several instances behind a
// load balancer can all take updates (only one may long-poll). An empty
// URL means long polling.
type Webhook struct {
	// URL is the public HTTPS address Telegram posts updates to, e.g.
	// https://bot.example.com/telegram; its path is the one served.
	URL string `yaml:"url"`
	// Listen is where the service accepts them (host:port, plain HTTP:
	// TLS ends at the load balancer or proxy in front).
	Listen string `yaml:"listen"`
	// SecretEnv names the variable holding the secret token Telegram
	// sends with every update; the secret itself is never in the file.
	SecretEnv string `yaml:"secret_env"`

	Secret string `yaml:"-"` // read from SecretEnv
}

// readSecrets reads the bot token and the webhook secret from the
// variables the config names.
func (t *Telegram) readSecrets(env func(string) (string, bool)) {
	if t.TokenEnv != "" {
		if tok, ok := env(t.TokenEnv); ok {
			t.Token = strings.TrimSpace(tok)
		}
	}
	if t.Webhook.SecretEnv != "" {
		if sec, ok := env(t.Webhook.SecretEnv); ok {
			t.Webhook.Secret = strings.TrimSpace(sec)
		}
	}
}

// Default returns the built-in defaults every config starts from.
func Default() Config {
	return Config{
		DataDir: "data",
		Log:     Log{Level: "info", Format: "text"},
		Storage: Storage{Path: "newsdigest.db", Retention: Duration(180 * 24 * time.Hour)},
		Fetch: Fetch{
			Interval:        Duration(15 * time.Minute),
			Timeout:         Duration(20 * time.Second),
			MaxBodyBytes:    10 << 20,
			UserAgent:       "newsdigest/1.0 (+https://github.com/newsdigest/newsdigest)",
			Concurrency:     8,
			PageConcurrency: 16,
			PerHost:         2,
			MaxBackoff:      Duration(6 * time.Hour),
		},
		Cluster: Cluster{Horizon: Duration(90 * 24 * time.Hour)},
		Digest: Digest{
			Schedule:   "0 8 * * *",
			TimeZone:   "UTC",
			MaxStories: 8,
			Window:     Duration(72 * time.Hour),
		},
		Telegram: Telegram{
			TokenEnv:      "NEWSDIGEST_TELEGRAM_TOKEN",
			APIURL:        "https://api.telegram.org",
			RatePerSecond: 30,
			Webhook:       Webhook{SecretEnv: "NEWSDIGEST_TELEGRAM_WEBHOOK_SECRET"},
		},
	}
}

// FeedInterval returns the poll interval of f.
func (c *Config) FeedInterval(f Feed) time.Duration {
	if f.Interval > 0 {
		return f.Interval.D()
	}
	return c.Fetch.Interval.D()
}

// Ceilings: the largest values validation accepts, so that a typo (an
// extra zero, MB for KB, d for h) is refused instead of starving the
// machine or silently disabling a safeguard. configs/newsdigest.yaml
// documents them beside the keys.
const (
	// MaxBodyCeiling caps fetch.max_body: a feed body, decompressed, is
	// held in memory while it is parsed, once per concurrent fetch.
	MaxBodyCeiling = 100 << 20
	// TimeoutCeiling caps fetch.timeout.
	TimeoutCeiling = 10 * time.Minute
	// IntervalCeiling caps fetch.interval and every feed's interval.
	IntervalCeiling = 7 * 24 * time.Hour
	// BackoffCeiling caps fetch.max_backoff.
	BackoffCeiling = 7 * 24 * time.Hour
	// HorizonCeiling caps cluster.horizon.
	HorizonCeiling = 3650 * 24 * time.Hour
	// RetentionCeiling caps storage.retention.
	RetentionCeiling = 3650 * 24 * time.Hour
	// ConcurrencyCeiling caps fetch.concurrency and fetch.page_concurrency.
	ConcurrencyCeiling = 256
	// PerHostCeiling caps fetch.per_host.
	PerHostCeiling = 64
)

// Duration is a time.Duration that reads "90s", "15m", "2h" and also days
// ("7d"), which Go's parser lacks but configs need.
type Duration time.Duration

// D returns d as a time.Duration.
func (d Duration) D() time.Duration { return time.Duration(d) }

// maxDays is the longest duration in days that fits in a time.Duration.
const maxDays = math.MaxInt64 / int64(24*time.Hour)

// ParseDuration parses s as a Duration. Errors quote s as given.
func ParseDuration(s string) (Duration, error) {
	t := strings.TrimSpace(s)
	if days, ok := strings.CutSuffix(t, "d"); ok {
		n, err := strconv.ParseFloat(days, 64)
		switch {
		case err != nil && !errors.Is(err, strconv.ErrRange), math.IsNaN(n), math.IsInf(n, 0) && err == nil:
			return 0, fmt.Errorf("invalid duration %q (use e.g. 90s, 15m, 2h, 7d)", s)
		case n < 0:
			return 0, fmt.Errorf("invalid duration %q: must not be negative", s)
		// Past about 292 years the conversion to Duration overflows (to a
		// negative value on amd64, a huge one elsewhere) instead of
		// failing.
		case err != nil || n*float64(24*time.Hour) >= math.MaxInt64:
			return 0, fmt.Errorf("invalid duration %q: too long (at most %dd)", s, maxDays)
		}
		return Duration(n * float64(24*time.Hour)), nil
	}
	d, err := time.ParseDuration(t)
	switch {
	case err != nil:
		return 0, fmt.Errorf("invalid duration %q (use e.g. 90s, 15m, 2h, 7d)", s)
	case d < 0:
		return 0, fmt.Errorf("invalid duration %q: must not be negative", s)
	}
	return Duration(d), nil
}

// String writes d as ParseDuration reads it, without zero units: 7d, 2h,
// 10m, 1h30m, 90s as 1m30s.
func (d Duration) String() string {
	td := time.Duration(d)
	if td >= 24*time.Hour && td%(24*time.Hour) == 0 {
		return fmt.Sprintf("%dd", td/(24*time.Hour))
	}
	s := td.String()
	if td >= time.Minute && td%time.Minute == 0 {
		s = strings.TrimSuffix(s, "0s")
		if td%time.Hour == 0 {
			s = strings.TrimSuffix(s, "0m")
		}
	}
	return s
}

// MarshalText and UnmarshalText let YAML and environment variables use the
// same parser.
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

func (d *Duration) UnmarshalText(b []byte) error {
	v, err := ParseDuration(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// UnmarshalYAML reads a duration from the config file. A bad value is a
// *yaml.TypeError "line N: …", which the decoder collects before going on
// with the rest of the file; any other error (UnmarshalText's, were it
// used) would abort the decoding and leave the config half-filled.
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return typeError(n, "want a duration like 90s, 15m, 2h or 7d, got %s", kindName(n))
	}
	v, err := ParseDuration(n.Value)
	if err != nil {
		return typeError(n, "%v", err)
	}
	*d = v
	return nil
}

// typeError is a problem with one YAML value, as the decoder reports it.
func typeError(n *yaml.Node, format string, args ...any) error {
	return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: ", n.Line) + fmt.Sprintf(format, args...)}}
}

// kindName names what a node holds, for messages.
func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	return fmt.Sprintf("%q", n.Value)
}

// ByteSize is a size in bytes that reads "10MiB", "512KB" or a plain number.
// Units are case-sensitive: "10mb" is refused, since it may mean 10MB or
// 10MiB (or megabits), and a size limit should not be a guess.
type ByteSize int64

var byteUnits = []struct {
	suffix string
	mult   int64
}{
	{"TiB", 1 << 40}, {"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10},
	{"TB", 1e12}, {"GB", 1e9}, {"MB", 1e6}, {"KB", 1e3},
	{"B", 1},
}

// ParseByteSize parses s as a ByteSize. Errors quote s as given.
func ParseByteSize(s string) (ByteSize, error) {
	t := strings.TrimSpace(s)
	num := strings.TrimRightFunc(t, unicode.IsLetter)
	unit := t[len(num):]
	num = strings.TrimSpace(num)
	mult := int64(0) // unknown unit
	if unit == "" {
		mult = 1
	}
	for _, u := range byteUnits {
		if unit == u.suffix {
			mult = u.mult
		}
	}
	n, err := strconv.ParseInt(num, 10, 64)
	switch {
	case errors.Is(err, strconv.ErrRange) && !strings.HasPrefix(num, "-"):
		return 0, fmt.Errorf("size %q is too large", s)
	case err != nil:
		return 0, fmt.Errorf("invalid size %q (use e.g. 10MiB, 512KB)", s)
	case n < 0:
		return 0, fmt.Errorf("invalid size %q: must not be negative", s)
	case mult == 0:
		return 0, fmt.Errorf("invalid size %q%s", s, unitHint(n, unit))
	// n*mult must not wrap around: 17179869185GiB was read as 1GiB.
	case n > math.MaxInt64/mult:
		return 0, fmt.Errorf("size %q is too large", s)
	}
	return ByteSize(n * mult), nil
}

// unitHint explains a unit that is not one of byteUnits.
func unitHint(n int64, unit string) string {
	const list = " (units: B, KB, MB, GB, TB = powers of 1000; KiB, MiB, GiB, TiB = powers of 1024)"
	lower := strings.ToLower(unit)
	for _, u := range byteUnits {
		if strings.HasSuffix(u.suffix, "iB") && lower == strings.ToLower(u.suffix) || lower == "b" && u.suffix == "B" {
			return fmt.Sprintf(": units are case-sensitive; did you mean %d%s?", n, u.suffix)
		}
	}
	// k, m, g, t and kb, Mb, …: decimal or binary? Say both.
	prefix, _ := strings.CutSuffix(lower, "b")
	if i := strings.Index("kmgt", prefix); len(prefix) == 1 && i >= 0 {
		dec, bin := strings.ToUpper(prefix)+"B", strings.ToUpper(prefix)+"iB"
		decMult, binMult := int64(math.Pow(1000, float64(i+1))), int64(1)<<(10*(i+1))
		if n > math.MaxInt64/binMult {
			return fmt.Sprintf(": units are case-sensitive; did you mean %d%s or %d%s?", n, dec, n, bin)
		}
		return fmt.Sprintf(": units are case-sensitive; did you mean %d%s (%d bytes) or %d%s (%d bytes)?", n, dec, n*decMult, n, bin, n*binMult)
	}
	return list
}

// String writes b in the unit that gives the shortest exact number.
func (b ByteSize) String() string {
	best, unit := int64(b), ""
	if b > 0 {
		for _, u := range byteUnits {
			if u.mult > 1 && int64(b)%u.mult == 0 && int64(b)/u.mult < best {
				best, unit = int64(b)/u.mult, u.suffix
			}
		}
	}
	return strconv.FormatInt(best, 10) + unit
}

func (b ByteSize) MarshalText() ([]byte, error) { return []byte(b.String()), nil }

func (b *ByteSize) UnmarshalText(t []byte) error {
	v, err := ParseByteSize(string(t))
	if err != nil {
		return err
	}
	*b = v
	return nil
}

// UnmarshalYAML reads a size from the config file; see
// Duration.UnmarshalYAML.
func (b *ByteSize) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return typeError(n, "want a size like 10MiB or 512KB, got %s", kindName(n))
	}
	v, err := ParseByteSize(n.Value)
	if err != nil {
		return typeError(n, "%v", err)
	}
	*b = v
	return nil
}
