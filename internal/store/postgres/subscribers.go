package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/newsdigest/newsdigest/internal/store"
)

const subscriberColumns = `chat_id, thread_id, kind, title, topics, keywords, schedule, timezone, language, active, last_digest, created`

func (db *DB) SaveSubscriber(ctx context.Context, sub store.Subscriber) error {
	_, err := db.pool.Exec(ctx, `INSERT INTO subscribers (`+subscriberColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
		ON CONFLICT (chat_id) DO UPDATE SET thread_id = excluded.thread_id, kind = excluded.kind, title = excluded.title,
			topics = excluded.topics, keywords = excluded.keywords, schedule = excluded.schedule, timezone = excluded.timezone,
			language = excluded.language, active = excluded.active, last_digest = excluded.last_digest`,
		sub.ChatID, sub.ThreadID, sub.Kind, sub.Title, list(sub.Topics), list(sub.Keywords),
		sub.Schedule, sub.TimeZone, sub.Language, sub.Active, tstz(sub.LastDigest), tstz(sub.Created))
	return db.wrap("save subscriber", err)
}

// list keeps a nil slice from becoming NULL.
func list(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func scanSubscriber(r pgx.Row) (store.Subscriber, error) {
	var sub store.Subscriber
	err := r.Scan(&sub.ChatID, &sub.ThreadID, &sub.Kind, &sub.Title, &sub.Topics, &sub.Keywords, &sub.Schedule, &sub.TimeZone,
		&sub.Language, &sub.Active, (*tstz)(&sub.LastDigest), (*tstz)(&sub.Created))
	// An empty list reads back as nil, as it does from the SQLite store.
	if len(sub.Topics) == 0 {
		sub.Topics = nil
	}
	if len(sub.Keywords) == 0 {
		sub.Keywords = nil
	}
	return sub, err
}

func (db *DB) Subscriber(ctx context.Context, chatID int64) (store.Subscriber, bool, error) {
	sub, err := scanSubscriber(db.pool.QueryRow(ctx, `SELECT `+subscriberColumns+` FROM subscribers WHERE chat_id = $1`, chatID))
	if errors.Is(err, pgx.ErrNoRows) {
		return store.Subscriber{}, false, nil
	}
	if err != nil {
		return store.Subscriber{}, false, db.wrap("subscriber", err)
	}
	return sub, true, nil
}

func (db *DB) Subscribers(ctx context.Context) ([]store.Subscriber, error) {
	rows, err := db.pool.Query(ctx, `SELECT `+subscriberColumns+` FROM subscribers ORDER BY chat_id`)
	if err != nil {
		return nil, db.wrap("subscribers", err)
	}
	defer rows.Close()
	var out []store.Subscriber
	for rows.Next() {
		sub, err := scanSubscriber(rows)
		if err != nil {
			return nil, db.wrap("subscribers", err)
		}
		out = append(out, sub)
	}
	return out, db.wrap("subscribers", rows.Err())
}

func (db *DB) DeleteSubscriber(ctx context.Context, chatID int64) error {
	return db.tx(ctx, "delete subscriber", func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM subscribers WHERE chat_id = $1`, chatID); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `DELETE FROM outbox WHERE chat_id = $1 AND status = 'pending'`, chatID)
		return err
	})
}

func (db *DB) SetActive(ctx context.Context, chatID int64, active bool) error {
	_, err := db.pool.Exec(ctx, `UPDATE subscribers SET active = $1 WHERE chat_id = $2`, active, chatID)
	return db.wrap("set active", err)
}

func (db *DB) MoveSubscriber(ctx context.Context, from, to int64) error {
	if from == to {
		return nil // nothing moves; the delete below would drop the chat
	}
	return db.tx(ctx, "move subscriber", func(tx pgx.Tx) error {
		// The new chat may already have written to us; the old settings win.
		if _, err := tx.Exec(ctx, `DELETE FROM subscribers WHERE chat_id = $1 AND EXISTS (SELECT 1 FROM subscribers WHERE chat_id = $2)`, to, from); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE subscribers SET chat_id = $1, kind = 'supergroup' WHERE chat_id = $2`, to, from); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `UPDATE outbox SET chat_id = $1 WHERE chat_id = $2 AND status = 'pending'`, to, from)
		return err
	})
}

const outboxColumns = `id, key, chat_id, thread_id, text, html, markup, status, attempts, next_attempt, last_error, created, sent`

// insertMessages adds msgs as pending in one statement, in slice order;
// keys already in the outbox are skipped.
func insertMessages(ctx context.Context, tx pgx.Tx, msgs []store.OutMessage) error {
	if len(msgs) == 0 {
		return nil
	}
	n := len(msgs)
	keys, texts, markups := make([]string, n), make([]string, n), make([]string, n)
	chats, threads, html := make([]int64, n), make([]int, n), make([]bool, n)
	next, createdAt := make([]tstz, n), make([]tstz, n)
	for i, m := range msgs {
		keys[i], texts[i], markups[i] = m.Key, m.Text, m.Markup
		chats[i], threads[i], html[i] = m.ChatID, m.ThreadID, m.HTML
		next[i], createdAt[i] = tstz(m.NextAttempt), tstz(created(m))
	}
	_, err := tx.Exec(ctx, `INSERT INTO outbox (key, chat_id, thread_id, text, html, markup, next_attempt, created)
		SELECT key, chat_id, thread_id, text, html, markup, next_attempt, created
		FROM unnest($1::text[], $2::bigint[], $3::integer[], $4::text[], $5::boolean[], $6::text[], $7::timestamptz[], $8::timestamptz[])
			WITH ORDINALITY AS m(key, chat_id, thread_id, text, html, markup, next_attempt, created, ord)
		ORDER BY ord
		ON CONFLICT (key) DO NOTHING`,
		keys, chats, threads, texts, html, markups, next, createdAt)
	return err
}

// created is when m was made, now if it does not say.
func created(m store.OutMessage) time.Time {
	if m.Created.IsZero() {
		return time.Now()
	}
	return m.Created
}

func (db *DB) EnqueueDigest(ctx context.Context, chatID int64, at time.Time, msgs []store.OutMessage) error {
	return db.tx(ctx, "enqueue digest", func(tx pgx.Tx) error {
		// A run another instance enqueued first (its first key is there)
		// is not enqueued again, not even a part the other run lacked. The
		// first key's insert waits for a concurrent one to commit.
		if len(msgs) > 0 {
			tag, err := tx.Exec(ctx, `INSERT INTO outbox (key, chat_id, thread_id, text, html, markup, next_attempt, created)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (key) DO NOTHING`,
				msgs[0].Key, msgs[0].ChatID, msgs[0].ThreadID, msgs[0].Text, msgs[0].HTML, msgs[0].Markup, tstz(msgs[0].NextAttempt), tstz(created(msgs[0])))
			if err != nil || tag.RowsAffected() == 0 {
				return err
			}
		}
		if err := insertMessages(ctx, tx, msgs[min(1, len(msgs)):]); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `UPDATE subscribers SET last_digest = $1 WHERE chat_id = $2 AND last_digest < $1`, tstz(at), chatID)
		return err
	})
}

func (db *DB) Enqueue(ctx context.Context, msgs []store.OutMessage) error {
	if len(msgs) == 0 {
		return nil
	}
	return db.tx(ctx, "enqueue", func(tx pgx.Tx) error { return insertMessages(ctx, tx, msgs) })
}

// DueMessages reads due messages without claiming them.
func (db *DB) DueMessages(ctx context.Context, now time.Time, limit int) ([]store.OutMessage, error) {
	return db.scanMessages(ctx, "due messages", `SELECT `+outboxColumns+` FROM outbox WHERE status = 'pending' AND next_attempt <= $1
		ORDER BY id LIMIT $2`, tstz(now), limit)
}

func (db *DB) ClaimDue(ctx context.Context, owner string, now time.Time, lease time.Duration, limit int) ([]store.OutMessage, error) {
	rows, err := db.pool.Query(ctx, `INSERT INTO chat_leases (chat_id, owner, until)
		SELECT DISTINCT chat_id, $1, $2::timestamptz FROM (
			SELECT chat_id FROM outbox o WHERE status = 'pending' AND next_attempt <= $3
				AND NOT EXISTS (SELECT 1 FROM chat_leases l WHERE l.chat_id = o.chat_id AND l.until > $3 AND l.owner <> $1)
			ORDER BY id LIMIT $4) due
		ON CONFLICT (chat_id) DO UPDATE SET owner = excluded.owner, until = excluded.until
			WHERE chat_leases.until <= $3 OR chat_leases.owner = excluded.owner
		RETURNING chat_id`, owner, tstz(now.Add(lease)), tstz(now), limit)
	if err != nil {
		return nil, db.wrap("claim due", err)
	}
	chats, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil || len(chats) == 0 {
		return nil, db.wrap("claim due", err)
	}
	return db.scanMessages(ctx, "claim due", `SELECT `+outboxColumns+` FROM outbox WHERE status = 'pending' AND next_attempt <= $1
		AND chat_id = ANY($2) ORDER BY id LIMIT $3`, tstz(now), chats, limit)
}

func (db *DB) scanMessages(ctx context.Context, op, query string, args ...any) ([]store.OutMessage, error) {
	rows, err := db.pool.Query(ctx, query, args...)
	if err != nil {
		return nil, db.wrap(op, err)
	}
	defer rows.Close()
	var out []store.OutMessage
	for rows.Next() {
		var m store.OutMessage
		if err := rows.Scan(&m.ID, &m.Key, &m.ChatID, &m.ThreadID, &m.Text, &m.HTML, &m.Markup, &m.Status, &m.Attempts,
			(*tstz)(&m.NextAttempt), &m.LastError, (*tstz)(&m.Created), (*tstz)(&m.Sent)); err != nil {
			return nil, db.wrap(op, err)
		}
		out = append(out, m)
	}
	return out, db.wrap(op, rows.Err())
}

func (db *DB) MarkSent(ctx context.Context, id int64, at time.Time) error {
	_, err := db.pool.Exec(ctx, `UPDATE outbox SET status = 'sent', sent = $1, attempts = attempts + 1, last_error = '' WHERE id = $2`, tstz(at), id)
	return db.wrap("mark sent", err)
}

func (db *DB) MarkRetry(ctx context.Context, id int64, next time.Time, errText string) error {
	_, err := db.pool.Exec(ctx, `UPDATE outbox SET attempts = attempts + 1, next_attempt = $1, last_error = $2 WHERE id = $3`, tstz(next), errText, id)
	return db.wrap("mark retry", err)
}

func (db *DB) MarkFailed(ctx context.Context, id int64, errText string) error {
	_, err := db.pool.Exec(ctx, `UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = $1 WHERE id = $2`, errText, id)
	return db.wrap("mark failed", err)
}

func (db *DB) OutboxDepth(ctx context.Context) (int, error) {
	var n int
	err := db.pool.QueryRow(ctx, `SELECT count(*) FROM outbox WHERE status = 'pending'`).Scan(&n)
	return n, db.wrap("outbox depth", err)
}

func (db *DB) ReleaseFeeds(ctx context.Context, owner string) error {
	_, err := db.pool.Exec(ctx, `UPDATE feed_state SET lease_owner = '', lease_until = '-infinity' WHERE lease_owner = $1`, owner)
	return db.wrap("release feeds", err)
}

func (db *DB) ReleaseChats(ctx context.Context, owner string) error {
	_, err := db.pool.Exec(ctx, `DELETE FROM chat_leases WHERE owner = $1`, owner)
	return db.wrap("release chats", err)
}

func (db *DB) ClaimLease(ctx context.Context, name, owner string, now time.Time, lease time.Duration) (bool, error) {
	var got string
	err := db.pool.QueryRow(ctx, `INSERT INTO leases (name, owner, until) VALUES ($1, $2, $3)
		ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, until = excluded.until
			WHERE leases.until <= $4 OR leases.owner = excluded.owner
		RETURNING owner`, name, owner, tstz(now.Add(lease)), tstz(now)).Scan(&got)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	return err == nil, db.wrap("claim lease "+name, err)
}

func (db *DB) ReleaseLease(ctx context.Context, name, owner string) error {
	_, err := db.pool.Exec(ctx, `DELETE FROM leases WHERE name = $1 AND owner = $2`, name, owner)
	return db.wrap("release lease "+name, err)
}
