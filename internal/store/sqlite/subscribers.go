package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/newsdigest/newsdigest/internal/store"
)

const subscriberColumns = `chat_id, thread_id, kind, title, topics, keywords, schedule, timezone, language, active, last_digest, created`

func (s *DB) SaveSubscriber(ctx context.Context, sub store.Subscriber) error {
	_, err := s.exec(ctx, `INSERT INTO subscribers (`+subscriberColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (chat_id) DO UPDATE SET thread_id=excluded.thread_id, kind=excluded.kind, title=excluded.title,
			topics=excluded.topics, keywords=excluded.keywords, schedule=excluded.schedule, timezone=excluded.timezone,
			language=excluded.language, active=excluded.active, last_digest=excluded.last_digest`,
		sub.ChatID, sub.ThreadID, sub.Kind, sub.Title, strings.Join(sub.Topics, ","), strings.Join(sub.Keywords, "\n"),
		sub.Schedule, sub.TimeZone, sub.Language, sub.Active, toUnix(sub.LastDigest), toUnix(sub.Created))
	return wrap("save subscriber", err)
}

type scanner interface{ Scan(dest ...any) error }

func scanSubscriber(r scanner) (store.Subscriber, error) {
	var sub store.Subscriber
	var topics, keywords string
	var last, created int64
	err := r.Scan(&sub.ChatID, &sub.ThreadID, &sub.Kind, &sub.Title, &topics, &keywords, &sub.Schedule, &sub.TimeZone,
		&sub.Language, &sub.Active, &last, &created)
	sub.Topics, sub.Keywords = split(topics, ","), split(keywords, "\n")
	sub.LastDigest, sub.Created = fromUnix(last), fromUnix(created)
	return sub, err
}

func split(s, sep string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, sep)
}

func (s *DB) Subscriber(ctx context.Context, chatID int64) (store.Subscriber, bool, error) {
	sub, err := scanSubscriber(s.db.QueryRowContext(ctx, `SELECT `+subscriberColumns+` FROM subscribers WHERE chat_id = ?`, chatID))
	if errors.Is(err, sql.ErrNoRows) {
		return store.Subscriber{}, false, nil
	}
	if err != nil {
		return store.Subscriber{}, false, wrap("subscriber", err)
	}
	return sub, true, nil
}

func (s *DB) Subscribers(ctx context.Context) ([]store.Subscriber, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+subscriberColumns+` FROM subscribers ORDER BY chat_id`)
	if err != nil {
		return nil, wrap("subscribers", err)
	}
	defer rows.Close()
	var out []store.Subscriber
	for rows.Next() {
		sub, err := scanSubscriber(rows)
		if err != nil {
			return nil, wrap("subscribers", err)
		}
		out = append(out, sub)
	}
	return out, wrap("subscribers", rows.Err())
}

func (s *DB) DeleteSubscriber(ctx context.Context, chatID int64) error {
	return s.tx(ctx, "delete subscriber", func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM subscribers WHERE chat_id = ?`, chatID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM outbox WHERE chat_id = ? AND status = 'pending'`, chatID)
		return err
	})
}

func (s *DB) SetActive(ctx context.Context, chatID int64, active bool) error {
	_, err := s.exec(ctx, `UPDATE subscribers SET active = ? WHERE chat_id = ?`, active, chatID)
	return wrap("set active", err)
}

func (s *DB) MoveSubscriber(ctx context.Context, from, to int64) error {
	if from == to {
		return nil
	}
	return s.tx(ctx, "move subscriber", func(tx *sql.Tx) error {
		// The new chat may already have written to us; the old settings win.
		if _, err := tx.ExecContext(ctx, `DELETE FROM subscribers WHERE chat_id = ? AND EXISTS (SELECT 1 FROM subscribers WHERE chat_id = ?)`, to, from); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE subscribers SET chat_id = ?, kind = 'supergroup' WHERE chat_id = ?`, to, from); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE outbox SET chat_id = ? WHERE chat_id = ? AND status = 'pending'`, to, from)
		return err
	})
}

// tx runs fn in a transaction.
func (s *DB) tx(ctx context.Context, op string, fn func(*sql.Tx) error) error {
	tx, end, err := s.begin(ctx)
	if err != nil {
		return wrap(op, err)
	}
	defer end()
	if err := fn(tx); err != nil {
		return wrap(op, err)
	}
	return wrap(op, tx.Commit())
}

const outboxColumns = `id, key, chat_id, thread_id, text, html, markup, status, attempts, next_attempt, last_error, created, sent`

func insertMessages(ctx context.Context, tx *sql.Tx, msgs []store.OutMessage) error {
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO outbox (key, chat_id, thread_id, text, html, markup, status, next_attempt, created)
		VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?) ON CONFLICT (key) DO NOTHING`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, m := range msgs {
		created := m.Created
		if created.IsZero() {
			created = time.Now()
		}
		if _, err := stmt.ExecContext(ctx, m.Key, m.ChatID, m.ThreadID, m.Text, m.HTML, m.Markup, toUnix(m.NextAttempt), toUnix(created)); err != nil {
			return err
		}
	}
	return nil
}

func (s *DB) EnqueueDigest(ctx context.Context, chatID int64, at time.Time, msgs []store.OutMessage) error {
	return s.tx(ctx, "enqueue digest", func(tx *sql.Tx) error {
		// A run another instance enqueued first (its first key is there)
		// is not enqueued again, not even a part the other run lacked.
		if len(msgs) > 0 {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM outbox WHERE key = ?`, msgs[0].Key).Scan(&n); err != nil || n > 0 {
				return err
			}
		}
		if err := insertMessages(ctx, tx, msgs); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE subscribers SET last_digest = ? WHERE chat_id = ? AND last_digest < ?`, toUnix(at), chatID, toUnix(at))
		return err
	})
}

func (s *DB) Enqueue(ctx context.Context, msgs []store.OutMessage) error {
	return s.tx(ctx, "enqueue", func(tx *sql.Tx) error { return insertMessages(ctx, tx, msgs) })
}

func (s *DB) DueMessages(ctx context.Context, now time.Time, limit int) ([]store.OutMessage, error) {
	return s.scanMessages(ctx, "due messages", `SELECT `+outboxColumns+` FROM outbox WHERE status = 'pending' AND next_attempt <= ?
		ORDER BY id LIMIT ?`, toUnix(now), limit)
}

func (s *DB) scanMessages(ctx context.Context, op, query string, args ...any) ([]store.OutMessage, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, wrap(op, err)
	}
	defer rows.Close()
	var out []store.OutMessage
	for rows.Next() {
		var m store.OutMessage
		var next, created, sent int64
		if err := rows.Scan(&m.ID, &m.Key, &m.ChatID, &m.ThreadID, &m.Text, &m.HTML, &m.Markup, &m.Status, &m.Attempts,
			&next, &m.LastError, &created, &sent); err != nil {
			return nil, wrap(op, err)
		}
		m.NextAttempt, m.Created, m.Sent = fromUnix(next), fromUnix(created), fromUnix(sent)
		out = append(out, m)
	}
	return out, wrap(op, rows.Err())
}

func (s *DB) MarkSent(ctx context.Context, id int64, at time.Time) error {
	_, err := s.exec(ctx, `UPDATE outbox SET status = 'sent', sent = ?, attempts = attempts + 1, last_error = '' WHERE id = ?`, toUnix(at), id)
	return wrap("mark sent", err)
}

func (s *DB) MarkRetry(ctx context.Context, id int64, next time.Time, errText string) error {
	_, err := s.exec(ctx, `UPDATE outbox SET attempts = attempts + 1, next_attempt = ?, last_error = ? WHERE id = ?`, toUnix(next), errText, id)
	return wrap("mark retry", err)
}

func (s *DB) MarkFailed(ctx context.Context, id int64, errText string) error {
	_, err := s.exec(ctx, `UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = ? WHERE id = ?`, errText, id)
	return wrap("mark failed", err)
}

func (s *DB) OutboxDepth(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM outbox WHERE status = 'pending'`).Scan(&n)
	return n, wrap("outbox depth", err)
}

func (s *DB) Prune(ctx context.Context, before time.Time) (int, error) {
	var n int64
	err := s.tx(ctx, "prune", func(tx *sql.Tx) error {
		cut := toUnix(before)
		if _, err := tx.ExecContext(ctx, `DELETE FROM pages WHERE article_id IN (SELECT id FROM articles WHERE published < ?)`, cut); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM assignments WHERE article_id IN (SELECT id FROM articles WHERE published < ?)`, cut); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM articles WHERE published < ?`, cut)
		if err != nil {
			return err
		}
		n, _ = res.RowsAffected()
		_, err = tx.ExecContext(ctx, `DELETE FROM outbox WHERE status != 'pending' AND created < ?`, cut)
		return err
	})
	return int(n), err
}

func (s *DB) ClaimDue(ctx context.Context, owner string, now time.Time, lease time.Duration, limit int) ([]store.OutMessage, error) {
	var chats []int64
	err := s.tx(ctx, "claim due", func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `INSERT INTO chat_leases (chat_id, owner, until)
			SELECT DISTINCT chat_id, ?, ? FROM (
				SELECT chat_id FROM outbox o WHERE status = 'pending' AND next_attempt <= ?
					AND NOT EXISTS (SELECT 1 FROM chat_leases l WHERE l.chat_id = o.chat_id AND l.until > ? AND l.owner <> ?)
				ORDER BY id LIMIT ?) WHERE true
			ON CONFLICT (chat_id) DO UPDATE SET owner = excluded.owner, until = excluded.until
				WHERE chat_leases.until <= ? OR chat_leases.owner = excluded.owner
			RETURNING chat_id`,
			owner, toUnix(now.Add(lease)), toUnix(now), toUnix(now), owner, limit, toUnix(now))
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var c int64
			if err := rows.Scan(&c); err != nil {
				return err
			}
			chats = append(chats, c)
		}
		return rows.Err()
	})
	if err != nil || len(chats) == 0 {
		return nil, err
	}
	args := []any{toUnix(now)}
	for _, c := range chats {
		args = append(args, c)
	}
	args = append(args, limit)
	return s.scanMessages(ctx, "claim due", `SELECT `+outboxColumns+` FROM outbox WHERE status = 'pending' AND next_attempt <= ?
		AND chat_id IN (?`+strings.Repeat(",?", len(chats)-1)+`) ORDER BY id LIMIT ?`, args...)
}

func (s *DB) ClaimFeeds(ctx context.Context, owner string, ids []string, now time.Time, lease time.Duration) ([]string, error) {
	var out []string
	err := s.tx(ctx, "claim feeds", func(tx *sql.Tx) error {
		stmt, err := tx.PrepareContext(ctx, `INSERT INTO feed_state (feed_id, lease_owner, lease_until) VALUES (?, ?, ?)
			ON CONFLICT (feed_id) DO UPDATE SET lease_owner = excluded.lease_owner, lease_until = excluded.lease_until
				WHERE feed_state.next_poll <= ? AND (feed_state.lease_until <= ? OR feed_state.lease_owner = excluded.lease_owner)
			RETURNING feed_id`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for _, id := range ids {
			var got string
			err := stmt.QueryRowContext(ctx, id, owner, toUnix(now.Add(lease)), toUnix(now), toUnix(now)).Scan(&got)
			switch {
			case errors.Is(err, sql.ErrNoRows):
			case err != nil:
				return err
			default:
				out = append(out, got)
			}
		}
		return nil
	})
	return out, err
}

func (s *DB) ReleaseFeeds(ctx context.Context, owner string) error {
	_, err := s.exec(ctx, `UPDATE feed_state SET lease_owner = '', lease_until = 0 WHERE lease_owner = ?`, owner)
	return wrap("release feeds", err)
}

func (s *DB) ReleaseChats(ctx context.Context, owner string) error {
	_, err := s.exec(ctx, `DELETE FROM chat_leases WHERE owner = ?`, owner)
	return wrap("release chats", err)
}

func (s *DB) ClaimLease(ctx context.Context, name, owner string, now time.Time, lease time.Duration) (bool, error) {
	unlock, err := s.lock(ctx)
	if err != nil {
		return false, wrap("claim lease "+name, err)
	}
	defer unlock()
	var got string
	err = s.db.QueryRowContext(ctx, `INSERT INTO leases (name, owner, until) VALUES (?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, until = excluded.until
			WHERE leases.until <= ? OR leases.owner = excluded.owner
		RETURNING owner`, name, owner, toUnix(now.Add(lease)), toUnix(now)).Scan(&got)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, wrap("claim lease "+name, err)
}

func (s *DB) ReleaseLease(ctx context.Context, name, owner string) error {
	_, err := s.exec(ctx, `DELETE FROM leases WHERE name = ? AND owner = ?`, name, owner)
	return wrap("release lease "+name, err)
}
