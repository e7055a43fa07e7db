package deliver

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/newsdigest/newsdigest/internal/botapi"
)

// Telegram sends through the Bot API. Errors are the library's, unchanged,
// except that a message Telegram took counts as sent even when the library
// could not read the answer (botapi.Call): the Bot's HTTP client must be a
// *botapi.Client for that, as telegram.New makes it.
type Telegram struct {
	Bot *bot.Bot
}

var _ Sender = Telegram{}

// Send sends m with link previews off, as HTML when m.HTML, into m's forum
// topic, with m.Markup as an inline keyboard.
func (t Telegram) Send(ctx context.Context, m Message) error {
	p := &bot.SendMessageParams{
		ChatID:             m.ChatID,
		MessageThreadID:    m.ThreadID,
		Text:               m.Text,
		LinkPreviewOptions: &models.LinkPreviewOptions{IsDisabled: bot.True()},
	}
	if m.HTML {
		p.ParseMode = models.ParseModeHTML
	}
	if m.Markup != "" {
		kb := &models.InlineKeyboardMarkup{}
		if err := json.Unmarshal([]byte(m.Markup), kb); err != nil {
			return fmt.Errorf("%w: reply markup: %v", ErrInvalid, err)
		}
		p.ReplyMarkup = kb
	}
	return botapi.Call(ctx, "sendMessage", func(ctx context.Context) error {
		_, err := t.Bot.SendMessage(ctx, p)
		return err
	})
}

// Console prints messages instead of sending them, for running without a
// bot token.
type Console struct {
	W io.Writer
}

var _ Sender = Console{}

var consoleMu sync.Mutex // one message at a time, whatever W is

// Send writes m to c.W.
func (c Console) Send(ctx context.Context, m Message) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "--- chat %d", m.ChatID)
	if m.ThreadID != 0 {
		fmt.Fprintf(&b, " topic %d", m.ThreadID)
	}
	if m.HTML {
		b.WriteString(" (HTML)")
	}
	b.WriteString(" ---\n")
	b.WriteString(m.Text)
	b.WriteString("\n")
	if m.Markup != "" {
		fmt.Fprintf(&b, "[markup] %s\n", m.Markup)
	}
	b.WriteString("\n")
	consoleMu.Lock()
	defer consoleMu.Unlock()
	_, err := io.WriteString(c.W, b.String())
	return err
}
