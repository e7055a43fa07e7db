package telegram

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/newsdigest/newsdigest/internal/config"
	"github.com/newsdigest/newsdigest/internal/news"
	"github.com/newsdigest/newsdigest/internal/store"
	"github.com/newsdigest/newsdigest/internal/store/sqlite"
	"github.com/newsdigest/newsdigest/internal/telegram/telegramtest"
)

const (
	hookURL    = "https://bot.example.com/telegram"
	hookPath   = "/telegram"
	hookSecret = "s3cr3t_webhook-TOKEN"
	noHeader   = "\x00" // post without the secret header
)

type stubBackend struct{}

func (stubBackend) Topics() []config.Topic                   { return nil }
func (stubBackend) Defaults() (spec, tz string)              { return "0 8 * * *", "UTC" }
func (stubBackend) IsAdmin(int64) bool                       { return false }
func (stubBackend) Reload(context.Context) error             { return nil }
func (stubBackend) Status(context.Context) (string, error)   { return "", nil }
func (stubBackend) FeedList(context.Context) (string, error) { return "", nil }
func (stubBackend) SubscriberDigest(context.Context, store.Subscriber, bool) (news.Digest, error) {
	return news.Digest{}, nil
}
func (stubBackend) Ask(context.Context, string, int) ([]news.Story, error) { return nil, nil }
func (stubBackend) Story(context.Context, string) (news.Story, bool, error) {
	return news.Story{}, false, nil
}

type stubPlanner struct{}

func (stubPlanner) Set(int64, string, string) error { return nil }
func (stubPlanner) Remove(int64)                    {}

// openStore opens the SQLite store at path, closed when the test ends.
// Instances of the service share one store; opening the same file twice
// plays two of them.
func openStore(t *testing.T, path string) store.Store {
	t.Helper()
	st, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// instance is one running bot.
type instance struct {
	b      *Bot
	calls  atomic.Int32 // updates handed to the handler
	stop   func()       // stops the bot and waits for it (idempotent)
	client *http.Client // Telegram's side
}

// start runs a bot on st against api until the test ends; with wh.URL set
// it waits until the webhook listener is up and registered.
func start(t *testing.T, api *telegramtest.Server, st store.Store, wh Webhook) *instance {
	t.Helper()
	b, err := New(Options{
		Token: telegramtest.Token, APIURL: api.URL(), Store: st,
		Backend: stubBackend{}, Planner: stubPlanner{},
		Log:       slog.New(slog.NewTextHandler(io.Discard, nil)),
		SkipGetMe: true, Webhook: wh, PollLease: 300 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	in := &instance{b: b, client: &http.Client{Transport: &http.Transport{}, Timeout: 5 * time.Second}}
	handle := b.dispatch
	b.dispatch = func(ctx context.Context, u *models.Update) {
		in.calls.Add(1)
		handle(ctx, u)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Start(ctx) }()
	var once sync.Once
	in.stop = func() {
		once.Do(func() {
			// A connection dialled but never used would hold up the
			// listener's graceful stop for seconds.
			in.client.CloseIdleConnections()
			cancel()
			select {
			case err := <-done:
				if err != nil && err != context.Canceled {
					t.Errorf("Start = %v", err)
				}
			case <-time.After(10 * time.Second):
				t.Error("bot did not stop within 10s")
			}
		})
	}
	t.Cleanup(in.stop) // runs before api's cleanup: the fake outlives the bot
	if wh.URL != "" {
		api.WaitFor(t, 5*time.Second, "webhook listening and registered", func() bool {
			u, _ := api.Webhook()
			return b.WebhookAddr() != "" && u != ""
		})
	}
	return in
}

func webhookConfig() Webhook {
	return Webhook{URL: hookURL, Listen: "127.0.0.1:0", Secret: hookSecret}
}

// post delivers body as Telegram would, with secret in the header (or no
// header for noHeader), and returns the status code.
func post(t *testing.T, in *instance, method, path, secret, body string) int {
	t.Helper()
	req, err := http.NewRequest(method, "http://"+in.b.WebhookAddr()+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if secret != noHeader {
		req.Header.Set(SecretHeader, secret)
	}
	resp, err := in.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// helpUpdate is update id: Ann writes /help in her private chat.
func helpUpdate(id int64) string {
	return fmt.Sprintf(`{"update_id":%d,"message":{"message_id":7,"date":1735689600,`+
		`"chat":{"id":42,"type":"private","first_name":"Ann"},"from":{"id":42,"is_bot":false,"first_name":"Ann"},`+
		`"text":"/help","entities":[{"type":"bot_command","offset":0,"length":5}]}}`, id)
}

// outbox is every pending message.
func outbox(t *testing.T, st store.Store) []store.OutMessage {
	t.Helper()
	msgs, err := st.DueMessages(context.Background(), time.Now().Add(time.Hour), 1000)
	if err != nil {
		t.Fatal(err)
	}
	return msgs
}

func waitOutbox(t *testing.T, api *telegramtest.Server, st store.Store, n int) {
	t.Helper()
	api.WaitFor(t, 5*time.Second, fmt.Sprintf("%d message(s) in the outbox", n), func() bool { return len(outbox(t, st)) >= n })
}

func keys(msgs []store.OutMessage) []string {
	var ks []string
	for _, m := range msgs {
		ks = append(ks, m.Key)
	}
	return ks
}

func TestWebhookRegistersURLAndSecret(t *testing.T) {
	api := telegramtest.New(t)
	in := start(t, api, openStore(t, filepath.Join(t.TempDir(), "nd.db")), webhookConfig())
	if u, tok := api.Webhook(); u != hookURL || tok != hookSecret {
		t.Errorf("setWebhook(url=%q, secret_token=%q), want %q and the secret", u, tok, hookURL)
	}
	if n := api.Calls("getUpdates"); n != 0 {
		t.Errorf("webhook mode called getUpdates %d times", n)
	}
	if n := api.Commands(); len(n) != len(Commands) {
		t.Errorf("setMyCommands registered %d commands, want %d", len(n), len(Commands))
	}

	// Stopping closes the listener but leaves the webhook to the other
	// instances.
	addr := in.b.WebhookAddr()
	in.stop()
	if u, _ := api.Webhook(); u != hookURL || api.Calls("deleteWebhook") != 0 {
		t.Errorf("after shutdown the webhook is %q (deleteWebhook called %d times); want it kept", u, api.Calls("deleteWebhook"))
	}
	if resp, err := http.Post("http://"+addr+hookPath, "application/json", strings.NewReader(helpUpdate(1))); err == nil {
		resp.Body.Close()
		t.Errorf("listener still answers after shutdown: %s", resp.Status)
	}
}

func TestWebhookRejectsWithoutTheSecret(t *testing.T) {
	api := telegramtest.New(t)
	st := openStore(t, filepath.Join(t.TempDir(), "nd.db"))
	in := start(t, api, st, webhookConfig())

	for name, secret := range map[string]string{
		"no header":          noHeader,
		"empty header":       "",
		"wrong secret":       "not-the-secret",
		"wrong, same length": strings.Repeat("x", len(hookSecret)),
		"secret as a prefix": hookSecret + "x",
	} {
		if code := post(t, in, http.MethodPost, hookPath, secret, helpUpdate(100)); code != http.StatusUnauthorized {
			t.Errorf("%s: status %d, want 401", name, code)
		}
	}
	// The rejected update was not even remembered: the genuine delivery
	// of the same id is taken.
	if code := post(t, in, http.MethodPost, hookPath, hookSecret, helpUpdate(100)); code != http.StatusOK {
		t.Fatalf("genuine delivery: status %d, want 200", code)
	}
	waitOutbox(t, api, st, 1)
	in.stop() // handlers drained: every count below is final
	if n := in.calls.Load(); n != 1 {
		t.Errorf("handler called %d times, want 1 (only for the genuine delivery)", n)
	}
	if got := keys(outbox(t, st)); len(got) != 1 || got[0] != "reply:42:100:0" {
		t.Errorf("outbox = %v, want only the reply to the genuine delivery", got)
	}
}

func TestWebhookBadRequests(t *testing.T) {
	api := telegramtest.New(t)
	st := openStore(t, filepath.Join(t.TempDir(), "nd.db"))
	in := start(t, api, st, webhookConfig())

	tests := []struct {
		name, method, path, secret, body string
		want                             int
	}{
		{"malformed JSON", http.MethodPost, hookPath, hookSecret, `{"update_id": 5, "message": `, http.StatusBadRequest},
		{"not an update", http.MethodPost, hookPath, hookSecret, `[1, 2]`, http.StatusBadRequest},
		{"no update_id", http.MethodPost, hookPath, hookSecret, `{"message": {"text": "/help"}}`, http.StatusBadRequest},
		{"empty body", http.MethodPost, hookPath, hookSecret, ``, http.StatusBadRequest},
		{"too large", http.MethodPost, hookPath, hookSecret,
			`{"update_id": 6, "pad": "` + strings.Repeat("a", maxUpdateBytes) + `"}`, http.StatusRequestEntityTooLarge},
		{"GET", http.MethodGet, hookPath, hookSecret, ``, http.StatusMethodNotAllowed},
		{"other path", http.MethodPost, "/other", hookSecret, helpUpdate(7), http.StatusNotFound},
		{"wrong secret beats bad JSON", http.MethodPost, hookPath, "nope", `{`, http.StatusUnauthorized},
	}
	for _, tt := range tests {
		if code := post(t, in, tt.method, tt.path, tt.secret, tt.body); code != tt.want {
			t.Errorf("%s: status %d, want %d", tt.name, code, tt.want)
		}
	}
	in.stop()
	if n := in.calls.Load(); n != 0 {
		t.Errorf("handler called %d times for bad requests", n)
	}
	if got := keys(outbox(t, st)); len(got) != 0 {
		t.Errorf("outbox = %v, want empty", got)
	}
}

func TestWebhookProcessesAnUpdateOnce(t *testing.T) {
	api := telegramtest.New(t)
	st := openStore(t, filepath.Join(t.TempDir(), "nd.db"))
	in := start(t, api, st, webhookConfig())

	if code := post(t, in, http.MethodPost, hookPath, hookSecret, helpUpdate(1001)); code != http.StatusOK {
		t.Fatalf("status %d, want 200", code)
	}
	waitOutbox(t, api, st, 1)
	msgs := outbox(t, st)
	if msgs[0].Key != "reply:42:1001:0" || msgs[0].ChatID != 42 || !strings.Contains(msgs[0].Text, "/subscribe") {
		t.Errorf("reply to /help: %+v", msgs[0])
	}

	// Telegram retries, a few of them at once: each is acknowledged, none
	// is handled again.
	var wg sync.WaitGroup
	for range 5 {
		wg.Go(func() {
			if code := post(t, in, http.MethodPost, hookPath, hookSecret, helpUpdate(1001)); code != http.StatusOK {
				t.Errorf("retried delivery: status %d, want 200", code)
			}
		})
	}
	wg.Wait()
	// A new update is handled.
	if code := post(t, in, http.MethodPost, hookPath, hookSecret, helpUpdate(1002)); code != http.StatusOK {
		t.Fatalf("status %d, want 200", code)
	}
	waitOutbox(t, api, st, 2)
	in.stop()
	if n := in.calls.Load(); n != 2 {
		t.Errorf("handler called %d times for updates 1001 (6 deliveries) and 1002, want 2", n)
	}
	if got := keys(outbox(t, st)); len(got) != 2 || got[0] != "reply:42:1001:0" || got[1] != "reply:42:1002:0" {
		t.Errorf("outbox = %v", got)
	}
}

// TestWebhookMendsAnUpdate: an update with a field of a type the client
// library does not expect (a newer Bot API) is handled without that field,
// not dropped.
func TestWebhookMendsAnUpdate(t *testing.T) {
	api := telegramtest.New(t)
	st := openStore(t, filepath.Join(t.TempDir(), "nd.db"))
	in := start(t, api, st, webhookConfig())
	body := strings.Replace(helpUpdate(1003), `"text"`, `"link_preview_options":"off","text"`, 1)
	if !strings.Contains(body, "link_preview_options") {
		t.Fatal("the update was not spoilt")
	}
	if code := post(t, in, http.MethodPost, hookPath, hookSecret, body); code != http.StatusOK {
		t.Fatalf("status %d, want 200", code)
	}
	waitOutbox(t, api, st, 1)
	if msgs := outbox(t, st); msgs[0].Key != "reply:42:1003:0" || !strings.Contains(msgs[0].Text, "/subscribe") {
		t.Errorf("reply to the mended /help: %+v", msgs[0])
	}
}

// Two instances behind a load balancer: Telegram's retry of an update the
// first took reaches the second. Each handles it, but the reply's outbox
// key is the same, so it is enqueued (and sent) once.
func TestWebhookInstancesShareTheOutbox(t *testing.T) {
	api := telegramtest.New(t)
	path := filepath.Join(t.TempDir(), "nd.db")
	st1, st2 := openStore(t, path), openStore(t, path)
	a := start(t, api, st1, webhookConfig())
	b := start(t, api, st2, webhookConfig())

	for _, in := range []*instance{a, b} {
		if code := post(t, in, http.MethodPost, hookPath, hookSecret, helpUpdate(2001)); code != http.StatusOK {
			t.Fatalf("status %d, want 200", code)
		}
	}
	a.stop()
	b.stop()
	if na, nb := a.calls.Load(), b.calls.Load(); na != 1 || nb != 1 {
		t.Errorf("handler calls: %d and %d, want one on each instance", na, nb)
	}
	for _, st := range []store.Store{st1, st2} {
		if got := keys(outbox(t, st)); len(got) != 1 || got[0] != "reply:42:2001:0" {
			t.Errorf("outbox = %v, want the one reply", got)
		}
	}
}

// Long polling deletes a webhook left by an earlier run in webhook mode
// (getUpdates fails with 409 while one is set), and then takes updates.
func TestPollingDeletesAStaleWebhook(t *testing.T) {
	api := telegramtest.New(t)
	st := openStore(t, filepath.Join(t.TempDir(), "nd.db"))
	hook := start(t, api, st, webhookConfig())
	hook.stop()
	if u, _ := api.Webhook(); u == "" {
		t.Fatal("no webhook set to begin with")
	}

	in := start(t, api, st, Webhook{})
	api.SendText(telegramtest.Chat{ID: 42, Type: "private"}, telegramtest.User{ID: 42, FirstName: "Ann"}, "/help")
	waitOutbox(t, api, st, 1)
	if u, _ := api.Webhook(); u != "" || api.Calls("deleteWebhook") != 1 {
		t.Errorf("webhook %q after starting to poll (deleteWebhook called %d times)", u, api.Calls("deleteWebhook"))
	}
	for _, e := range api.Errors() {
		if e.Method == "getUpdates" && e.Code == http.StatusConflict {
			t.Errorf("getUpdates failed: %s", e.Description)
		}
	}
	if in.b.WebhookAddr() != "" {
		t.Errorf("polling mode listens on %s", in.b.WebhookAddr())
	}
}

// A transient setWebhook failure is retried; Telegram refusing the URL
// stops the bot with the reason.
func TestWebhookRegistrationFailures(t *testing.T) {
	defer func(b time.Duration) { registerBackoff = b }(registerBackoff)
	registerBackoff = 10 * time.Millisecond

	api := telegramtest.New(t, telegramtest.WithFault(func(method string, _ int64, call int) *telegramtest.Fault {
		if method == "setWebhook" && call <= 2 {
			return &telegramtest.Fault{Status: http.StatusBadGateway}
		}
		return nil
	}))
	start(t, api, openStore(t, filepath.Join(t.TempDir(), "nd.db")), webhookConfig())
	if n := api.Calls("setWebhook"); n != 3 {
		t.Errorf("setWebhook called %d times, want 3 (two 502s, then ok)", n)
	}

	api = telegramtest.New(t)
	wh := webhookConfig()
	wh.URL = "http://127.0.0.1/telegram" // the fake, like Telegram, wants https
	b, err := New(Options{Token: telegramtest.Token, APIURL: api.URL(), Store: openStore(t, filepath.Join(t.TempDir(), "nd2.db")),
		Backend: stubBackend{}, Planner: stubPlanner{}, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), SkipGetMe: true, Webhook: wh})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err = b.Start(ctx)
	if err == nil || !strings.Contains(err.Error(), "HTTPS URL must be provided") || strings.Contains(err.Error(), telegramtest.Token) {
		t.Errorf("Start = %v, want Telegram's refusal, without the token", err)
	}
	if ctx.Err() != nil {
		t.Error("Start kept retrying a refused URL")
	}
}

func TestNewChecksTheWebhook(t *testing.T) {
	for name, wh := range map[string]Webhook{
		"no secret":    {URL: hookURL, Listen: "127.0.0.1:0"},
		"bad secret":   {URL: hookURL, Listen: "127.0.0.1:0", Secret: "has space"},
		"no listen":    {URL: hookURL, Secret: hookSecret},
		"not a URL":    {URL: "bot.example.com/telegram", Listen: "127.0.0.1:0", Secret: hookSecret},
		"other scheme": {URL: "ftp://bot.example.com/telegram", Listen: "127.0.0.1:0", Secret: hookSecret},
	} {
		if _, err := New(Options{Token: telegramtest.Token, SkipGetMe: true, Webhook: wh}); err == nil {
			t.Errorf("%s: New accepted %+v", name, wh)
		}
	}
}

func TestRecentIDs(t *testing.T) {
	r := newRecentIDs(3)
	for _, id := range []int64{1, 2, 3} {
		if !r.add(id) {
			t.Fatalf("add(%d) = false for a new id", id)
		}
	}
	if r.add(2) {
		t.Error("add(2) = true for a remembered id")
	}
	if !r.add(4) { // forgets 1, the oldest
		t.Error("add(4) = false")
	}
	if !r.add(1) { // forgets 2
		t.Error("add(1) = false after 1 aged out")
	}
	if r.add(3) || r.add(4) || r.add(1) {
		t.Error("a remembered id was taken as new")
	}
	if len(r.set) != 3 {
		t.Errorf("remembers %d ids, want at most 3", len(r.set))
	}
	r.remove(4)
	if !r.add(4) {
		t.Error("add(4) = false after remove")
	}
}
