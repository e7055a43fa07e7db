// Package config loads and validates the newsdigest configuration: a YAML
// file, overridden by NEWSDIGEST_* environment variables. Unknown keys are
// errors, and validation reports every problem with its location so an admin
// can fix a config in one pass.
package config // import "github.com/newsdigest/newsdigest/internal/config"

import (
	"fmt"
	"io/fs"
	"math"
	"strconv"
	"strings"
	"time"
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
	PerHost      int      `yaml:"per_host"`    // requests to one host at once
	MaxBackoff   Duration `yaml:"max_backoff"` // cap for failing feeds
	DenyPrivate  bool     `yaml:"deny_private_networks"`
}

// Feed is one polled source.
type Feed struct {
	Name     string   `yaml:"name"`     // unique; also the outlet shown unless Outlet is set
	Outlet   string   `yaml:"outlet"`   // publisher name shown to readers
	URL      string   `yaml:"url"`      // http(s) URL, file:// URL or local path
	Language string   `yaml:"language"` // ISO 639-1
	Interval Duration `yaml:"interval"` // overrides fetch.interval
	Tags     []string `yaml:"tags"`
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
			Interval:     Duration(15 * time.Minute),
			Timeout:      Duration(20 * time.Second),
			MaxBodyBytes: 10 << 20,
			UserAgent:    "newsdigest/1.0 (+https://github.com/newsdigest/newsdigest)",
			Concurrency:  8,
			PerHost:      2,
			MaxBackoff:   Duration(6 * time.Hour),
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

// Duration is a time.Duration that reads "90s", "15m", "2h" and also days
// ("7d"), which Go's parser lacks but configs need.
type Duration time.Duration

// D returns d as a time.Duration.
func (d Duration) D() time.Duration { return time.Duration(d) }

// ParseDuration parses s as a Duration.
func ParseDuration(s string) (Duration, error) {
	s = strings.TrimSpace(s)
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.ParseFloat(days, 64)
		// !(n >= 0) refuses NaN too; past about 292 years the conversion
		// to Duration overflows (to a negative value on amd64, a huge one
		// elsewhere) instead of failing.
		if err != nil || !(n >= 0) || n*float64(24*time.Hour) >= math.MaxInt64 {
			return 0, fmt.Errorf("invalid duration %q", s)
		}
		return Duration(n * float64(24*time.Hour)), nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("invalid duration %q (use e.g. 90s, 15m, 2h, 7d)", s)
	}
	return Duration(d), nil
}

func (d Duration) String() string {
	td := time.Duration(d)
	if td >= 24*time.Hour && td%(24*time.Hour) == 0 {
		return fmt.Sprintf("%dd", td/(24*time.Hour))
	}
	return td.String()
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

// ByteSize is a size in bytes that reads "10MiB", "512KB" or a plain number.
type ByteSize int64

var byteUnits = []struct {
	suffix string
	mult   int64
}{
	{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30},
	{"KB", 1000}, {"MB", 1000 * 1000}, {"GB", 1000 * 1000 * 1000},
	{"B", 1},
}

// ParseByteSize parses s as a ByteSize.
func ParseByteSize(s string) (ByteSize, error) {
	s = strings.TrimSpace(s)
	in, mult := s, int64(1)
	for _, u := range byteUnits {
		if num, ok := strings.CutSuffix(s, u.suffix); ok {
			s, mult = strings.TrimSpace(num), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("invalid size %q (use e.g. 10MiB, 512KB)", s)
	}
	// n*mult must not wrap around: 17179869185GiB was read as 1GiB.
	if n > math.MaxInt64/mult {
		return 0, fmt.Errorf("size %q is too large", in)
	}
	return ByteSize(n * mult), nil
}

func (b ByteSize) String() string {
	switch {
	case b >= 1<<20 && b%(1<<20) == 0:
		return fmt.Sprintf("%dMiB", b>>20)
	case b >= 1<<10 && b%(1<<10) == 0:
		return fmt.Sprintf("%dKiB", b>>10)
	}
	return strconv.FormatInt(int64(b), 10)
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
