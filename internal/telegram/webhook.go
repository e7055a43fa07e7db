package telegram

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-telegram/bot"

	"github.com/newsdigest/newsdigest/internal/botapi"
)

// Webhook mode: Telegram posts each update to a public HTTPS URL, which a
// load balancer may spread over several instances of the service (long
// polling allows only one poller). Each instance registers the same URL
// and secret at start (setWebhook is idempotent), serves the URL's path on
// its own listener, and leaves the webhook in place when it stops, since
// the other instances still serve it.
//
// Telegram retries a delivery it got no 2xx for, and a retry may reach
// another instance. An instance remembers the update ids it took lately
// and takes each once; across instances replies stay single because their
// outbox keys are derived from the update id (reply:<chat>:<update>:<n>),
// so a second instance's enqueue is a no-op.

// Webhook configures webhook mode. An empty URL means long polling.
type Webhook struct {
	URL    string // public URL Telegram posts to; its path is served
	Listen string // host:port of the listener (plain HTTP; TLS ends in front)
	Secret string // secret_token: Telegram sends it in SecretHeader
}

// SecretHeader carries the webhook's secret token in every delivery.
const SecretHeader = "X-Telegram-Bot-Api-Secret-Token"

const (
	// maxUpdateBytes bounds a delivery's body; updates are a few KiB.
	maxUpdateBytes = 1 << 20
	// recentUpdates is how many update ids an instance remembers.
	recentUpdates = 10_000
	// webhookShutdown bounds the graceful stop of the listener.
	webhookShutdown = 5 * time.Second
	// rejectLogEvery limits warnings about rejected deliveries.
	rejectLogEvery = time.Minute
)

// registerBackoff is the first wait after a failed setWebhook; it doubles
// up to registerMaxBackoff.
var (
	registerBackoff    = time.Second
	registerMaxBackoff = time.Minute
)

var webhookSecretRe = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)

// check validates w for New; config validation says the same with
// locations, this guards other callers.
func (w Webhook) check() error {
	if w.URL == "" {
		return nil
	}
	if _, err := w.path(); err != nil {
		return err
	}
	if w.Listen == "" {
		return errors.New("telegram: webhook: no listen address")
	}
	if !webhookSecretRe.MatchString(w.Secret) {
		return errors.New("telegram: webhook: the secret token must be 1-256 characters of A-Z a-z 0-9 _ -")
	}
	return nil
}

// path is the URL path deliveries arrive on.
func (w Webhook) path() (string, error) {
	u, err := url.Parse(w.URL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return "", fmt.Errorf("telegram: webhook: %q is not an https URL", w.URL)
	}
	if u.Path == "" {
		return "/", nil
	}
	return u.Path, nil
}

// webhookState is the Bot's webhook-mode state.
type webhookState struct {
	addr atomic.Pointer[string] // the listener's address, once listening
	seen *recentIDs

	mu      sync.Mutex
	stopped bool // the listener is shut down: take no more updates

	rejectMu   sync.Mutex
	rejectLast time.Time
	rejectN    int
}

// WebhookAddr is the address the webhook listener accepts deliveries on,
// once it does ("" before, and in polling mode). With listen port 0 it
// tells the chosen port.
func (b *Bot) WebhookAddr() string {
	if p := b.hook.addr.Load(); p != nil {
		return *p
	}
	return ""
}

// serveWebhook listens, registers the webhook with Telegram and takes
// deliveries until ctx ends, then stops the listener gracefully. The
// webhook stays registered.
func (b *Bot) serveWebhook(ctx context.Context) error {
	path, err := b.o.Webhook.path()
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", b.o.Webhook.Listen)
	if err != nil {
		return fmt.Errorf("telegram: webhook listener: %w", err)
	}
	srv := &http.Server{
		Handler:           b.webhookHandler(ctx, path),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      15 * time.Second,
		IdleTimeout:       90 * time.Second,
		MaxHeaderBytes:    16 << 10,
		ErrorLog:          slog.NewLogLogger(b.o.Log.Handler(), slog.LevelDebug),
	}
	addr := ln.Addr().String()
	b.hook.addr.Store(&addr)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	b.o.Log.Info("telegram: webhook listening", "addr", addr, "path", path)

	// Serve while registering: another instance may have registered
	// already, and Telegram may post as soon as it knows the URL.
	err = b.registerWebhook(ctx)
	if err == nil {
		select {
		case <-ctx.Done():
		case err = <-served:
			err = fmt.Errorf("telegram: webhook listener: %w", err)
		}
	}

	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), webhookShutdown)
	defer cancel()
	if serr := srv.Shutdown(sctx); serr != nil {
		b.o.Log.Warn("telegram: webhook listener did not stop in time", "err", serr)
		srv.Close()
	}
	b.hook.mu.Lock()
	b.hook.stopped = true // after Shutdown, a straggler takes nothing
	b.hook.mu.Unlock()
	if ctx.Err() != nil {
		return nil
	}
	return err
}

// registerWebhook calls setWebhook, retrying transient failures with
// back-off until ctx ends. Telegram refusing the URL or the token is
// fatal: every instance would fail alike.
func (b *Bot) registerWebhook(ctx context.Context) error {
	params := &bot.SetWebhookParams{
		URL:                b.o.Webhook.URL,
		SecretToken:        b.o.Webhook.Secret,
		AllowedUpdates:     allowedUpdates,
		DropPendingUpdates: false, // the pending ones are people's commands
	}
	wait := registerBackoff
	for {
		_, err := b.api.SetWebhook(ctx, params)
		if err == nil {
			b.o.Log.Info("telegram: webhook registered", "url", b.o.Webhook.URL)
			return nil
		}
		if ctx.Err() != nil {
			return nil
		}
		msg := botapi.Redact(err.Error())
		if errors.Is(err, bot.ErrorBadRequest) || errors.Is(err, bot.ErrorUnauthorized) || errors.Is(err, bot.ErrorNotFound) {
			return fmt.Errorf("telegram: setWebhook %s: %s", b.o.Webhook.URL, msg)
		}
		b.o.Log.Warn("telegram: setWebhook failed; retrying", "err", msg, "in", wait)
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(wait):
		}
		wait = min(2*wait, registerMaxBackoff)
	}
}

// webhookHandler takes deliveries on path: the secret token must match
// (401 otherwise, nothing read), the body must be one JSON update of at
// most maxUpdateBytes (400, 413), and an update is answered 200 at once and
// handled in the background by the polling mode's handler, once per update
// id. ctx is the bot's; handlers finish their store writes past its end.
func (b *Bot) webhookHandler(ctx context.Context, path string) http.Handler {
	want := sha256.Sum256([]byte(b.o.Webhook.Secret))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != path {
			http.NotFound(w, r)
			return
		}
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		// Hashing first makes the comparison constant-time in the length too.
		got := sha256.Sum256([]byte(r.Header.Get(SecretHeader)))
		if subtle.ConstantTimeCompare(got[:], want[:]) != 1 {
			b.rejected(r)
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}

		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxUpdateBytes))
		if err != nil {
			if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
				http.Error(w, "update too large", http.StatusRequestEntityTooLarge)
				return
			}
			http.Error(w, "cannot read body", http.StatusBadRequest)
			return
		}
		var head struct {
			ID int64 `json:"update_id"`
		}
		if err := json.Unmarshal(body, &head); err != nil || head.ID <= 0 {
			http.Error(w, "want one JSON update with an update_id", http.StatusBadRequest)
			return
		}
		if !b.hook.seen.add(head.ID) {
			b.o.Log.Debug("telegram: webhook: duplicate update ignored", "update", head.ID)
			w.WriteHeader(http.StatusOK)
			return
		}
		u, dropped, err := botapi.DecodeUpdate(body)
		if len(dropped) > 0 && b.o.Unreadable != nil {
			b.o.Unreadable("webhook")
		}
		if err != nil {
			// Authentic but not decodable (a newer Bot API?): retrying
			// would not help, so it is acknowledged and dropped, loudly.
			b.o.Log.Error("telegram: webhook: undecodable update dropped", "update", head.ID, "err", err)
			w.WriteHeader(http.StatusOK)
			return
		}
		if len(dropped) > 0 {
			b.o.Log.Error("telegram: webhook: an update had fields the client library cannot read; dropped them (the library needs an update)",
				"update", head.ID, "fields", dropped)
		}

		b.hook.mu.Lock()
		if b.hook.stopped {
			b.hook.mu.Unlock()
			b.hook.seen.remove(head.ID) // another instance may take the retry
			http.Error(w, "shutting down", http.StatusServiceUnavailable)
			return
		}
		b.inflight.Add(1)
		b.hook.mu.Unlock()
		go func() {
			defer b.inflight.Done()
			b.dispatch(ctx, u)
		}()
		w.WriteHeader(http.StatusOK)
	})
}

// rejected logs deliveries without the right secret, at most once per
// rejectLogEvery with a count, so that a flood does not flood the log. The
// header's value is never logged.
func (b *Bot) rejected(r *http.Request) {
	h := &b.hook
	h.rejectMu.Lock()
	h.rejectN++
	now := time.Now()
	if !h.rejectLast.IsZero() && now.Sub(h.rejectLast) < rejectLogEvery {
		h.rejectMu.Unlock()
		return
	}
	n := h.rejectN
	h.rejectN, h.rejectLast = 0, now
	h.rejectMu.Unlock()
	b.o.Log.Warn("telegram: webhook delivery rejected: missing or wrong secret token",
		"remote", r.RemoteAddr, "header_present", r.Header.Get(SecretHeader) != "", "rejected", n)
}

// recentIDs is a bounded set of the last n update ids seen, oldest out
// first.
type recentIDs struct {
	mu   sync.Mutex
	set  map[int64]struct{}
	ring []int64 // insertion order; ring[next] is the oldest once full
	next int
}

func newRecentIDs(n int) *recentIDs {
	return &recentIDs{set: make(map[int64]struct{}, n), ring: make([]int64, 0, n)}
}

// add records id and reports whether it was new.
func (r *recentIDs) add(id int64) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, dup := r.set[id]; dup {
		return false
	}
	if len(r.ring) < cap(r.ring) {
		r.ring = append(r.ring, id)
	} else {
		delete(r.set, r.ring[r.next])
		r.ring[r.next] = id
		r.next = (r.next + 1) % len(r.ring)
	}
	r.set[id] = struct{}{}
	return true
}

// remove forgets id. Its slot in the ring stays until it ages out; should
// id come back meanwhile, it is forgotten that much earlier.
func (r *recentIDs) remove(id int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.set, id)
}
