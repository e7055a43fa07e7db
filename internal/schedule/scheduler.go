package schedule

import (
	"context"
	"sort"
	"sync"
	"time"

	"github.com/robfig/cron/v3"
)

// Clock is the scheduler's time source; tests pass a fake one.
type Clock interface {
	Now() time.Time
	// After waits like time.After.
	After(d time.Duration) <-chan time.Time
}

// RealClock is the wall clock.
type RealClock struct{}

func (RealClock) Now() time.Time                         { return time.Now() }
func (RealClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// Job is run when a chat's digest is due; at is the scheduled time.
type Job func(ctx context.Context, chatID int64, at time.Time)

// Scheduler fires each chat's job at the times of its own schedule, in its
// own time zone. Jobs run one at a time, in due order, so a burst at 08:00
// is worked off in order rather than all at once.
type Scheduler struct {
	clock Clock
	job   Job
	mu    sync.Mutex
	plan  map[int64]*entry
	wake  chan struct{}
}

type entry struct {
	sched cron.Schedule
	next  time.Time
}

// New returns a scheduler that runs job.
func New(clock Clock, job Job) *Scheduler {
	return &Scheduler{clock: clock, job: job, plan: map[int64]*entry{}, wake: make(chan struct{}, 1)}
}

// Set plans (or re-plans) a chat's digests.
func (s *Scheduler) Set(chatID int64, spec, tz string) error {
	sched, err := compile(spec, tz)
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.plan[chatID] = &entry{sched: sched, next: sched.Next(s.clock.Now())}
	s.mu.Unlock()
	s.poke()
	return nil
}

// Remove stops a chat's digests.
func (s *Scheduler) Remove(chatID int64) {
	s.mu.Lock()
	delete(s.plan, chatID)
	s.mu.Unlock()
	s.poke()
}

// NextRun returns when a chat's next digest is due.
func (s *Scheduler) NextRun(chatID int64) (time.Time, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.plan[chatID]
	if !ok {
		return time.Time{}, false
	}
	return e.next, true
}

func (s *Scheduler) poke() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// maxSleep bounds a wait so that a clock jump (suspend, NTP) is noticed.
const maxSleep = time.Minute

// Run fires jobs until ctx ends.
func (s *Scheduler) Run(ctx context.Context) error {
	for {
		for _, d := range s.due() {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			s.job(ctx, d.chat, d.at)
		}
		wait := maxSleep
		if next, ok := s.earliest(); ok {
			wait = min(wait, max(next.Sub(s.clock.Now()), 0))
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-s.wake:
		case <-s.clock.After(wait):
		}
	}
}

type due struct {
	chat int64
	at   time.Time
}

// due takes the runs whose time has come and plans each chat's next one.
// A run missed by more than one period (the process was down) fires once,
// not once per missed period.
func (s *Scheduler) due() []due {
	now := s.clock.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []due
	for chat, e := range s.plan {
		if e.next.IsZero() || e.next.After(now) {
			continue
		}
		out = append(out, due{chat, e.next})
		e.next = e.sched.Next(now)
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].at.Equal(out[j].at) {
			return out[i].at.Before(out[j].at)
		}
		return out[i].chat < out[j].chat
	})
	return out
}

func (s *Scheduler) earliest() (time.Time, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var best time.Time
	for _, e := range s.plan {
		if !e.next.IsZero() && (best.IsZero() || e.next.Before(best)) {
			best = e.next
		}
	}
	return best, !best.IsZero()
}
