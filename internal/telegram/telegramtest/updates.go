package telegramtest

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ---- wire format ------------------------------------------------------------

func (s *Server) wireUser(u User) map[string]any {
	name := u.FirstName
	if name == "" {
		name = "User" // first_name is never empty on Telegram
	}
	m := map[string]any{"id": u.ID, "is_bot": false, "first_name": name}
	if u.Username != "" {
		m["username"] = u.Username
	}
	if u.LanguageCode != "" {
		m["language_code"] = u.LanguageCode
	}
	return m
}

func wireBot() map[string]any {
	return map[string]any{"id": BotID, "is_bot": true, "first_name": BotName, "username": BotUsername}
}

func (s *Server) userLocked(id int64) User {
	if u, ok := s.users[id]; ok {
		return u
	}
	return User{ID: id, FirstName: "User"}
}

func (s *Server) wireChatLocked(ch *chatState) map[string]any {
	c := ch.chat
	m := map[string]any{"id": c.ID, "type": c.Type}
	if c.Type == "private" {
		u := s.userLocked(c.ID)
		m["first_name"] = s.wireUser(u)["first_name"]
		if u.Username != "" {
			m["username"] = u.Username
		}
		return m
	}
	title := c.Title
	if title == "" {
		title = "Chat " + strconv.FormatInt(c.ID, 10)
	}
	m["title"] = title
	if c.Username != "" {
		m["username"] = c.Username
	}
	if c.IsForum {
		m["is_forum"] = true
	}
	return m
}

// wireMessageLocked renders a stored message as a Bot API Message.
func (s *Server) wireMessageLocked(ch *chatState, id int, m *storedMsg) map[string]any {
	out := map[string]any{"message_id": id, "chat": s.wireChatLocked(ch), "date": m.date}
	switch {
	case ch.chat.Type == "channel":
		out["sender_chat"] = s.wireChatLocked(ch)
	case m.fromBot:
		out["from"] = wireBot()
	default:
		out["from"] = s.wireUser(m.from)
	}
	if m.threadID != 0 {
		out["message_thread_id"] = m.threadID
		if ch.chat.IsForum {
			out["is_topic_message"] = true
		}
	}
	if m.editDate != 0 {
		out["edit_date"] = m.editDate
	}
	out["text"] = m.plain
	if len(m.entities) > 0 {
		out["entities"] = m.entities
	}
	if m.inline != nil {
		out["reply_markup"] = m.inline
	}
	return out
}

func memberJSON(user map[string]any, status string) map[string]any {
	m := map[string]any{"status": status, "user": user}
	switch status {
	case "creator":
		m["is_anonymous"] = false
	case "administrator":
		for _, f := range []string{"can_be_edited", "is_anonymous", "can_manage_chat", "can_delete_messages",
			"can_manage_video_chats", "can_restrict_members", "can_promote_members", "can_change_info",
			"can_invite_users", "can_post_stories", "can_edit_stories", "can_delete_stories"} {
			m[f] = f == "can_manage_chat" || f == "can_delete_messages" || f == "can_invite_users"
		}
	case "restricted":
		m["is_member"] = true
		for _, f := range []string{"can_send_messages", "can_send_audios", "can_send_documents", "can_send_photos",
			"can_send_videos", "can_send_video_notes", "can_send_voice_notes", "can_send_polls",
			"can_send_other_messages", "can_add_web_page_previews", "can_change_info", "can_invite_users",
			"can_pin_messages", "can_manage_topics"} {
			m[f] = false
		}
		m["until_date"] = 0
	case "kicked":
		m["until_date"] = 0
	}
	return m
}

// enqueueLocked appends an update for getUpdates.
func (s *Server) enqueueLocked(kind string, payload any) {
	id := s.nextUpdateID
	s.nextUpdateID++
	raw, err := json.Marshal(map[string]any{"update_id": id, kind: payload})
	if err != nil {
		panic("telegramtest: " + err.Error())
	}
	s.updates = append(s.updates, pendingUpdate{id: id, kind: kind, raw: raw})
	s.notifyLocked()
}

// ---- the users' side --------------------------------------------------------

// SendText has from write text in chat and returns the new message's id.
// Like Telegram it marks every /command (at the start or after a space,
// with an optional @botname) with a bot_command entity, delivers a channel
// chat's text as a channel_post, and, in groups with privacy mode on (the
// default), delivers only commands and @mentions of the bot. A private
// chat's ID must be from.ID. A user who blocked the bot and writes again has
// unblocked it: the bot first gets my_chat_member kicked → member.
func (s *Server) SendText(chat Chat, from User, text string) (messageID int) {
	return s.SendTextInThread(chat, from, 0, text)
}

// SendTextInThread is SendText in a forum topic (message_thread_id).
func (s *Server) SendTextInThread(chat Chat, from User, threadID int, text string) (messageID int) {
	s.t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	ch := s.chatLocked(chat)
	if ch.chat.Type == "private" && ch.chat.ID != from.ID {
		s.t.Errorf("telegramtest: SendText: a private chat's id (%d) is its user's id (%d)", ch.chat.ID, from.ID)
	}
	if ch.migratedTo != 0 {
		s.t.Errorf("telegramtest: SendText: chat %d was migrated to %d", ch.chat.ID, ch.migratedTo)
	}
	if ch.chat.Type != "channel" {
		s.users[from.ID] = from
	}
	if ch.chat.Type == "private" && (ch.blocked != "" || ch.botStatus == "kicked") {
		if ch.botStatus == "kicked" {
			s.memberUpdateLocked(ch, from, "member")
		}
		ch.blocked = ""
	}

	ch.nextMsgID++
	id := ch.nextMsgID
	ents := commandEntities(text)
	m := &storedMsg{from: from, threadID: threadID, date: s.now().Unix(), plain: text, entities: ents, sentIdx: -1}
	ch.msgs[id] = m
	s.notifyLocked()

	if ch.botStatus == "kicked" || ch.botStatus == "left" {
		return id // the bot is not in the chat
	}
	if ch.chat.Type == "channel" {
		s.enqueueLocked("channel_post", s.wireMessageLocked(ch, id, m))
		return id
	}
	if isGroup(ch.chat.Type) && s.cfg.privacy && !addressedToBot(text, ents) {
		return id
	}
	s.enqueueLocked("message", s.wireMessageLocked(ch, id, m))
	return id
}

// commandEntities finds bot commands the way Telegram marks them.
func commandEntities(text string) []Entity {
	var ents []Entity
	for p := 0; p < len(text); p++ {
		if text[p] != '/' || (p > 0 && !isSpace(text[p-1])) {
			continue
		}
		q := p + 1
		for q < len(text) && q-p <= 64 && isWord(text[q]) {
			q++
		}
		if q == p+1 {
			continue
		}
		if q < len(text) && text[q] == '@' {
			r := q + 1
			for r < len(text) && isWord(text[r]) {
				r++
			}
			if r-q-1 >= 3 {
				q = r
			}
		}
		if q < len(text) && (isWord(text[q]) || text[q] == '/') {
			continue
		}
		ents = append(ents, Entity{Type: "bot_command", Offset: UTF16Len(text[:p]), Length: q - p})
		p = q - 1
	}
	return ents
}

func isWord(c byte) bool { return isAlnum(c) || c == '_' }

// addressedToBot reports whether privacy mode lets a group message through.
func addressedToBot(text string, ents []Entity) bool {
	if strings.Contains(strings.ToLower(text), "@"+strings.ToLower(BotUsername)) {
		return true
	}
	for _, e := range ents {
		if e.Type != "bot_command" {
			continue
		}
		cmd := utf16Slice(text, e.Offset, e.Length)
		_, target, addressed := strings.Cut(cmd, "@")
		if !addressed || strings.EqualFold(target, BotUsername) {
			return true
		}
	}
	return false
}

// utf16Slice cuts s by UTF-16 offsets.
func utf16Slice(s string, off, n int) string {
	u, start := 0, -1
	for i, r := range s {
		if u == off {
			start = i
		}
		if start >= 0 && u == off+n {
			return s[start:i]
		}
		u += utf16Len(r)
	}
	if start < 0 {
		return ""
	}
	return s[start:]
}

// PressButton has from press the inline button with callback data on the
// bot's message messageID in chat, and returns the callback query id the bot
// must answer. Pressing a button the message does not have fails the test.
func (s *Server) PressButton(chat Chat, from User, messageID int, data string) (callbackID string) {
	s.t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	ch := s.chatLocked(chat)
	if ch.chat.Type != "channel" {
		s.users[from.ID] = from
	}
	s.callbackSeq++
	callbackID = strconv.FormatInt(4_000_000_000_000_000_000+s.callbackSeq, 10)
	s.callbacks[callbackID] = &callbackState{chatID: ch.chat.ID}
	s.unanswered = append(s.unanswered, callbackID)

	q := map[string]any{
		"id": callbackID, "from": s.wireUser(from), "data": data,
		"chat_instance": strconv.FormatInt(-ch.chat.ID*7+BotID, 10),
	}
	m := ch.msgs[messageID]
	switch {
	case m == nil || !m.fromBot:
		s.t.Errorf("telegramtest: PressButton: chat %d has no message %d from the bot", ch.chat.ID, messageID)
		q["message"] = map[string]any{"chat": s.wireChatLocked(ch), "message_id": messageID, "date": 0}
	default:
		if !hasButtonData(m.inline, data) {
			s.t.Errorf("telegramtest: PressButton: message %d in chat %d has no button with callback_data %q", messageID, ch.chat.ID, data)
		}
		q["message"] = s.wireMessageLocked(ch, messageID, m)
	}
	s.enqueueLocked("callback_query", q)
	return callbackID
}

func hasButtonData(markup json.RawMessage, data string) bool {
	kb, _ := parseInlineKeyboard(markup)
	for _, row := range kb {
		for _, b := range row {
			if d, ok := b["callback_data"]; ok && str(d) == data {
				return true
			}
		}
	}
	return false
}

var memberStatuses = []string{"creator", "administrator", "member", "restricted", "left", "kicked"}

// ChangeMemberStatus changes the bot's status in chat, done by from, and
// delivers the my_chat_member update. In a private chat "kicked" means the
// user blocked the bot and "member" that they unblocked it; in groups
// "kicked" and "left" remove the bot. While removed, sends and edits to the
// chat fail with Telegram's 403 ("Forbidden: bot was blocked by the user",
// "Forbidden: bot was kicked from the group chat", ...).
func (s *Server) ChangeMemberStatus(chat Chat, from User, newStatus string) {
	s.t.Helper()
	if !slices.Contains(memberStatuses, newStatus) {
		s.t.Errorf("telegramtest: ChangeMemberStatus: status %q is not one of %v", newStatus, memberStatuses)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ch := s.chatLocked(chat)
	s.users[from.ID] = from
	s.memberUpdateLocked(ch, from, newStatus)
}

func (s *Server) memberUpdateLocked(ch *chatState, from User, newStatus string) {
	old := ch.botStatus
	ch.botStatus = newStatus
	if newStatus == "kicked" || newStatus == "left" {
		ch.blocked = forbiddenText(ch.chat.Type, newStatus)
	} else {
		ch.blocked = ""
	}
	s.enqueueLocked("my_chat_member", map[string]any{
		"chat": s.wireChatLocked(ch), "from": s.wireUser(from), "date": s.now().Unix(),
		"old_chat_member": memberJSON(wireBot(), old),
		"new_chat_member": memberJSON(wireBot(), newStatus),
	})
}

// ---- getUpdates ---------------------------------------------------------------

// defaultExcluded are the update kinds Telegram leaves out unless asked.
var defaultExcluded = map[string]bool{"chat_member": true, "message_reaction": true, "message_reaction_count": true}

func (s *Server) allowedLocked(kind string) bool {
	if s.allowed == nil {
		return !defaultExcluded[kind]
	}
	return s.allowed[kind]
}

// getUpdates implements long polling: offset confirms (and forgets) every
// update with a smaller id, a negative offset keeps only the last -offset;
// unconfirmed updates are delivered again; with none pending the call waits
// up to timeout seconds. A second concurrent getUpdates ends the first with
// 409, and getUpdates fails with 409 while a webhook is set.
func (s *Server) getUpdates(c *call) (any, *apiError) {
	offset, _ := strconv.ParseInt(c.params["offset"], 10, 64)
	limit, err := strconv.Atoi(c.params["limit"])
	if err != nil || limit <= 0 || limit > 100 {
		limit = 100
	}
	timeout, _ := strconv.Atoi(c.params["timeout"])
	var allowed map[string]bool
	if raw := c.params["allowed_updates"]; raw != "" {
		var kinds []string
		if json.Unmarshal([]byte(raw), &kinds) != nil {
			return nil, badRequest("can't parse allowed_updates JSON array")
		}
		allowed = map[string]bool{}
		for _, k := range kinds {
			allowed[k] = true
		}
	}

	s.mu.Lock()
	if s.webhookURL != "" {
		s.mu.Unlock()
		return nil, &apiError{Code: http.StatusConflict,
			Description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"}
	}
	if allowed != nil {
		if len(allowed) == 0 {
			allowed = nil
		}
		s.allowed = allowed
	}
	if s.pollKick != nil {
		close(s.pollKick)
	}
	kick := make(chan struct{})
	s.pollKick = kick
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		if s.pollKick == kick {
			s.pollKick = nil
		}
		s.mu.Unlock()
	}()

	deadline := time.NewTimer(time.Duration(timeout) * time.Second)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		batch := s.takeLocked(offset, limit)
		changed := s.changed
		s.mu.Unlock()
		if len(batch) > 0 || timeout <= 0 {
			return batch, nil
		}
		select {
		case <-changed:
		case <-deadline.C:
			return []json.RawMessage{}, nil
		case <-kick:
			return nil, &apiError{Code: http.StatusConflict,
				Description: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"}
		case <-c.ctx.Done():
			return []json.RawMessage{}, nil
		case <-s.closed:
			return []json.RawMessage{}, nil
		}
	}
}

// takeLocked confirms updates before offset and returns up to limit of the
// rest, dropping kinds the bot did not ask for.
func (s *Server) takeLocked(offset int64, limit int) []json.RawMessage {
	keep := s.updates[:0]
	for i, u := range s.updates {
		switch {
		case offset > 0 && u.id < offset:
		case offset < 0 && i < len(s.updates)+int(offset):
		case !s.allowedLocked(u.kind):
		default:
			keep = append(keep, u)
		}
	}
	clear(s.updates[len(keep):])
	s.updates = keep
	out := []json.RawMessage{}
	for _, u := range s.updates {
		if len(out) == limit {
			break
		}
		out = append(out, u.raw)
	}
	return out
}
