// Package schedule decides when each subscriber's digest is due: schedules
// typed by people ("daily 08:00", "weekdays 7:30", a cron expression) become
// validated cron specs, and a Scheduler fires each chat's job at its own
// times in its own time zone.
package schedule // import "github.com/newsdigest/newsdigest/internal/schedule"

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/newsdigest/newsdigest/internal/config"
	"github.com/newsdigest/newsdigest/internal/i18n"
)

// Presets are accepted as text by Name and offered as buttons labelled in
// the reader's language.
var Presets = []struct {
	Name, Spec string
	Label      i18n.Key
}{
	{"daily 08:00", "0 8 * * *", i18n.PresetDaily},
	{"twice daily", "0 8,18 * * *", i18n.PresetTwiceDaily},
	{"weekdays 07:30", "30 7 * * 1-5", i18n.PresetWeekdays},
	{"weekly (Monday 08:00)", "0 8 * * 1", i18n.PresetWeekly},
}

var clockRe = regexp.MustCompile(`^(\d{1,2})(?::(\d{2}))?$`)

// Parse turns what a person typed into a 5-field cron spec. It accepts
// "daily HH:MM", "weekdays HH:MM", "weekends HH:MM", "twice daily",
// "HH:MM[,HH:MM...]" (every day at those times), a preset name, or a cron
// expression. The spec is rebuilt from parsed fields, never passed through,
// and checked by the cron parser (safely: it panics on some inputs).
func Parse(input string) (string, error) {
	in := strings.ToLower(strings.Join(strings.Fields(input), " "))
	if in == "" {
		return "", fmt.Errorf("say when, e.g. \"daily 08:00\", \"weekdays 7:30\" or a cron expression like \"0 8 * * 1-5\"")
	}
	for _, p := range Presets {
		if strings.EqualFold(in, p.Name) {
			return p.Spec, nil
		}
	}
	if in == "twice daily" {
		return "0 8,18 * * *", nil
	}
	days := "*"
	rest := in
	for prefix, d := range map[string]string{"daily ": "*", "every day ": "*", "weekdays ": "1-5", "weekends ": "0,6"} {
		if r, ok := strings.CutPrefix(in, prefix); ok {
			days, rest = d, r
			break
		}
	}
	if spec, err := clocks(rest, days); err == nil {
		return spec, nil
	} else if days != "*" || strings.Contains(rest, ":") {
		return "", err
	}
	fields := strings.Fields(in)
	if len(fields) != 5 {
		return "", fmt.Errorf("%q is not a schedule: use \"daily 08:00\", \"weekdays 7:30\", \"08:00,18:00\" or a 5-field cron expression", input)
	}
	spec := strings.Join(fields, " ")
	if _, err := config.ParseSchedule(spec); err != nil {
		return "", err
	}
	return spec, nil
}

// clocks parses "8:00" or "08:00,18:30" into a spec on the given days.
// Times that differ in minutes need one spec each; keep it simple and
// require one minute value for all times.
func clocks(s, days string) (string, error) {
	var hours []string
	minute := -1
	for _, part := range strings.Split(s, ",") {
		m := clockRe.FindStringSubmatch(strings.TrimSpace(part))
		if m == nil {
			return "", fmt.Errorf("%q is not a time of day like 08:00", part)
		}
		h, _ := strconv.Atoi(m[1])
		mm := 0
		if m[2] != "" {
			mm, _ = strconv.Atoi(m[2])
		}
		if h > 23 || mm > 59 {
			return "", fmt.Errorf("%q is not a time of day (00:00-23:59)", part)
		}
		if minute >= 0 && mm != minute {
			return "", fmt.Errorf("several times must share their minutes (e.g. 08:00,18:00)")
		}
		minute = mm
		hours = append(hours, strconv.Itoa(h))
	}
	return fmt.Sprintf("%d %s * * %s", minute, strings.Join(hours, ","), days), nil
}

// Describe renders a spec for people in lang ("08:00 every day").
func Describe(lang, spec, tz string) string {
	f := strings.Fields(spec)
	if len(f) == 5 && f[2] == "*" && f[3] == "*" && !strings.ContainsAny(f[0]+f[1], "*/-") {
		var times []string
		for _, h := range strings.Split(f[1], ",") {
			hh, _ := strconv.Atoi(h)
			mm, _ := strconv.Atoi(f[0])
			times = append(times, fmt.Sprintf("%02d:%02d", hh, mm))
		}
		var days string
		switch f[4] {
		case "*":
			days = i18n.T(lang, i18n.EveryDay)
		case "1-5":
			days = i18n.T(lang, i18n.OnWeekdays)
		case "0,6":
			days = i18n.T(lang, i18n.OnWeekends)
		case "1":
			days = i18n.T(lang, i18n.OnMondays)
		default:
			days = i18n.T(lang, i18n.OnDays, f[4])
		}
		return i18n.T(lang, i18n.ScheduleAt, strings.Join(times, i18n.T(lang, i18n.TimesAnd)), days, tz)
	}
	return i18n.T(lang, i18n.ScheduleCron, spec, tz)
}

// compile turns a validated spec and zone into a schedule in that zone.
// The zone is set on the parsed schedule rather than prefixed as CRON_TZ=
// to the text, so no user text reaches the parser's zone handling.
func compile(spec, tz string) (cron.Schedule, error) {
	loc, err := config.LoadLocation(tz)
	if err != nil {
		return nil, err
	}
	s, err := config.ParseSchedule(spec)
	if err != nil {
		return nil, err
	}
	ss, ok := s.(*cron.SpecSchedule)
	if !ok {
		return nil, fmt.Errorf("schedule %q: want times of day, not an interval", spec)
	}
	c := *ss
	c.Location = loc
	return &c, nil
}

// Next returns the first time after t that spec fires in zone tz.
func Next(spec, tz string, t time.Time) (time.Time, error) {
	s, err := compile(spec, tz)
	if err != nil {
		return time.Time{}, err
	}
	return s.Next(t), nil
}
