// Package botapi watches the HTTP exchange between go-telegram/bot and the
// Bot API, so that the service can tell "Telegram refused the call" from
// "Telegram took the call and its answer could not be read".
//
// The Bot API grows and changes fields; an answer with a field the client
// library does not know the type of fails to decode, and the library
// reports the call as failed although Telegram carried it out. Retrying a
// sendMessage then delivers the message again and again. Client, given to
// the library with bot.WithHTTPClient, records each call's HTTP status and
// whether its answer said "ok"; Call uses that record to count a call
// Telegram took as done, whatever the library made of the answer.
//
// Client also repairs getUpdates answers: one update with a mistyped field
// would make the whole batch undecodable, and the library would ask for
// the same batch forever. The field is dropped from that update (logged),
// and the other updates go through.
package botapi // import "github.com/newsdigest/newsdigest/internal/botapi"

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"path"
	"regexp"
	"strings"
	"sync"

	"github.com/go-telegram/bot/models"
)

// MaxAnswer is the largest answer read; a larger one is treated as cut
// off. Bot API answers are kilobytes (getUpdates: at most 100 updates).
const MaxAnswer = 32 << 20

// Client is an HTTP client for bot.WithHTTPClient.
type Client struct {
	HTTP *http.Client
	Log  *slog.Logger
	// Unreadable, when set, is told of every call Telegram took whose
	// answer the library could not read, and of every getUpdates answer
	// repaired: the library needs an update.
	Unreadable func(method string)
}

// Do sends req and, for calls made through Call and for getUpdates,
// reads the answer first to record or repair it; the library then reads
// the same bytes (and the same read error after them).
func (c *Client) Do(req *http.Request) (*http.Response, error) {
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return resp, err
	}
	method := path.Base(req.URL.Path)
	ex, _ := req.Context().Value(exchangeKey{}).(*Exchange)
	updates := strings.EqualFold(method, "getUpdates")
	if ex == nil && !updates {
		return resp, nil
	}
	body, rerr := io.ReadAll(io.LimitReader(resp.Body, MaxAnswer+1))
	resp.Body.Close()
	if rerr == nil && len(body) > MaxAnswer {
		body, rerr = body[:MaxAnswer], fmt.Errorf("botapi: answer over %d bytes", MaxAnswer)
	}
	if ex != nil {
		ex.record(c, resp.StatusCode, body)
	}
	if updates && resp.StatusCode == http.StatusOK && rerr == nil {
		body = c.repairUpdates(body)
	}
	var rest io.Reader = http.NoBody
	if rerr != nil {
		rest = errReader{rerr}
	}
	resp.Body = io.NopCloser(io.MultiReader(bytes.NewReader(body), rest))
	resp.ContentLength = -1
	resp.Header.Del("Content-Length")
	return resp, nil
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

// Exchange is what Client saw of one call.
type Exchange struct {
	mu     sync.Mutex
	client *Client
	status int   // HTTP status; 0 when no answer came
	ok     *bool // the answer's "ok", when it could be read
}

type exchangeKey struct{}

func (e *Exchange) record(c *Client, status int, body []byte) {
	var probe struct {
		OK *bool `json:"ok"`
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.client, e.status, e.ok = c, status, nil
	if json.Unmarshal(body, &probe) == nil {
		e.ok = probe.OK
	}
}

// taken reports whether the Bot API carried the call out: it answered
// HTTP 200 (the API answers errors with their own status) and the answer,
// as far as it could be read, did not say "ok": false.
func (e *Exchange) taken() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.client != nil && e.status == http.StatusOK && (e.ok == nil || *e.ok)
}

// Call makes one Bot API call, fn, with its exchange recorded. When fn
// fails although Telegram took the call — the library could not read the
// answer: a field of a type it does not expect, an answer cut off or not
// JSON — the call is done: Call logs it once at error level, counts it and
// returns nil. Any other error is fn's, unchanged: transport errors before
// an answer, HTTP errors (5xx, 429, 4xx) and "ok": false answers.
func Call(ctx context.Context, method string, fn func(context.Context) error) error {
	ex := &Exchange{}
	err := fn(context.WithValue(ctx, exchangeKey{}, ex))
	if err == nil || !ex.taken() {
		return err
	}
	ex.client.unreadable(method, err)
	return nil
}

func (c *Client) unreadable(method string, err error) {
	if c.Log != nil {
		c.Log.Error("telegram: the Bot API took the call but its answer could not be read; counted as done (the client library needs an update)",
			"method", method, "err", Redact(err.Error()))
	}
	if c.Unreadable != nil {
		c.Unreadable(method)
	}
}

// repairUpdates drops, from each update of a getUpdates answer that the
// library could not decode, the fields it fails on; an update that still
// cannot be read is reduced to its update_id, so that the offset moves on.
func (c *Client) repairUpdates(body []byte) []byte {
	var answer struct {
		OK     bool              `json:"ok"`
		Result []json.RawMessage `json:"result"`
	}
	if json.Unmarshal(body, &answer) != nil || !answer.OK {
		return body
	}
	changed := false
	for i, raw := range answer.Result {
		fixed, dropped, err := repair(raw)
		if len(dropped) == 0 && err == nil {
			continue
		}
		changed = true
		answer.Result[i] = fixed
		if c.Log != nil {
			c.Log.Error("telegram: an update had fields the client library cannot read; dropped them (the library needs an update)",
				"fields", dropped, "err", err)
		}
		if c.Unreadable != nil {
			c.Unreadable("getUpdates")
		}
	}
	if !changed {
		return body
	}
	out, err := json.Marshal(answer)
	if err != nil {
		return body
	}
	return out
}

// DecodeUpdate decodes one update (a webhook's body) as repairUpdates
// mends those of getUpdates: the fields the library cannot read are
// dropped and named. The error is for an update that cannot be mended.
func DecodeUpdate(raw []byte) (*models.Update, []string, error) {
	fixed, dropped, err := repair(raw)
	if err != nil {
		return nil, dropped, err
	}
	u := new(models.Update)
	if err := json.Unmarshal(fixed, u); err != nil {
		return nil, dropped, err
	}
	return u, dropped, nil
}

// maxRepairs bounds the fields dropped from one update.
const maxRepairs = 16

// repair returns raw with the fields removed that keep it from decoding
// as a models.Update, and their paths. When it cannot be mended, it
// returns the bare update_id and the error.
func repair(raw json.RawMessage) (json.RawMessage, []string, error) {
	var dropped []string
	for range maxRepairs {
		var u models.Update
		err := json.Unmarshal(raw, &u)
		if err == nil {
			return raw, dropped, nil
		}
		var te *json.UnmarshalTypeError
		if !errors.As(err, &te) || te.Field == "" {
			return bare(raw), dropped, err
		}
		next, ok := without(raw, strings.Split(te.Field, "."))
		if !ok {
			return bare(raw), dropped, err
		}
		raw = next
		dropped = append(dropped, te.Field)
	}
	return bare(raw), dropped, errors.New("botapi: too many unreadable fields")
}

// bare is an update reduced to its update_id.
func bare(raw json.RawMessage) json.RawMessage {
	var id struct {
		UpdateID int64 `json:"update_id"`
	}
	json.Unmarshal(raw, &id)
	out, _ := json.Marshal(id)
	return out
}

// without returns raw with the field at path removed, from every element
// where the path runs through an array. It reports whether it removed
// anything.
func without(raw json.RawMessage, path []string) (json.RawMessage, bool) {
	trimmed := bytes.TrimSpace(raw)
	if len(trimmed) == 0 {
		return raw, false
	}
	switch trimmed[0] {
	case '[':
		var items []json.RawMessage
		if json.Unmarshal(trimmed, &items) != nil {
			return raw, false
		}
		any := false
		for i, it := range items {
			if fixed, ok := without(it, path); ok {
				items[i], any = fixed, true
			}
		}
		if !any {
			return raw, false
		}
		out, err := json.Marshal(items)
		return out, err == nil
	case '{':
		var obj map[string]json.RawMessage
		if json.Unmarshal(trimmed, &obj) != nil {
			return raw, false
		}
		v, found := obj[path[0]]
		if !found {
			return raw, false
		}
		if len(path) == 1 {
			delete(obj, path[0])
		} else {
			fixed, ok := without(v, path[1:])
			if !ok {
				return raw, false
			}
			obj[path[0]] = fixed
		}
		out, err := json.Marshal(obj)
		return out, err == nil
	}
	return raw, false
}

var (
	tokenInPath = regexp.MustCompile(`bot\d+:[A-Za-z0-9_-]+`)
	bareToken   = regexp.MustCompile(`\b\d{5,}:[A-Za-z0-9_-]{30,}`)
)

// Redact removes bot tokens ("bot<digits>:<secret>" in API URLs, or a bare
// "<digits>:<secret>") from text that is logged or stored.
func Redact(s string) string {
	s = tokenInPath.ReplaceAllString(s, "bot<redacted>")
	return bareToken.ReplaceAllString(s, "<redacted>")
}
