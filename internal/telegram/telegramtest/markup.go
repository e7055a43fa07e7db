package telegramtest

import (
	"bytes"
	"encoding/json"
	"net/url"
)

// Button is one inline keyboard button of a recorded message.
type Button struct {
	Row, Col int
	Text     string
	Data     string // callback_data
	URL      string
}

// Buttons lists the inline keyboard buttons of the message, row by row.
func (m Sent) Buttons() []Button {
	kb, err := parseInlineKeyboard(m.ReplyMarkup)
	if err != nil {
		return nil
	}
	var out []Button
	for r, row := range kb {
		for c, b := range row {
			out = append(out, Button{Row: r, Col: c, Text: str(b["text"]), Data: str(b["callback_data"]), URL: str(b["url"])})
		}
	}
	return out
}

// Button returns the first inline button whose text is text.
func (m Sent) Button(text string) (Button, bool) {
	for _, b := range m.Buttons() {
		if b.Text == text {
			return b, true
		}
	}
	return Button{}, false
}

type rawButton map[string]json.RawMessage

func parseInlineKeyboard(markup json.RawMessage) ([][]rawButton, error) {
	if len(markup) == 0 {
		return nil, nil
	}
	var m struct {
		InlineKeyboard [][]rawButton `json:"inline_keyboard"`
	}
	if err := json.Unmarshal(markup, &m); err != nil {
		return nil, err
	}
	return m.InlineKeyboard, nil
}

func str(raw json.RawMessage) string {
	var s string
	_ = json.Unmarshal(raw, &s)
	return s
}

// buttonActions are the inline button fields of which exactly one must be set.
var buttonActions = []string{
	"url", "callback_data", "web_app", "login_url", "switch_inline_query",
	"switch_inline_query_current_chat", "switch_inline_query_chosen_chat",
	"copy_text", "callback_game", "pay",
}

// checkMarkup validates reply_markup like Telegram and returns the inline
// keyboard part that a Message carries back (nil for other keyboards) and a
// canonical form for "message is not modified" comparisons.
func checkMarkup(raw string) (inline json.RawMessage, canon string, aerr *apiError) {
	if raw == "" {
		return nil, "", nil
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal([]byte(raw), &obj); err != nil {
		return nil, "", badRequest("can't parse reply keyboard markup JSON object")
	}
	kbRaw, ok := obj["inline_keyboard"]
	if !ok {
		return nil, "", nil // reply keyboard, remove_keyboard, force_reply: accepted, not echoed
	}
	var kb [][]map[string]json.RawMessage
	if err := json.Unmarshal(kbRaw, &kb); err != nil {
		return nil, "", badRequest("can't parse inline keyboard button: InlineKeyboardButton must be an Object")
	}
	for _, row := range kb {
		for _, b := range row {
			var text string
			if err := json.Unmarshal(b["text"], &text); err != nil {
				return nil, "", badRequest(`can't parse inline keyboard button: Field "text" must be of type String`)
			}
			// go-telegram/bot v1.19.0 sends "copy_text":{"text":""} on every
			// button (a struct field with omitempty); Telegram ignores it.
			if ct, ok := b["copy_text"]; ok {
				var v struct{ Text string }
				if json.Unmarshal(ct, &v) == nil && v.Text == "" {
					delete(b, "copy_text")
				}
			}
			actions := 0
			for _, f := range buttonActions {
				if v, ok := b[f]; ok && !isJSONFalse(v) {
					actions++
				}
			}
			if actions == 0 {
				return nil, "", badRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard")
			}
			if d, ok := b["callback_data"]; ok {
				var data string
				if json.Unmarshal(d, &data) != nil || len(data) > MaxCallbackData {
					return nil, "", badRequest("BUTTON_DATA_INVALID")
				}
			}
			if u, ok := b["url"]; ok && !validButtonURL(str(u)) {
				return nil, "", badRequest("BUTTON_URL_INVALID")
			}
		}
	}
	canonical, _ := json.Marshal(kb) // maps marshal with sorted keys
	return json.RawMessage(kbWrap(kbRaw)), string(canonical), nil
}

func kbWrap(kb json.RawMessage) []byte {
	var buf bytes.Buffer
	buf.WriteString(`{"inline_keyboard":`)
	buf.Write(kb)
	buf.WriteString(`}`)
	return buf.Bytes()
}

func isJSONFalse(v json.RawMessage) bool { return string(bytes.TrimSpace(v)) == "false" }

func validButtonURL(s string) bool {
	u, err := url.Parse(s)
	if err != nil {
		return false
	}
	switch u.Scheme {
	case "http", "https":
		return u.Host != ""
	case "tg":
		return true
	}
	return false
}
