package telegramtest

import (
	"encoding/json"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/go-telegram/bot/models"
)

func (s *Server) getMe(*call) (any, *apiError) {
	me := wireBot()
	me["can_join_groups"] = true
	me["can_read_all_group_messages"] = !s.cfg.privacy
	me["supports_inline_queries"] = false
	return me, nil
}

var secretTokenRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)

func (s *Server) setWebhook(c *call) (any, *apiError) {
	u, tok := c.params["url"], c.params["secret_token"]
	if u != "" && !strings.HasPrefix(u, "https://") {
		return nil, badRequest("bad webhook: An HTTPS URL must be provided for webhook")
	}
	if tok != "" && !secretTokenRE.MatchString(tok) {
		return nil, badRequest("secret token contains unallowed characters")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.webhookURL, s.webhookToken = u, tok
	if c.params["drop_pending_updates"] == "true" {
		s.updates = nil
	}
	s.notifyLocked()
	return true, nil
}

func (s *Server) deleteWebhook(c *call) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.webhookURL, s.webhookToken = "", ""
	if c.params["drop_pending_updates"] == "true" {
		s.updates = nil
	}
	s.notifyLocked()
	return true, nil
}

func (s *Server) getWebhookInfo(*call) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return map[string]any{"url": s.webhookURL, "has_custom_certificate": false, "pending_update_count": len(s.updates)}, nil
}

// content is message text after parse_mode handling.
type content struct {
	text, plain, parseMode string
	entities               []Entity
}

// parseContent validates the text and parse_mode parameters like Telegram.
func parseContent(p map[string]string) (content, *apiError) {
	c := content{text: p["text"], parseMode: p["parse_mode"]}
	if !utf8.ValidString(c.text) {
		return c, badRequest("strings must be encoded in UTF-8")
	}
	switch strings.ToLower(c.parseMode) {
	case "":
		c.plain = c.text
		if raw := p["entities"]; raw != "" {
			if json.Unmarshal([]byte(raw), &c.entities) != nil {
				return c, badRequest("can't parse entities JSON object")
			}
		}
	case "html":
		plain, ents, err := parseHTML(c.text)
		if err != nil {
			return c, badRequest("can't parse entities: " + err.Error())
		}
		c.plain, c.entities = plain, ents
	case "markdown", "markdownv2":
		c.plain = c.text // not validated by the fake
	default:
		return c, badRequest("unsupported parse_mode")
	}
	c.plain, c.entities = trimText(c.plain, c.entities)
	if c.plain == "" {
		return c, badRequest("message text is empty")
	}
	if UTF16Len(c.plain) > MaxMessageLength {
		return c, badRequest("message is too long")
	}
	return c, nil
}

// trimText strips leading and trailing white space as Telegram does,
// shifting and clipping the entities.
func trimText(text string, ents []Entity) (string, []Entity) {
	trimmed := strings.TrimLeftFunc(text, unicode.IsSpace)
	shift := UTF16Len(text[:len(text)-len(trimmed)])
	trimmed = strings.TrimRightFunc(trimmed, unicode.IsSpace)
	n := UTF16Len(trimmed)
	var out []Entity
	for _, e := range ents {
		start, end := max(e.Offset-shift, 0), min(e.Offset+e.Length-shift, n)
		if end > start {
			e.Offset, e.Length = start, end-start
			out = append(out, e)
		}
	}
	return trimmed, out
}

func isTrue(v string) bool { return v == "true" || v == "1" || v == "True" }

func disablePreview(p map[string]string) bool {
	if isTrue(p["disable_web_page_preview"]) {
		return true
	}
	var lpo struct {
		IsDisabled bool `json:"is_disabled"`
	}
	_ = json.Unmarshal([]byte(p["link_preview_options"]), &lpo)
	return lpo.IsDisabled
}

func (s *Server) sendMessage(c *call) (any, *apiError) {
	cont, contErr := parseContent(c.params)
	inline, canon, markupErr := checkMarkup(c.params["reply_markup"])
	thread, _ := strconv.Atoi(c.params["message_thread_id"])

	s.mu.Lock()
	defer s.mu.Unlock()
	ch, aerr := s.sendableChatLocked(c.params["chat_id"])
	if aerr != nil {
		return nil, aerr
	}
	c.chatID = ch.chat.ID
	if contErr != nil {
		return nil, contErr
	}
	if markupErr != nil {
		return nil, markupErr
	}
	now := s.now()
	if aerr := s.checkRateLocked(ch, now); aerr != nil {
		return nil, aerr
	}
	s.acceptSendLocked(ch, now)

	ch.nextMsgID++
	id := ch.nextMsgID
	m := &storedMsg{fromBot: true, threadID: thread, date: now.Unix(), plain: cont.plain,
		entities: cont.entities, inline: inline, canon: canon, sentIdx: len(s.sent)}
	ch.msgs[id] = m
	s.sent = append(s.sent, Sent{
		Method: "sendMessage", ChatID: ch.chat.ID, ThreadID: thread, MessageID: id,
		Text: cont.text, Plain: cont.plain, Entities: cont.entities, ParseMode: cont.parseMode,
		ReplyMarkup: rawOrNil(c.params["reply_markup"]), DisableNotification: isTrue(c.params["disable_notification"]),
		DisableLinkPreview: disablePreview(c.params), At: now,
	})
	s.notifyLocked()
	return s.wireMessageLocked(ch, id, m), nil
}

func rawOrNil(s string) json.RawMessage {
	if s == "" {
		return nil
	}
	return json.RawMessage(s)
}

const notModified = "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message"

// editTargetLocked finds the bot message an edit refers to.
func (s *Server) editTargetLocked(c *call, verb string) (*chatState, int, *storedMsg, *apiError) {
	if c.params["inline_message_id"] != "" {
		return nil, 0, nil, badRequest("MESSAGE_ID_INVALID") // inline messages are not simulated
	}
	ch, aerr := s.sendableChatLocked(c.params["chat_id"])
	if aerr != nil {
		return nil, 0, nil, aerr
	}
	c.chatID = ch.chat.ID
	id, _ := strconv.Atoi(c.params["message_id"])
	if id == 0 {
		return nil, 0, nil, badRequest("message identifier is not specified")
	}
	m := ch.msgs[id]
	if m == nil {
		return nil, 0, nil, badRequest("message to " + verb + " not found")
	}
	if !m.fromBot && verb == "edit" {
		return nil, 0, nil, badRequest("message can't be edited")
	}
	return ch, id, m, nil
}

func (s *Server) editMessageText(c *call) (any, *apiError) {
	cont, contErr := parseContent(c.params)
	inline, canon, markupErr := checkMarkup(c.params["reply_markup"])

	s.mu.Lock()
	defer s.mu.Unlock()
	ch, id, m, aerr := s.editTargetLocked(c, "edit")
	if aerr != nil {
		return nil, aerr
	}
	if contErr != nil {
		return nil, contErr
	}
	if markupErr != nil {
		return nil, markupErr
	}
	if cont.plain == m.plain && slices.Equal(cont.entities, m.entities) && canon == m.canon {
		return nil, badRequest(notModified)
	}
	now := s.now()
	m.plain, m.entities, m.inline, m.canon, m.editDate = cont.plain, cont.entities, inline, canon, now.Unix()
	m.sentIdx = len(s.sent)
	s.sent = append(s.sent, Sent{
		Method: "editMessageText", ChatID: ch.chat.ID, ThreadID: m.threadID, MessageID: id,
		Text: cont.text, Plain: cont.plain, Entities: cont.entities, ParseMode: cont.parseMode,
		ReplyMarkup: rawOrNil(c.params["reply_markup"]), DisableLinkPreview: disablePreview(c.params), At: now,
	})
	s.notifyLocked()
	return s.wireMessageLocked(ch, id, m), nil
}

func (s *Server) editMessageReplyMarkup(c *call) (any, *apiError) {
	inline, canon, markupErr := checkMarkup(c.params["reply_markup"])
	s.mu.Lock()
	defer s.mu.Unlock()
	ch, id, m, aerr := s.editTargetLocked(c, "edit")
	if aerr != nil {
		return nil, aerr
	}
	if markupErr != nil {
		return nil, markupErr
	}
	if canon == m.canon {
		return nil, badRequest(notModified)
	}
	m.inline, m.canon, m.editDate = inline, canon, s.now().Unix()
	s.notifyLocked()
	return s.wireMessageLocked(ch, id, m), nil
}

func (s *Server) deleteMessage(c *call) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch, id, _, aerr := s.editTargetLocked(c, "delete")
	if aerr != nil {
		return nil, aerr
	}
	delete(ch.msgs, id)
	s.notifyLocked()
	return true, nil
}

func (s *Server) sendChatAction(c *call) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch, aerr := s.sendableChatLocked(c.params["chat_id"])
	if aerr != nil {
		return nil, aerr
	}
	c.chatID = ch.chat.ID
	if c.params["action"] == "" {
		return nil, badRequest("action is empty")
	}
	return true, nil
}

func (s *Server) answerCallbackQuery(c *call) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cb := s.callbacks[c.params["callback_query_id"]]
	if cb == nil || cb.answered {
		return nil, badRequest("query is too old and response timeout expired or query ID is invalid")
	}
	c.chatID = cb.chatID
	cb.answered = true
	s.answers = append(s.answers, c.params["text"])
	s.notifyLocked()
	return true, nil
}

var commandRE = regexp.MustCompile(`^[a-z0-9_]{1,32}$`)

// scopeKey parses a scope parameter into a CommandScope key.
func scopeKey(raw string) (string, *apiError) {
	sc := CommandScope{Type: "default"}
	if raw != "" {
		var v struct {
			Type   string          `json:"type"`
			ChatID json.RawMessage `json:"chat_id"`
			UserID int64           `json:"user_id"`
		}
		if json.Unmarshal([]byte(raw), &v) != nil || v.Type == "" {
			return "", badRequest("can't parse BotCommandScope JSON object")
		}
		sc.Type, sc.UserID = v.Type, v.UserID
		sc.ChatID, _ = strconv.ParseInt(strings.Trim(string(v.ChatID), `"`), 10, 64)
	}
	return sc.key(), nil
}

func (s *Server) setMyCommands(c *call) (any, *apiError) {
	var cmds []models.BotCommand
	if json.Unmarshal([]byte(c.params["commands"]), &cmds) != nil {
		return nil, badRequest("can't parse commands JSON array")
	}
	if len(cmds) > 100 {
		return nil, badRequest("BOT_COMMANDS_TOO_MUCH")
	}
	for _, cmd := range cmds {
		if !commandRE.MatchString(cmd.Command) {
			return nil, badRequest("BOT_COMMAND_INVALID")
		}
		if d := strings.TrimSpace(cmd.Description); d == "" || utf8.RuneCountInString(d) > 256 {
			return nil, badRequest("BOT_COMMAND_DESCRIPTION_INVALID")
		}
	}
	key, aerr := scopeKey(c.params["scope"])
	if aerr != nil {
		return nil, aerr
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.commands[commandKey{key, c.params["language_code"]}] = cmds
	s.notifyLocked()
	return true, nil
}

func (s *Server) deleteMyCommands(c *call) (any, *apiError) {
	key, aerr := scopeKey(c.params["scope"])
	if aerr != nil {
		return nil, aerr
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.commands, commandKey{key, c.params["language_code"]})
	s.notifyLocked()
	return true, nil
}

func (s *Server) getMyCommands(c *call) (any, *apiError) {
	key, aerr := scopeKey(c.params["scope"])
	if aerr != nil {
		return nil, aerr
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.commands[commandKey{key, c.params["language_code"]}]
	if out == nil {
		out = []models.BotCommand{}
	}
	return out, nil
}

// memberChatLocked resolves the chat of getChatMember and
// getChatAdministrators: a migrated group answers with migrate_to_chat_id,
// a group that removed the bot with 403.
func (s *Server) memberChatLocked(c *call) (*chatState, *apiError) {
	ch, aerr := s.targetChatLocked(c.params["chat_id"])
	if aerr != nil {
		return nil, aerr
	}
	c.chatID = ch.chat.ID
	if ch.migratedTo != 0 {
		e := badRequest("group chat was upgraded to a supergroup chat")
		e.MigrateTo = ch.migratedTo
		return nil, e
	}
	if ch.blocked != "" && ch.chat.Type != "private" {
		return nil, forbidden(ch.blocked)
	}
	return ch, nil
}

func (s *Server) memberWireLocked(userID int64) map[string]any {
	if userID == BotID {
		return wireBot()
	}
	return s.wireUser(s.userLocked(userID))
}

func (s *Server) getChatMember(c *call) (any, *apiError) {
	userID, err := strconv.ParseInt(c.params["user_id"], 10, 64)
	if err != nil || userID <= 0 {
		return nil, badRequest("invalid user_id specified")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ch, aerr := s.memberChatLocked(c)
	if aerr != nil {
		return nil, aerr
	}
	return memberJSON(s.memberWireLocked(userID), ch.statusOf(userID)), nil
}

func (s *Server) getChatAdministrators(c *call) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch, aerr := s.memberChatLocked(c)
	if aerr != nil {
		return nil, aerr
	}
	if ch.chat.Type == "private" {
		return nil, badRequest("there are no administrators in the private chat")
	}
	out := []map[string]any{}
	for _, id := range ch.admins {
		out = append(out, memberJSON(s.memberWireLocked(id), ch.statusOf(id)))
	}
	return out, nil
}
