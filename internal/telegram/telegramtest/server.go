// Package telegramtest is a fake Telegram Bot API server for tests.
//
// It speaks the HTTP protocol go-telegram/bot uses (POST
// {url}/bot{token}/{method}, multipart or url-encoded or JSON parameters,
// {"ok":...} replies) and copies the Telegram behaviour that a bot has to
// cope with: HTML parse errors, the 4096-character limit, callback data
// limits, 429 with retry_after, 403 for blocked chats, 400 with
// migrate_to_chat_id, long polling with offsets, "message is not modified".
//
// A test plays the users with SendText, PressButton, ChangeMemberStatus and
// Migrate, and inspects what the bot did with Messages, WaitMessages, Calls,
// Commands and CallbackAnswers:
//
//	s := telegramtest.New(t)
//	b, _ := bot.New(telegramtest.Token, bot.WithServerURL(s.URL()), bot.WithSkipGetMe())
//	go b.Start(ctx)
//	s.SendText(chat, user, "/start")
//	msgs := s.WaitMessages(t, chat.ID, 1, 2*time.Second)
//
// All methods are safe for concurrent use. Nothing sleeps: waits are bounded
// and wake up as soon as the state changes. Cancel the bot's context in a
// t.Cleanup registered after New (cleanups run last-in first-out), or the
// library keeps polling a closed server.
//
// Where the fake deliberately differs from Telegram:
//   - parse_mode=HTML rejects a bare '&' and unknown entities (&nbsp;),
//     which Telegram shows literally; the Bot API documentation requires
//     them escaped. Tags, attributes and nesting follow Telegram (tdlib).
//   - Markdown and MarkdownV2 text is not validated, only measured.
//   - The per-chat rate limit applies to every chat type, as in Telegram's
//     FAQ ("one message per second" in a single chat); edits are neither
//     limited nor counted. Real Telegram tolerates short bursts; the fake
//     does not.
//   - Updates are delivered by getUpdates only; setWebhook is recorded but
//     nothing is posted to the webhook. Inline-mode messages
//     (inline_message_id) are not simulated.
package telegramtest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"
)

// The fake bot's identity. getMe answers with these.
const (
	Token       = "123456:TEST"
	BotID       = int64(123456)
	BotUsername = "newsdigest_test_bot"
	BotName     = "NewsDigest Test"
)

// Telegram limits the fake enforces.
const (
	MaxMessageLength = 4096 // UTF-16 code units of text after entity parsing
	MaxCallbackData  = 64   // bytes
)

// Chat is a Telegram chat. Type is "private", "group", "supergroup" or
// "channel"; when empty it is inferred from the ID the way Telegram assigns
// them: positive → private, -100… (≤ -1000000000000) → supergroup, other
// negative → group. A private chat's ID is its user's ID.
type Chat struct {
	ID       int64
	Type     string
	Title    string
	Username string // for channels addressed as @username
	IsForum  bool
}

// User is a Telegram user (not a bot).
type User struct {
	ID        int64
	FirstName string
	Username  string
	// LanguageCode is the IETF tag of the user's app language ("uk",
	// "pt-BR"), sent as from.language_code; "" sends none.
	LanguageCode string
}

// Sent is one successful sendMessage or editMessageText call.
type Sent struct {
	Method      string // "sendMessage" or "editMessageText"
	ChatID      int64
	ThreadID    int // message_thread_id
	MessageID   int // the new message, or the edited one
	Text        string
	Plain       string // Text after entity parsing: what the user sees
	Entities    []Entity
	ParseMode   string
	ReplyMarkup json.RawMessage // as sent, nil when absent

	DisableNotification bool
	DisableLinkPreview  bool // link_preview_options.is_disabled or disable_web_page_preview
	At                  time.Time
}

// CallError is one call the fake answered with ok=false.
type CallError struct {
	Method      string
	ChatID      int64
	Code        int
	Description string
	RetryAfter  int
	At          time.Time
}

// Fault makes the fake misbehave for one call: wait Delay (bounded by the
// request's context), then answer with Status. Status 0 means "only delay,
// then answer normally". Description defaults to Telegram's wording for the
// status, RetryAfter (429 only) to 1. A non-empty Body is sent verbatim
// instead of a JSON error, as a proxy in front of Telegram sometimes does
// (e.g. a 502 HTML page). Answer spoils the answer of a call that succeeds
// (Status 0): the call takes effect, and the bot gets an answer it may not
// be able to read.
type Fault struct {
	Status      int
	Description string
	RetryAfter  int
	Delay       time.Duration
	Body        string
	Answer      Answer
}

// Answer is how a successful call's answer is spoilt.
type Answer int

const (
	AnswerIntact Answer = iota
	// AnswerMistyped adds fields a newer Bot API might: one the client
	// library does not know, and link_preview_options as a string where
	// the library expects an object — in the result when it is an object
	// (a Message), in each update's message for getUpdates, or the result
	// itself as a string when it is true.
	AnswerMistyped
	// AnswerCutOff sends half the answer after a 200 and a Content-Length
	// for all of it, then drops the connection.
	AnswerCutOff
	// AnswerNotJSON answers 200 with an HTML page.
	AnswerNotJSON
)

// FaultFunc decides whether a call fails. call counts calls of that method,
// from 1, including rejected ones; chatID is the chat_id parameter (0 when
// absent). It runs outside the server's lock and may use the Server.
type FaultFunc func(method string, chatID int64, call int) *Fault

// Option configures a Server.
type Option func(*config)

type config struct {
	token         string
	globalPerSec  int
	perChatPerSec float64
	groupPerMin   int
	fault         FaultFunc
	now           func() time.Time
	strictChats   bool
	privacy       bool
}

// WithRateLimits turns on Telegram's flood limits: at most globalPerSecond
// sendMessage calls in any rolling second, perChatPerSecond to any one chat
// (1 means at least a second between two messages to the same chat), and
// groupPerMinute to one group or supergroup in any rolling minute. A zero
// disables that limit. Calls over a limit get 429 "Too Many Requests: retry
// after N" with parameters.retry_after = N ≥ 1 seconds. Only accepted
// messages count. Limits are off by default.
func WithRateLimits(globalPerSecond int, perChatPerSecond float64, groupPerMinute int) Option {
	return func(c *config) {
		c.globalPerSec, c.perChatPerSec, c.groupPerMin = globalPerSecond, perChatPerSecond, groupPerMinute
	}
}

// WithTelegramRateLimits is WithRateLimits(30, 1, 20), the limits of
// Telegram's bot FAQ.
func WithTelegramRateLimits() Option { return WithRateLimits(30, 1, 20) }

// WithFault installs a fault injector; see FaultFunc.
func WithFault(f FaultFunc) Option { return func(c *config) { c.fault = f } }

// WithClock replaces time.Now for message dates, Sent.At and rate limits, so
// rate-limit tests can step time instead of sleeping. Long-poll timeouts
// still use real time.
func WithClock(now func() time.Time) Option { return func(c *config) { c.now = now } }

// WithToken sets the token the fake accepts (default Token); other tokens get
// 401 Unauthorized. An empty token accepts any.
func WithToken(token string) Option { return func(c *config) { c.token = token } }

// WithStrictChats makes sends to chats the fake has never heard of (through
// AddChat, SendText, PressButton, ChangeMemberStatus or Migrate) fail with
// 400 "Bad Request: chat not found", as Telegram does. By default unknown
// chats are created on first use.
func WithStrictChats() Option { return func(c *config) { c.strictChats = true } }

// WithPrivacyMode sets the bot's group privacy mode (default on, as on
// Telegram): with it, the bot receives only commands and @mentions sent to
// groups; SendText of other group text is not delivered.
func WithPrivacyMode(on bool) Option { return func(c *config) { c.privacy = on } }

// Server is the fake Bot API. Create it with New.
type Server struct {
	t      testing.TB
	cfg    config
	srv    *httptest.Server
	closed chan struct{}

	mu      sync.Mutex
	changed chan struct{} // closed and replaced on every state change

	calls    map[string]int // by lower-case method name
	errs     []CallError
	chats    map[int64]*chatState
	users    map[int64]User
	sent     []Sent
	commands map[commandKey][]models.BotCommand

	updates      []pendingUpdate
	nextUpdateID int64
	allowed      map[string]bool // nil: Telegram's default set
	pollKick     chan struct{}   // closed to end the running getUpdates with 409

	callbacks    map[string]*callbackState
	callbackSeq  int64
	answers      []string
	unanswered   []string
	webhookURL   string
	webhookToken string

	sendTimes     []time.Time // accepted sendMessage times, the last second
	maxPerSec     int
	maxPerSecChat int
}

type chatState struct {
	chat       Chat
	nextMsgID  int
	msgs       map[int]*storedMsg
	blocked    string // a 403 description when sends fail
	botStatus  string // the bot's member status
	migratedTo int64
	admins     []int64
	sendTimes  []time.Time // accepted sendMessage times, the last minute
}

type storedMsg struct {
	fromBot  bool
	from     User
	threadID int
	date     int64
	editDate int64
	plain    string
	entities []Entity
	inline   json.RawMessage // inline keyboard, as echoed
	canon    string          // canonical inline keyboard
	sentIdx  int             // index into Server.sent of the latest version
}

type callbackState struct {
	chatID   int64
	answered bool
}

type commandKey struct {
	scope string // canonical scope JSON
	lang  string
}

type pendingUpdate struct {
	id   int64
	kind string
	raw  json.RawMessage
}

// New starts a fake server on the loopback interface. It is closed, ending
// any pending long poll, when the test finishes.
func New(t testing.TB, opts ...Option) *Server {
	t.Helper()
	s := &Server{
		t:            t,
		cfg:          config{token: Token, now: time.Now, privacy: true},
		closed:       make(chan struct{}),
		changed:      make(chan struct{}),
		calls:        map[string]int{},
		chats:        map[int64]*chatState{},
		users:        map[int64]User{},
		commands:     map[commandKey][]models.BotCommand{},
		callbacks:    map[string]*callbackState{},
		nextUpdateID: 1,
	}
	for _, o := range opts {
		o(&s.cfg)
	}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serveHTTP))
	t.Cleanup(s.close)
	return s
}

// URL is the base URL to pass to bot.WithServerURL.
func (s *Server) URL() string { return s.srv.URL }

func (s *Server) close() {
	s.mu.Lock()
	select {
	case <-s.closed:
	default:
		close(s.closed)
	}
	s.mu.Unlock()
	s.srv.Close()
}

func (s *Server) now() time.Time { return s.cfg.now() }

// notifyLocked wakes every waiter. The caller holds s.mu.
func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// ---- HTTP -----------------------------------------------------------------

// apiError is an ok=false answer.
type apiError struct {
	Code        int
	Description string
	RetryAfter  int
	MigrateTo   int64
}

func badRequest(desc string) *apiError {
	return &apiError{Code: http.StatusBadRequest, Description: "Bad Request: " + desc}
}

func forbidden(desc string) *apiError {
	return &apiError{Code: http.StatusForbidden, Description: "Forbidden: " + desc}
}

type call struct {
	ctx    context.Context
	method string
	params map[string]string
	chatID int64 // parsed chat_id, 0 when absent or not numeric
}

type handlerFunc func(s *Server, c *call) (any, *apiError)

var methods = map[string]struct {
	name string
	fn   handlerFunc
}{}

func register(name string, fn handlerFunc) {
	methods[strings.ToLower(name)] = struct {
		name string
		fn   handlerFunc
	}{name, fn}
}

func init() {
	register("getMe", (*Server).getMe)
	register("getUpdates", (*Server).getUpdates)
	register("setWebhook", (*Server).setWebhook)
	register("deleteWebhook", (*Server).deleteWebhook)
	register("getWebhookInfo", (*Server).getWebhookInfo)
	register("sendMessage", (*Server).sendMessage)
	register("editMessageText", (*Server).editMessageText)
	register("editMessageReplyMarkup", (*Server).editMessageReplyMarkup)
	register("deleteMessage", (*Server).deleteMessage)
	register("sendChatAction", (*Server).sendChatAction)
	register("answerCallbackQuery", (*Server).answerCallbackQuery)
	register("setMyCommands", (*Server).setMyCommands)
	register("deleteMyCommands", (*Server).deleteMyCommands)
	register("getMyCommands", (*Server).getMyCommands)
	register("getChatMember", (*Server).getChatMember)
	register("getChatAdministrators", (*Server).getChatAdministrators)
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	token, method, ok := splitPath(r.URL.Path)
	if !ok {
		writeError(w, &apiError{Code: http.StatusNotFound, Description: "Not Found"})
		return
	}
	m, known := methods[strings.ToLower(method)]
	name := method
	if known {
		name = m.name
	}
	s.mu.Lock()
	s.calls[strings.ToLower(method)]++
	n := s.calls[strings.ToLower(method)]
	s.mu.Unlock()

	params, err := readParams(r)
	c := &call{ctx: r.Context(), method: name, params: params}
	c.chatID, _ = strconv.ParseInt(params["chat_id"], 10, 64)

	var result any
	var aerr *apiError
	spoil := AnswerIntact
	switch {
	case s.cfg.token != "" && token != s.cfg.token:
		aerr = &apiError{Code: http.StatusUnauthorized, Description: "Unauthorized"}
	case !known:
		aerr = &apiError{Code: http.StatusNotFound, Description: "Not Found"}
	case err != nil:
		aerr = badRequest(err.Error())
	}
	if aerr == nil && s.cfg.fault != nil {
		if f := s.cfg.fault(name, c.chatID, n); f != nil {
			if f.Delay > 0 {
				t := time.NewTimer(f.Delay)
				select {
				case <-t.C:
				case <-r.Context().Done():
				case <-s.closed:
				}
				t.Stop()
			}
			spoil = f.Answer
			if f.Status != 0 {
				aerr = faultError(f)
				if f.Body != "" {
					s.recordError(c, aerr)
					w.WriteHeader(f.Status)
					io.WriteString(w, f.Body)
					return
				}
			}
		}
	}
	if aerr == nil {
		result, aerr = m.fn(s, c)
	}
	if aerr != nil {
		s.recordError(c, aerr)
		writeError(w, aerr)
		return
	}
	writeAnswer(w, map[string]any{"ok": true, "result": result}, spoil)
}

// writeAnswer writes a successful answer, spoilt as asked.
func writeAnswer(w http.ResponseWriter, answer map[string]any, spoil Answer) {
	switch spoil {
	case AnswerIntact:
		writeJSON(w, http.StatusOK, answer)
	case AnswerMistyped:
		answer["result"] = mistype(answer["result"])
		writeJSON(w, http.StatusOK, answer)
	case AnswerCutOff:
		body, _ := json.Marshal(answer)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(http.StatusOK)
		w.Write(body[:len(body)/2])
		if f, ok := w.(http.Flusher); ok {
			f.Flush()
		}
		panic(http.ErrAbortHandler) // drops the connection mid-body
	case AnswerNotJSON:
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusOK)
		io.WriteString(w, "<html><body><h1>200 OK</h1></body></html>\n")
	}
}

// mistype returns v (a result) with fields of types go-telegram/bot does
// not expect.
func mistype(v any) any {
	raw, _ := json.Marshal(v)
	var generic any
	if json.Unmarshal(raw, &generic) != nil {
		return v
	}
	spoil := func(obj map[string]any) {
		obj["link_preview_options"] = "is_disabled"
		obj["future_field"] = map[string]any{"added_in": "Bot API 99.0", "values": []any{1, "two"}}
	}
	switch g := generic.(type) {
	case bool:
		return fmt.Sprint(g)
	case map[string]any:
		spoil(g)
	case []any: // getUpdates
		for _, u := range g {
			if upd, ok := u.(map[string]any); ok {
				if msg, ok := upd["message"].(map[string]any); ok {
					spoil(msg)
				}
			}
		}
	}
	return generic
}

func faultError(f *Fault) *apiError {
	e := &apiError{Code: f.Status, Description: f.Description}
	if f.Status == http.StatusTooManyRequests {
		e.RetryAfter = max(f.RetryAfter, 1)
	}
	if e.Description == "" {
		switch f.Status {
		case http.StatusTooManyRequests:
			e.Description = fmt.Sprintf("Too Many Requests: retry after %d", e.RetryAfter)
		case http.StatusForbidden:
			e.Description = "Forbidden: bot was blocked by the user"
		case http.StatusBadRequest:
			e.Description = "Bad Request"
		case http.StatusUnauthorized:
			e.Description = "Unauthorized"
		case http.StatusConflict:
			e.Description = "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"
		case http.StatusBadGateway:
			e.Description = "Bad Gateway"
		default:
			e.Description = http.StatusText(f.Status)
		}
	}
	return e
}

func (s *Server) recordError(c *call, e *apiError) {
	s.mu.Lock()
	s.errs = append(s.errs, CallError{Method: c.method, ChatID: c.chatID, Code: e.Code,
		Description: e.Description, RetryAfter: e.RetryAfter, At: s.now()})
	s.notifyLocked()
	s.mu.Unlock()
}

// splitPath splits /bot{token}/{method} (and /bot{token}/test/{method}).
func splitPath(p string) (token, method string, ok bool) {
	rest, ok := strings.CutPrefix(p, "/bot")
	if !ok {
		return "", "", false
	}
	token, method, ok = strings.Cut(rest, "/")
	method = strings.TrimPrefix(method, "test/")
	return token, method, ok && method != "" && !strings.Contains(method, "/")
}

// readParams merges the query string with a multipart, url-encoded or JSON
// body, as the Bot API does. Values that are JSON (reply_markup, commands,
// scope) stay JSON text.
func readParams(r *http.Request) (map[string]string, error) {
	p := map[string]string{}
	for k, v := range r.URL.Query() {
		p[k] = v[0]
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 50<<20))
	if err != nil || len(bytes.TrimSpace(body)) == 0 {
		return p, nil
	}
	mt, mp, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch mt {
	case "multipart/form-data":
		mr := multipart.NewReader(bytes.NewReader(body), mp["boundary"])
		for {
			part, err := mr.NextPart()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				return p, fmt.Errorf("can't parse multipart/form-data: %v", err)
			}
			v, err := io.ReadAll(part)
			if err != nil {
				return p, fmt.Errorf("can't parse multipart/form-data: %v", err)
			}
			if part.FileName() == "" {
				p[part.FormName()] = string(v)
			}
		}
	case "application/x-www-form-urlencoded":
		q, err := url.ParseQuery(string(body))
		if err != nil {
			return p, fmt.Errorf("can't parse url-encoded body: %v", err)
		}
		for k, v := range q {
			p[k] = v[0]
		}
	case "application/json":
		var m map[string]json.RawMessage
		if err := json.Unmarshal(body, &m); err != nil {
			return p, fmt.Errorf("can't parse JSON object")
		}
		for k, v := range m {
			var str string
			if json.Unmarshal(v, &str) == nil {
				p[k] = str
			} else {
				p[k] = string(v)
			}
		}
	}
	return p, nil
}

func writeError(w http.ResponseWriter, e *apiError) {
	resp := map[string]any{"ok": false, "error_code": e.Code, "description": e.Description}
	params := map[string]any{}
	if e.RetryAfter > 0 {
		params["retry_after"] = e.RetryAfter
	}
	if e.MigrateTo != 0 {
		params["migrate_to_chat_id"] = e.MigrateTo
	}
	if len(params) > 0 {
		resp["parameters"] = params
	}
	writeJSON(w, e.Code, resp)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// ---- inspection -------------------------------------------------------------

// Messages returns the successful sendMessage and editMessageText calls, in
// the order the fake accepted them.
func (s *Server) Messages() []Sent {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Sent(nil), s.sent...)
}

// MessagesTo is Messages for one chat.
func (s *Server) MessagesTo(chatID int64) []Sent {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.messagesToLocked(chatID)
}

func (s *Server) messagesToLocked(chatID int64) []Sent {
	var out []Sent
	for _, m := range s.sent {
		if m.ChatID == chatID {
			out = append(out, m)
		}
	}
	return out
}

// Current returns a bot message as it is now, after edits; false if the
// message does not exist, was deleted or is a user's message.
func (s *Server) Current(chatID int64, messageID int) (Sent, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch := s.chats[chatID]
	if ch == nil {
		return Sent{}, false
	}
	m := ch.msgs[messageID]
	if m == nil || !m.fromBot {
		return Sent{}, false
	}
	cur := s.sent[m.sentIdx]
	cur.ReplyMarkup = m.inline
	return cur, true
}

// WaitMessages waits until at least n messages (sends and edits) went to
// chatID and returns all of them; it fails the test after timeout. Call it
// from the test goroutine.
func (s *Server) WaitMessages(t testing.TB, chatID int64, n int, timeout time.Duration) []Sent {
	t.Helper()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		got := s.messagesToLocked(chatID)
		ch := s.changed
		s.mu.Unlock()
		if len(got) >= n {
			return got
		}
		select {
		case <-ch:
		case <-deadline.C:
			t.Fatalf("telegramtest: waited %v for %d messages to chat %d, got %d:%s%s",
				timeout, n, chatID, len(got), describeSent(got), s.describeErrors(chatID))
			return nil
		}
	}
}

// WaitFor waits until cond returns true, checking after every change of the
// fake's state and every 10ms; it fails the test after timeout with what.
// Call it from the test goroutine.
func (s *Server) WaitFor(t testing.TB, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		s.mu.Lock()
		ch := s.changed
		s.mu.Unlock()
		if cond() {
			return
		}
		select {
		case <-ch:
		case <-tick.C:
		case <-deadline.C:
			t.Fatalf("telegramtest: waited %v for %s%s", timeout, what, s.describeErrors(0))
			return
		}
	}
}

func describeSent(ms []Sent) string {
	var b strings.Builder
	for _, m := range ms {
		fmt.Fprintf(&b, "\n  %s #%d: %q", m.Method, m.MessageID, m.Plain)
	}
	return b.String()
}

func (s *Server) describeErrors(chatID int64) string {
	var b strings.Builder
	for _, e := range s.Errors() {
		if chatID == 0 || e.ChatID == chatID {
			fmt.Fprintf(&b, "\n  rejected %s chat %d: %d %s", e.Method, e.ChatID, e.Code, e.Description)
		}
	}
	if b.Len() == 0 {
		return ""
	}
	return "\nrejected calls:" + b.String()
}

// Calls counts the calls of a method (case-insensitive), including rejected
// ones and unknown methods.
func (s *Server) Calls(method string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[strings.ToLower(method)]
}

// Errors returns every call answered with ok=false, in order.
func (s *Server) Errors() []CallError {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]CallError(nil), s.errs...)
}

// Commands returns the commands last set with setMyCommands for the default
// scope and no language_code.
func (s *Server) Commands() []models.BotCommand {
	return s.CommandsFor(CommandScope{}, "")
}

// CommandScope names a BotCommandScope. The zero value is the default scope.
type CommandScope struct {
	Type   string // "default", "all_private_chats", "all_group_chats", "all_chat_administrators", "chat", "chat_administrators", "chat_member"
	ChatID int64
	UserID int64
}

// CommandsFor returns the commands set for a scope and language_code.
func (s *Server) CommandsFor(scope CommandScope, languageCode string) []models.BotCommand {
	if scope.Type == "" {
		scope.Type = "default"
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]models.BotCommand(nil), s.commands[commandKey{scope.key(), languageCode}]...)
}

func (sc CommandScope) key() string {
	return fmt.Sprintf("%s/%d/%d", sc.Type, sc.ChatID, sc.UserID)
}

// CallbackAnswers returns the texts of answerCallbackQuery calls, in order
// ("" for an answer without text).
func (s *Server) CallbackAnswers() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.answers...)
}

// Unanswered returns the ids of callback queries the bot has not answered
// yet. Telegram shows the user a spinner until the bot answers.
func (s *Server) Unanswered() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, id := range s.unanswered {
		if !s.callbacks[id].answered {
			out = append(out, id)
		}
	}
	return out
}

// Webhook returns the URL and secret token of the last setWebhook ("" when
// none is set).
func (s *Server) Webhook() (url, secretToken string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.webhookURL, s.webhookToken
}

// Pending counts the updates the bot has not confirmed yet.
func (s *Server) Pending() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.updates)
}

// MaxPerSecond is the most sendMessage calls the fake accepted in any one
// second, over all chats. With limits off it shows how fast the bot sent.
func (s *Server) MaxPerSecond() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.maxPerSec
}

// MaxPerSecondChat is the most sendMessage calls the fake accepted to any
// single chat in any one second.
func (s *Server) MaxPerSecondChat() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.maxPerSecChat
}
