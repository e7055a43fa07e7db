package config_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/newsdigest/newsdigest/internal/config"
)

func noEnv(string) (string, bool) { return "", false }

func TestBadConfigNamesEveryProblem(t *testing.T) {
	_, err := config.Load("testdata/bad.yaml")
	var cerr *config.Error
	if !errors.As(err, &cerr) {
		t.Fatalf("Load = %v, want *config.Error", err)
	}
	want := []string{ // each problem, with its line
		`testdata/bad.yaml:2: unknown key "feedz"`,
		`testdata/bad.yaml:6: feeds[1].url: missing`,
		`testdata/bad.yaml:8: feeds[2].name: "ok" is already the name of feeds[0]`,
		`testdata/bad.yaml:9: feeds[2].url: unsupported scheme "ftp"`,
		`testdata/bad.yaml:11: topics[0].id: "Peace Talks" must be`,
		`testdata/bad.yaml:12: topics[0].title: missing`,
		`testdata/bad.yaml:13: topics[0].keywords: a topic needs`,
		`testdata/bad.yaml:15: digest.schedule: invalid cron spec "0 25 * * *"`,
		`testdata/bad.yaml:16: digest.timezone: unknown time zone "Mars/Olympus"`,
	}
	msg := err.Error()
	for _, w := range want {
		if !strings.Contains(msg, w) {
			t.Errorf("error lacks %q\nfull error:\n%s", w, msg)
		}
	}
	if len(cerr.Problems) != len(want) {
		t.Errorf("%d problems, want %d:\n%s", len(cerr.Problems), len(want), msg)
	}
}

func TestParseProblems(t *testing.T) {
	tests := map[string]struct {
		yaml string
		want string // substring of the error; "" = valid
	}{
		"empty file is the defaults": {"", ""},
		"typo in nested key":         {"digest:\n  shedule: '0 8 * * *'\n", `t.yaml:2: unknown key "shedule"`},
		"wrong type":                 {"digest:\n  max_stories: many\n", `t.yaml:2: digest.max_stories: want a whole number, got "many"`},
		"syntax error":               {"feeds: [\n", "t.yaml"},
		"bad duration":               {"fetch:\n  timeout: soon\n", `invalid duration "soon"`},
		"bad size":                   {"fetch:\n  max_body: lots\n", `invalid size "lots"`},
		"tz prefix in schedule":      {"digest:\n  schedule: 'CRON_TZ=UTC'\n", "set the time zone with the timezone key"},
		"descriptor schedule":        {"digest:\n  schedule: '@daily'\n", ""},
		"too many stories":           {"digest:\n  max_stories: 500\n", "digest.max_stories: must be between 1 and 50"},
		"local path feed":            {"feeds:\n  - {name: a, url: ../feeds/a.xml}\n", ""},
		"feed without host":          {"feeds:\n  - {name: a, url: 'https://'}\n", "has no host"},
		"feed polled too often":      {"feeds:\n  - {name: a, url: ./a.xml, interval: 10s}\n", "feeds[0].interval: 10s is too often"},
		"bad language":               {"feeds:\n  - {name: a, url: ./a.xml, language: English}\n", `"English" is not a language code`},
		"bad full_text":              {"feeds:\n  - {name: a, url: ./a.xml, full_text: sometimes}\n", `feeds[0].full_text: "sometimes" is not auto, always or never`},
		"duplicate topic":            {"topics:\n  - {id: a, title: A, keywords: [x]}\n  - {id: a, title: B, keywords: [y]}\n", `topics[1].id: "a" is already`},
		"bad api url":                {"telegram:\n  api_url: localhost:8081\n", "telegram.api_url"},
		"unknown log level":          {"log:\n  level: loud\n", `unknown level "loud"`},
		"admin ids are numbers":      {"telegram:\n  admin_chat_ids: [12, -100123]\n", ""},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := config.Parse([]byte(tt.yaml), "t.yaml", noEnv)
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("error = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestEnvironmentOverrides(t *testing.T) {
	env := map[string]string{
		"NEWSDIGEST_DIGEST_TIMEZONE":             "Europe/Kyiv",
		"NEWSDIGEST_FETCH_TIMEOUT":               "5s",
		"NEWSDIGEST_FETCH_MAX_BODY":              "2MiB",
		"NEWSDIGEST_TELEGRAM_ADMIN_CHAT_IDS":     "1, 2",
		"NEWSDIGEST_TELEGRAM_TOKEN":              " 123:abc ",
		"NEWSDIGEST_FETCH_DENY_PRIVATE_NETWORKS": "true",
	}
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	cfg, err := config.Parse([]byte("digest:\n  timezone: UTC\n"), "t.yaml", lookup)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Digest.TimeZone != "Europe/Kyiv" || cfg.Fetch.Timeout.D() != 5*time.Second || cfg.Fetch.MaxBodyBytes != 2<<20 ||
		len(cfg.Telegram.AdminChatIDs) != 2 || cfg.Telegram.Token != "123:abc" || !cfg.Fetch.DenyPrivate {
		t.Errorf("overrides not applied: %+v", cfg)
	}

	env = map[string]string{"NEWSDIGEST_DIGEST_MAX_STORIES": "many", "NEWSDIGEST_DIGEST_TIMEZONE": "Nowhere/City"}
	_, err = config.Parse(nil, "t.yaml", lookup)
	if err == nil || !strings.Contains(err.Error(), `environment NEWSDIGEST_DIGEST_MAX_STORIES: digest.max_stories: want a whole number, got "many"`) ||
		!strings.Contains(err.Error(), `unknown time zone "Nowhere/City"`) {
		t.Errorf("bad environment values: err = %v", err)
	}
}

func TestLoadResolvesPaths(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "configs", "c.yaml")
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	yaml := "data_dir: ../state\nfeeds:\n  - {name: a, url: ../feeds/a.xml}\n  - {name: b, url: 'https://example.com/rss'}\n"
	if err := os.WriteFile(path, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, "state"); cfg.DataDir != want {
		t.Errorf("DataDir = %q, want %q", cfg.DataDir, want)
	}
	if want := filepath.Join(dir, "state", "newsdigest.db"); cfg.Storage.Path != want {
		t.Errorf("Storage.Path = %q, want %q", cfg.Storage.Path, want)
	}
	if want := filepath.Join(dir, "feeds", "a.xml"); cfg.Feeds[0].URL != want {
		t.Errorf("local feed = %q, want %q", cfg.Feeds[0].URL, want)
	}
	if cfg.Feeds[1].URL != "https://example.com/rss" {
		t.Errorf("remote feed changed: %q", cfg.Feeds[1].URL)
	}
}

func TestLoadFS(t *testing.T) {
	fsys := fstest.MapFS{"configs/c.yaml": {Data: []byte("data_dir: ../data\nfeeds:\n  - {name: a, url: ../feeds/a.xml}\n")}}
	cfg, err := config.LoadFS(fsys, "configs/c.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Feeds[0].URL != "feeds/a.xml" || cfg.FeedFS == nil {
		t.Errorf("feed = %q (FS %v), want feeds/a.xml inside the FS", cfg.Feeds[0].URL, cfg.FeedFS)
	}
	if cfg.DataDir != "data" {
		t.Errorf("DataDir = %q, want data (under the working directory)", cfg.DataDir)
	}
}

func TestShippedConfigsAreValid(t *testing.T) {
	for _, p := range []string{"../../configs/newsdigest.yaml", "../../configs/example.production.yaml"} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		if _, err := config.Load(p); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
}

func TestDurationAndSize(t *testing.T) {
	durations := map[string]time.Duration{"90s": 90 * time.Second, "15m": 15 * time.Minute, "7d": 7 * 24 * time.Hour, "1.5d": 36 * time.Hour}
	for in, want := range durations {
		if d, err := config.ParseDuration(in); err != nil || d.D() != want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", in, d, err, want)
		}
	}
	for _, in := range []string{"", "-1h", "7days", "d"} {
		if _, err := config.ParseDuration(in); err == nil {
			t.Errorf("ParseDuration(%q) succeeded", in)
		}
	}
	sizes := map[string]config.ByteSize{"10MiB": 10 << 20, "512KB": 512000, "2048": 2048, "1 GiB": 1 << 30}
	for in, want := range sizes {
		if b, err := config.ParseByteSize(in); err != nil || b != want {
			t.Errorf("ParseByteSize(%q) = %v, %v; want %v", in, b, err, want)
		}
	}
	if _, err := config.ParseByteSize("-5MB"); err == nil {
		t.Error("negative size accepted")
	}
}

func TestScheduleNeverPanics(t *testing.T) {
	for _, spec := range []string{"TZ=0", "CRON_TZ=", "@every", "@every -1s", "* * * * * * * *", "0 8 * * MON-FRI", "60 * * * *", "*/0 * * * *"} {
		_ = config.CheckSchedule(spec) // must not panic
	}
	if err := config.CheckSchedule("0 8 * * MON-FRI"); err != nil {
		t.Errorf("weekdays at 08:00 rejected: %v", err)
	}
}

func TestWebhookConfig(t *testing.T) {
	const goodSecret = "s3cr3t_TOKEN-value"
	long := strings.Repeat("a", 256)
	tests := map[string]struct {
		yaml   string
		env    map[string]string
		want   string // substring of the error; "" = valid
		reject string // must not appear in the error (the secret)
	}{
		"no webhook is long polling": {yaml: "", want: ""},
		"no webhook ignores a bad secret": {
			yaml: "", env: map[string]string{"NEWSDIGEST_TELEGRAM_WEBHOOK_SECRET": "not valid!"}, want: "",
		},
		"https webhook": {
			yaml: "telegram:\n  webhook: {url: 'https://bot.example.com/telegram', listen: '0.0.0.0:8443'}\n",
			env:  map[string]string{"NEWSDIGEST_TELEGRAM_WEBHOOK_SECRET": goodSecret},
		},
		"secret of 256 characters": {
			yaml: "telegram:\n  webhook: {url: 'https://bot.example.com/telegram', listen: ':8443'}\n",
			env:  map[string]string{"NEWSDIGEST_TELEGRAM_WEBHOOK_SECRET": long},
		},
		"secret from another variable": {
			yaml: "telegram:\n  webhook: {url: 'https://bot.example.com/t', listen: ':8443', secret_env: HOOK_SECRET}\n",
			env:  map[string]string{"HOOK_SECRET": goodSecret},
		},
		"everything from the environment": {
			env: map[string]string{
				"NEWSDIGEST_TELEGRAM_WEBHOOK_URL":    "https://bot.example.com/telegram",
				"NEWSDIGEST_TELEGRAM_WEBHOOK_LISTEN": "10.0.0.5:8080",
				"NEWSDIGEST_TELEGRAM_WEBHOOK_SECRET": goodSecret,
			},
		},
		"http on loopback for tests": {
			yaml: "telegram:\n  webhook: {url: 'http://127.0.0.1:8080/hook', listen: '127.0.0.1:8080'}\n",
			env:  map[string]string{"NEWSDIGEST_TELEGRAM_WEBHOOK_SECRET": goodSecret},
		},
		"http on localhost": {
			yaml: "telegram:\n  webhook: {url: 'http://localhost/hook', listen: '127.0.0.1:8080'}\n",
			env:  map[string]string{"NEWSDIGEST_TELEGRAM_WEBHOOK_SECRET": goodSecret},
		},
		"http on ::1": {
			yaml: "telegram:\n  webhook: {url: 'http://[::1]:8080/hook', listen: '[::1]:8080'}\n",
			env:  map[string]string{"NEWSDIGEST_TELEGRAM_WEBHOOK_SECRET": goodSecret},
		},
		"http elsewhere": {
			yaml: "telegram:\n  webhook: {url: 'http://bot.example.com/telegram', listen: ':8443'}\n",
			env:  map[string]string{"NEWSDIGEST_TELEGRAM_WEBHOOK_SECRET": goodSecret},
			want: "t.yaml:2: telegram.webhook.url: \"http://bot.example.com/telegram\": Telegram posts webhooks only to https URLs",
		},
		"not a URL": {
			yaml: "telegram:\n  webhook: {url: 'bot.example.com/telegram', listen: ':8443'}\n",
			env:  map[string]string{"NEWSDIGEST_TELEGRAM_WEBHOOK_SECRET": goodSecret},
			want: "telegram.webhook.url: \"bot.example.com/telegram\" is not a URL",
		},
		"other scheme": {
			yaml: "telegram:\n  webhook: {url: 'ftp://bot.example.com/telegram', listen: ':8443'}\n",
			env:  map[string]string{"NEWSDIGEST_TELEGRAM_WEBHOOK_SECRET": goodSecret},
			want: "telegram.webhook.url: \"ftp://bot.example.com/telegram\": want an https URL",
		},
		"port Telegram does not post to": {
			yaml: "telegram:\n  webhook: {url: 'https://bot.example.com:9000/telegram', listen: ':9000'}\n",
			env:  map[string]string{"NEWSDIGEST_TELEGRAM_WEBHOOK_SECRET": goodSecret},
			want: "telegram.webhook.url: port 9000: Telegram posts webhooks only to ports 443, 80, 88 and 8443",
		},
		"any port with a local Bot API server": {
			yaml: "telegram:\n  api_url: 'http://127.0.0.1:8081'\n  webhook: {url: 'https://bot.example.com:9000/telegram', listen: ':9000'}\n",
			env:  map[string]string{"NEWSDIGEST_TELEGRAM_WEBHOOK_SECRET": goodSecret},
		},
		"listen missing": {
			yaml: "telegram:\n  webhook: {url: 'https://bot.example.com/telegram'}\n",
			env:  map[string]string{"NEWSDIGEST_TELEGRAM_WEBHOOK_SECRET": goodSecret},
			want: "telegram.webhook.listen: missing",
		},
		"listen not host:port": {
			yaml: "telegram:\n  webhook: {url: 'https://bot.example.com/telegram', listen: '8443'}\n",
			env:  map[string]string{"NEWSDIGEST_TELEGRAM_WEBHOOK_SECRET": goodSecret},
			want: "telegram.webhook.listen: \"8443\" is not host:port",
		},
		"listen is the operator listener": {
			yaml: "http:\n  listen: '127.0.0.1:9090'\ntelegram:\n  webhook: {url: 'https://bot.example.com/telegram', listen: '127.0.0.1:9090'}\n",
			env:  map[string]string{"NEWSDIGEST_TELEGRAM_WEBHOOK_SECRET": goodSecret},
			want: "telegram.webhook.listen: \"127.0.0.1:9090\" is already http.listen",
		},
		"secret missing": {
			yaml: "telegram:\n  webhook: {url: 'https://bot.example.com/telegram', listen: ':8443'}\n",
			want: "telegram.webhook.secret_env: $NEWSDIGEST_TELEGRAM_WEBHOOK_SECRET is not set",
		},
		"secret empty": {
			yaml: "telegram:\n  webhook: {url: 'https://bot.example.com/telegram', listen: ':8443'}\n",
			env:  map[string]string{"NEWSDIGEST_TELEGRAM_WEBHOOK_SECRET": "  "},
			want: "$NEWSDIGEST_TELEGRAM_WEBHOOK_SECRET is not set",
		},
		"secret with characters Telegram refuses": {
			yaml:   "telegram:\n  webhook: {url: 'https://bot.example.com/telegram', listen: ':8443'}\n",
			env:    map[string]string{"NEWSDIGEST_TELEGRAM_WEBHOOK_SECRET": "pass word+/="},
			want:   "the secret in $NEWSDIGEST_TELEGRAM_WEBHOOK_SECRET must be 1-256 characters of A-Z a-z 0-9 _ -",
			reject: "pass word",
		},
		"secret too long": {
			yaml:   "telegram:\n  webhook: {url: 'https://bot.example.com/telegram', listen: ':8443'}\n",
			env:    map[string]string{"NEWSDIGEST_TELEGRAM_WEBHOOK_SECRET": long + "b"},
			want:   "it has 257 characters",
			reject: long,
		},
		"secret variable unnamed": {
			yaml: "telegram:\n  webhook: {url: 'https://bot.example.com/telegram', listen: ':8443', secret_env: ''}\n",
			want: "telegram.webhook.secret_env: must name the environment variable",
		},
		"secret never in the file": {
			yaml: "telegram:\n  webhook: {url: 'https://bot.example.com/telegram', listen: ':8443', secret_token: abc}\n",
			env:  map[string]string{"NEWSDIGEST_TELEGRAM_WEBHOOK_SECRET": goodSecret},
			want: `unknown key "secret_token"`,
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			lookup := func(k string) (string, bool) { v, ok := tt.env[k]; return v, ok }
			cfg, err := config.Parse([]byte(tt.yaml), "t.yaml", lookup)
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("error = %v, want it to contain %q", err, tt.want)
			case tt.reject != "" && strings.Contains(err.Error(), tt.reject):
				t.Fatalf("error shows the secret: %v", err)
			}
			if err == nil && cfg.Telegram.Webhook.URL != "" {
				if want := tt.env[cfg.Telegram.Webhook.SecretEnv]; cfg.Telegram.Webhook.Secret != want {
					t.Errorf("secret = %q, want %q from $%s", cfg.Telegram.Webhook.Secret, want, cfg.Telegram.Webhook.SecretEnv)
				}
			}
		})
	}
}
