package botapi

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// TestCall: a call Telegram took counts as done whatever the library made
// of the answer; a call it refused, or that got no answer, fails as the
// library says.
func TestCall(t *testing.T) {
	const msg = `{"message_id":7,"date":1739467620,"chat":{"id":42,"type":"private"},"text":"hi"}`
	tests := []struct {
		name   string
		status int
		body   string
		cut    bool // drop the connection after half the body
		done   bool // Call returns nil
		counts bool // counted as an unreadable answer
	}{
		{name: "ok", status: 200, body: `{"ok":true,"result":` + msg + `}`, done: true},
		{name: "unknown field", status: 200, body: `{"ok":true,"result":{"message_id":7,"date":1,"chat":{"id":42,"type":"private"},"gift_wrap":{"x":1}}}`, done: true},
		{name: "mistyped field", status: 200, body: `{"ok":true,"result":{"message_id":7,"date":1,"chat":{"id":42,"type":"private"},"link_preview_options":"off"}}`, done: true, counts: true},
		{name: "cut off", status: 200, body: `{"ok":true,"result":` + msg + `}`, cut: true, done: true, counts: true},
		{name: "not JSON", status: 200, body: `<html>OK</html>`, done: true, counts: true},
		{name: "ok false with 200", status: 200, body: `{"ok":false,"error_code":400,"description":"Bad Request: odd"}`},
		{name: "bad request", status: 400, body: `{"ok":false,"error_code":400,"description":"Bad Request: can't parse entities"}`},
		{name: "429", status: 429, body: `{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 7200","parameters":{"retry_after":7200}}`},
		{name: "502 page", status: 502, body: `<html>Bad Gateway</html>`},
		{name: "500 cut off", status: 500, body: `{"ok":false,"error_code":500,"description":"Internal Server Error"}`, cut: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				io.Copy(io.Discard, r.Body)
				w.Header().Set("Content-Length", strconv.Itoa(len(tt.body)))
				w.WriteHeader(tt.status)
				if tt.cut {
					io.WriteString(w, tt.body[:len(tt.body)/2])
					w.(http.Flusher).Flush()
					panic(http.ErrAbortHandler)
				}
				io.WriteString(w, tt.body)
			}))
			defer srv.Close()
			counted := 0
			c := &Client{HTTP: &http.Client{Timeout: 5 * time.Second}, Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
				Unreadable: func(method string) {
					if method != "sendMessage" {
						t.Errorf("counted method %q", method)
					}
					counted++
				}}
			b, err := bot.New("123456:TEST", bot.WithServerURL(srv.URL), bot.WithSkipGetMe(), bot.WithHTTPClient(5*time.Second, c))
			if err != nil {
				t.Fatal(err)
			}
			err = Call(context.Background(), "sendMessage", func(ctx context.Context) error {
				_, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: 42, Text: "hi"})
				return err
			})
			if (err == nil) != tt.done {
				t.Errorf("Call = %v, want done %v", err, tt.done)
			}
			if (counted == 1) != tt.counts || counted > 1 {
				t.Errorf("counted %d unreadable answers, want %v", counted, tt.counts)
			}
		})
	}
}

// TestCallNoAnswer: a transport error before any answer is a failure.
func TestCallNoAnswer(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	c := &Client{HTTP: &http.Client{Timeout: time.Second}}
	b, err := bot.New("123456:TEST", bot.WithServerURL(url), bot.WithSkipGetMe(), bot.WithHTTPClient(time.Second, c))
	if err != nil {
		t.Fatal(err)
	}
	err = Call(context.Background(), "sendMessage", func(ctx context.Context) error {
		_, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: 42, Text: "hi"})
		return err
	})
	if err == nil {
		t.Error("a call to a closed server counted as done")
	}
}

// TestRepairUpdates: fields the library cannot read are dropped from the
// updates that carry them (in arrays too); the other updates pass
// untouched; an update that cannot be mended keeps its update_id.
func TestRepairUpdates(t *testing.T) {
	body := `{"ok":true,"result":[
		{"update_id":1,"message":{"message_id":1,"date":1,"chat":{"id":42,"type":"private"},"text":"/start"}},
		{"update_id":2,"message":{"message_id":2,"date":1,"chat":{"id":42,"type":"private"},"text":"/help","link_preview_options":"off",
			"entities":[{"type":"bot_command","offset":"zero","length":5}]}},
		{"update_id":3,"message":"not a message at all"},
		{"update_id":4,"callback_query":{"id":"c","from":{"id":42,"is_bot":false,"first_name":"Ann"},"data":"t:x","chat_instance":7}}
	]}`
	c := &Client{}
	var answer struct {
		OK     bool             `json:"ok"`
		Result []*models.Update `json:"result"`
	}
	if err := json.Unmarshal(c.repairUpdates([]byte(body)), &answer); err != nil {
		t.Fatalf("the repaired answer does not decode: %v", err)
	}
	if len(answer.Result) != 4 {
		t.Fatalf("%d updates, want 4", len(answer.Result))
	}
	u := answer.Result
	if u[0].Message == nil || u[0].Message.Text != "/start" {
		t.Errorf("update 1 changed: %+v", u[0].Message)
	}
	if u[1].Message == nil || u[1].Message.Text != "/help" || u[1].Message.LinkPreviewOptions != nil {
		t.Errorf("update 2 = %+v, want its text without the mistyped fields", u[1].Message)
	}
	if u[1].Message != nil && (len(u[1].Message.Entities) != 1 || u[1].Message.Entities[0].Length != 5) {
		t.Errorf("update 2 entities = %+v, want the entity without its mistyped offset", u[1].Message.Entities)
	}
	if u[2].ID != 3 || u[2].Message != nil {
		t.Errorf("update 3 = %+v, want its bare update_id", u[2])
	}
	if u[3].ID != 4 || u[3].CallbackQuery == nil || u[3].CallbackQuery.Data != "t:x" {
		t.Errorf("update 4 = %+v, want the callback without chat_instance", u[3])
	}
	if got := c.repairUpdates([]byte(`{"ok":true,"result":[]}`)); string(got) != `{"ok":true,"result":[]}` {
		t.Errorf("an empty answer became %s", got)
	}
}

func TestRedact(t *testing.T) {
	tests := []struct{ in, want string }{
		{`Post "https://api.telegram.org/bot123456:ABC-def_1/sendMessage": EOF`, `Post "https://api.telegram.org/bot<redacted>/sendMessage": EOF`},
		{"token 123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw leaked", "token <redacted> leaked"},
		{"Bad Request: chat not found", "Bad Request: chat not found"},
		{"retry after 12:30", "retry after 12:30"},
	}
	for _, tt := range tests {
		if got := Redact(tt.in); got != tt.want {
			t.Errorf("Redact(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
