package telegramtest

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

const supergroupIDBelow = -1_000_000_000_000 // -100… ids

func inferType(id int64) string {
	switch {
	case id > 0:
		return "private"
	case id <= supergroupIDBelow:
		return "supergroup"
	default:
		return "group"
	}
}

func isGroup(t string) bool { return t == "group" || t == "supergroup" }

// AddChat makes a chat known (see WithStrictChats) and sets its type, title
// and forum flag. SendText and the other user-side methods do this too.
func (s *Server) AddChat(chat Chat) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.chatLocked(chat)
}

// chatLocked returns the state of chat, creating it, and updates the
// attributes that are set.
func (s *Server) chatLocked(chat Chat) *chatState {
	ch := s.chats[chat.ID]
	if ch == nil {
		if chat.Type == "" {
			chat.Type = inferType(chat.ID)
		}
		ch = &chatState{chat: chat, msgs: map[int]*storedMsg{}, botStatus: "member"}
		s.chats[chat.ID] = ch
		return ch
	}
	if chat.Type != "" {
		ch.chat.Type = chat.Type
	}
	if chat.Title != "" {
		ch.chat.Title = chat.Title
	}
	if chat.Username != "" {
		ch.chat.Username = chat.Username
	}
	ch.chat.IsForum = ch.chat.IsForum || chat.IsForum
	return ch
}

// targetChatLocked resolves a chat_id parameter the way Telegram does,
// without the blocked/migrated checks.
func (s *Server) targetChatLocked(raw string) (*chatState, *apiError) {
	if raw == "" {
		return nil, badRequest("chat_id is empty")
	}
	if name, ok := strings.CutPrefix(raw, "@"); ok {
		for _, ch := range s.chats {
			if ch.chat.Username != "" && strings.EqualFold(ch.chat.Username, name) {
				return ch, nil
			}
		}
		return nil, badRequest("chat not found")
	}
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id == 0 {
		return nil, badRequest("chat not found")
	}
	if ch := s.chats[id]; ch != nil {
		return ch, nil
	}
	if s.cfg.strictChats {
		return nil, badRequest("chat not found")
	}
	return s.chatLocked(Chat{ID: id}), nil
}

// sendableChatLocked is targetChatLocked plus the checks a send or edit
// meets: a migrated group answers 400 with migrate_to_chat_id, a chat that
// blocked or removed the bot answers 403.
func (s *Server) sendableChatLocked(raw string) (*chatState, *apiError) {
	ch, aerr := s.targetChatLocked(raw)
	if aerr != nil {
		return nil, aerr
	}
	if ch.migratedTo != 0 {
		e := badRequest("group chat was upgraded to a supergroup chat")
		e.MigrateTo = ch.migratedTo
		return nil, e
	}
	if ch.blocked != "" {
		return nil, forbidden(ch.blocked)
	}
	return ch, nil
}

// forbiddenText is Telegram's 403 description for a chat the bot cannot
// write to after its status there became status ("kicked" or "left").
func forbiddenText(chatType, status string) string {
	switch chatType {
	case "private":
		if status == "kicked" {
			return "bot was blocked by the user"
		}
		return "bot can't initiate conversation with a user"
	case "channel":
		return "bot is not a member of the channel chat"
	}
	if status == "kicked" {
		return "bot was kicked from the " + chatType + " chat"
	}
	return "bot is not a member of the " + chatType + " chat"
}

// Block makes every send and edit to chatID fail with 403, as after a user
// blocked the bot ("Forbidden: bot was blocked by the user") or a group
// removed it ("Forbidden: bot was kicked from the group chat"). Unlike
// ChangeMemberStatus it delivers no my_chat_member update, as when the bot
// missed it.
func (s *Server) Block(chatID int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch := s.chatLocked(Chat{ID: chatID})
	ch.blocked = forbiddenText(ch.chat.Type, "kicked")
	s.notifyLocked()
}

// Unblock undoes Block.
func (s *Server) Unblock(chatID int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ch := s.chats[chatID]; ch != nil {
		ch.blocked = ""
		s.notifyLocked()
	}
}

// SetAdmins makes userIDs the chat's administrators: the first one is the
// creator, the others administrators. getChatMember answers "member" for
// everyone else. Include BotID to make the bot an administrator.
func (s *Server) SetAdmins(chatID int64, userIDs ...int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch := s.chatLocked(Chat{ID: chatID})
	ch.admins = append([]int64(nil), userIDs...)
	s.notifyLocked()
}

func (ch *chatState) statusOf(userID int64) string {
	for i, id := range ch.admins {
		if id == userID {
			if i == 0 {
				return "creator"
			}
			return "administrator"
		}
	}
	if userID == BotID {
		return ch.botStatus
	}
	return "member"
}

// Migrate upgrades the group oldChatID to the supergroup newChatID: sends to
// oldChatID then fail with 400 "Bad Request: group chat was upgraded to a
// supergroup chat" and parameters.migrate_to_chat_id, and the bot receives
// the two service messages Telegram sends (migrate_to_chat_id in the old
// chat, migrate_from_chat_id in the new one).
func (s *Server) Migrate(oldChatID, newChatID int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	och := s.chatLocked(Chat{ID: oldChatID})
	if och.chat.Type != "group" {
		s.t.Errorf("telegramtest: Migrate(%d, %d): only a basic group (type %q) can be upgraded, not %q",
			oldChatID, newChatID, "group", och.chat.Type)
	}
	if newChatID > supergroupIDBelow {
		s.t.Errorf("telegramtest: Migrate(%d, %d): supergroup ids look like -100…", oldChatID, newChatID)
	}
	nch := s.chatLocked(Chat{ID: newChatID, Type: "supergroup", Title: och.chat.Title})
	nch.admins = append([]int64(nil), och.admins...)
	nch.botStatus = och.botStatus
	och.migratedTo = newChatID

	from := User{ID: 1, FirstName: "Admin"}
	if len(och.admins) > 0 {
		from = s.userLocked(och.admins[0])
	}
	date := s.now().Unix()
	och.nextMsgID++
	s.enqueueLocked("message", map[string]any{
		"message_id": och.nextMsgID, "from": s.wireUser(from), "chat": s.wireChatLocked(och),
		"date": date, "migrate_to_chat_id": newChatID,
	})
	nch.nextMsgID++
	s.enqueueLocked("message", map[string]any{
		"message_id": nch.nextMsgID, "from": s.wireUser(from), "chat": s.wireChatLocked(nch),
		"date": date, "migrate_from_chat_id": oldChatID,
	})
}

// ---- rate limits ------------------------------------------------------------

// within returns the suffix of the ascending times that lie in (now-d, now].
func within(times []time.Time, now time.Time, d time.Duration) []time.Time {
	i := len(times)
	for i > 0 && now.Sub(times[i-1]) < d {
		i--
	}
	return times[i:]
}

// checkRateLocked answers 429 if a sendMessage to ch at now would exceed
// the configured limits.
func (s *Server) checkRateLocked(ch *chatState, now time.Time) *apiError {
	var wait time.Duration
	if g := s.cfg.globalPerSec; g > 0 {
		if recent := within(s.sendTimes, now, time.Second); len(recent) >= g {
			wait = max(wait, recent[len(recent)-g].Add(time.Second).Sub(now))
		}
	}
	if r := s.cfg.perChatPerSec; r > 0 && len(ch.sendTimes) > 0 {
		interval := time.Duration(float64(time.Second) / r)
		if last := ch.sendTimes[len(ch.sendTimes)-1]; now.Sub(last) < interval {
			wait = max(wait, last.Add(interval).Sub(now))
		}
	}
	if g := s.cfg.groupPerMin; g > 0 && isGroup(ch.chat.Type) {
		if recent := within(ch.sendTimes, now, time.Minute); len(recent) >= g {
			wait = max(wait, recent[len(recent)-g].Add(time.Minute).Sub(now))
		}
	}
	if wait <= 0 {
		return nil
	}
	secs := max(int(math.Ceil(wait.Seconds())), 1)
	return &apiError{Code: http.StatusTooManyRequests, RetryAfter: secs,
		Description: fmt.Sprintf("Too Many Requests: retry after %d", secs)}
}

// acceptSendLocked records an accepted sendMessage for the limits and the
// MaxPerSecond counters.
func (s *Server) acceptSendLocked(ch *chatState, now time.Time) {
	s.sendTimes = append(within(s.sendTimes, now, time.Second), now)
	ch.sendTimes = append(within(ch.sendTimes, now, time.Minute), now)
	s.maxPerSec = max(s.maxPerSec, len(s.sendTimes))
	s.maxPerSecChat = max(s.maxPerSecChat, len(within(ch.sendTimes, now, time.Second)))
}
