package ops

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Defaults of Options.
const (
	DefaultAddr       = "127.0.0.1:9090"
	DefaultMaxPollAge = 30 * time.Minute
	DefaultStartGrace = 2 * time.Minute
	pingTimeout       = 2 * time.Second
	scrapeTimeout     = 10 * time.Second
)

// Options configure a Server. Zero values take the defaults.
type Options struct {
	Addr    string   // listen address, e.g. "127.0.0.1:9090" (the default); ":0" for tests
	Metrics *Metrics // served on /metrics; nil: /metrics answers 404

	// Ping reports whether the store is reachable; it gets a context with a
	// 2 s timeout. nil: the store is not checked.
	Ping func(ctx context.Context) error
	// LastPoll is when the latest poll of the feeds finished; zero = never.
	// nil: Metrics.LastPoll when Metrics is set, else the poll is not checked.
	LastPoll func() time.Time
	// MaxPollAge: readiness fails when the last poll is older (default 30m;
	// negative disables the check).
	MaxPollAge time.Duration
	// StartGrace: before the first poll the service is ready only this long
	// after New (default 2m).
	StartGrace time.Duration

	Log *slog.Logger     // default: discard
	Now func() time.Time // for tests; default time.Now
}

// Server is the operator's HTTP listener: /healthz, /readyz and /metrics.
type Server struct {
	o       Options
	started time.Time
	handler http.Handler
	srv     *http.Server

	mu       sync.Mutex
	listener net.Listener
	served   chan struct{} // closed when Serve returned
}

// New creates a server; it does not listen until Start.
func New(o Options) *Server {
	if o.Addr == "" {
		o.Addr = DefaultAddr
	}
	if o.MaxPollAge == 0 {
		o.MaxPollAge = DefaultMaxPollAge
	}
	if o.StartGrace <= 0 {
		o.StartGrace = DefaultStartGrace
	}
	if o.Log == nil {
		o.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.LastPoll == nil && o.Metrics != nil {
		o.LastPoll = o.Metrics.LastPoll
	}
	s := &Server{o: o, started: o.Now()}

	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.index)
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /readyz", s.readyz)
	if o.Metrics != nil {
		reg := o.Metrics.Registry
		mux.Handle("GET /metrics", promhttp.InstrumentMetricHandler(reg,
			promhttp.HandlerFor(reg, promhttp.HandlerOpts{
				ErrorLog:            promLogger{o.Log},
				ErrorHandling:       promhttp.ContinueOnError,
				Registry:            reg,
				MaxRequestsInFlight: 4,
				Timeout:             scrapeTimeout,
			})))
	}
	s.handler = mux
	s.srv = &http.Server{
		Addr:              o.Addr,
		Handler:           mux,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      scrapeTimeout + 5*time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    16 << 10,
		ErrorLog:          slog.NewLogLogger(o.Log.Handler(), slog.LevelWarn),
	}
	return s
}

// Handler is the server's handler, for httptest.
func (s *Server) Handler() http.Handler { return s.handler }

// Start listens on Options.Addr and serves in a goroutine. It returns the
// address it listens on (the real port when Addr ends in ":0").
func (s *Server) Start() (addr string, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.listener != nil {
		return "", errors.New("ops: server already started")
	}
	ln, err := net.Listen("tcp", s.o.Addr)
	if err != nil {
		return "", fmt.Errorf("ops: listen: %w", err)
	}
	s.listener = ln
	s.served = make(chan struct{})
	go func() {
		defer close(s.served)
		if err := s.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.o.Log.Error("ops listener stopped", "addr", ln.Addr().String(), "err", err)
		}
	}()
	s.o.Log.Info("ops listener started", "addr", ln.Addr().String())
	return ln.Addr().String(), nil
}

// Shutdown stops the listener gracefully, waiting for requests in flight
// until ctx ends. It is a no-op when the server was never started.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	served := s.served
	s.mu.Unlock()
	if served == nil {
		return nil
	}
	err := s.srv.Shutdown(ctx)
	select {
	case <-served:
	case <-ctx.Done():
		if err == nil {
			err = ctx.Err()
		}
	}
	return err
}

func (s *Server) index(w http.ResponseWriter, _ *http.Request) {
	writeText(w, http.StatusOK, "newsdigest ops: /healthz /readyz /metrics\n")
}

// healthz is liveness: the process runs and serves HTTP.
func (s *Server) healthz(w http.ResponseWriter, _ *http.Request) {
	writeText(w, http.StatusOK, "ok\n")
}

// readyz is readiness: the store answers and the feeds were polled lately.
// On failure the body lists every reason, one a line.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	if reasons := s.notReady(r.Context()); len(reasons) > 0 {
		s.o.Log.Debug("not ready", "reasons", reasons)
		writeText(w, http.StatusServiceUnavailable, strings.Join(reasons, "\n")+"\n")
		return
	}
	writeText(w, http.StatusOK, "ready\n")
}

func (s *Server) notReady(ctx context.Context) []string {
	var reasons []string
	if s.o.Ping != nil {
		ctx, cancel := context.WithTimeout(ctx, pingTimeout)
		err := s.o.Ping(ctx)
		cancel()
		if err != nil {
			reasons = append(reasons, "store unreachable: "+oneLine(err.Error()))
		}
	}
	if s.o.LastPoll != nil && s.o.MaxPollAge > 0 {
		now := s.o.Now()
		if last := s.o.LastPoll(); last.IsZero() {
			if up := now.Sub(s.started); up > s.o.StartGrace {
				reasons = append(reasons, fmt.Sprintf("no poll yet, started %s ago (grace %s)", ago(up), ago(s.o.StartGrace)))
			}
		} else if age := now.Sub(last); age > s.o.MaxPollAge {
			reasons = append(reasons, fmt.Sprintf("last poll %s ago (max %s)", ago(age), ago(s.o.MaxPollAge)))
		}
	}
	return reasons
}

// ago formats a duration for people: "45s", "45m", "2h", "1h30m", "50h".
func ago(d time.Duration) string {
	if d < time.Minute {
		return d.Round(time.Second).String()
	}
	d = d.Truncate(time.Minute)
	h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
	switch {
	case h == 0:
		return fmt.Sprintf("%dm", m)
	case m == 0:
		return fmt.Sprintf("%dh", h)
	default:
		return fmt.Sprintf("%dh%dm", h, m)
	}
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func writeText(w http.ResponseWriter, code int, body string) {
	h := w.Header()
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(code)
	_, _ = io.WriteString(w, body)
}

// promLogger hands promhttp's errors (a failed collector, say) to slog.
type promLogger struct{ log *slog.Logger }

func (l promLogger) Println(v ...any) {
	l.log.Error("metrics: " + strings.TrimSpace(fmt.Sprintln(v...)))
}
