package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"

	_ "time/tzdata" // time zones must resolve on machines without a zoneinfo database

	"go.yaml.in/yaml/v3"
)

// EnvPrefix starts every environment variable that overrides a config key:
// digest.timezone is NEWSDIGEST_DIGEST_TIMEZONE.
const EnvPrefix = "NEWSDIGEST_"

// Problem is one thing wrong with a config, with where it is.
type Problem struct {
	File string
	Line int    // 0 when unknown
	Path string // dotted key path, e.g. "feeds[2].url"
	Msg  string
}

func (p Problem) String() string {
	var b strings.Builder
	if p.File != "" {
		b.WriteString(p.File)
		if p.Line > 0 {
			fmt.Fprintf(&b, ":%d", p.Line)
		}
		b.WriteString(": ")
	}
	if p.Path != "" {
		b.WriteString(p.Path + ": ")
	}
	b.WriteString(p.Msg)
	return b.String()
}

// Error lists every problem found in a config.
type Error struct{ Problems []Problem }

func (e *Error) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return fmt.Sprintf("config: %d problem(s):\n  %s", len(e.Problems), strings.Join(lines, "\n  "))
}

// Load reads, overrides from the environment, resolves and validates the
// config file at path.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	return load(data, path, os.LookupEnv, func(c *Config) { c.resolveOS(filepath.Dir(abs)) })
}

// LoadFS reads the config at name inside fsys, as for the bundled defaults:
// local feed paths resolve inside fsys, and data_dir resolves as if fsys were
// the working directory, so state lands beside where the command runs.
func LoadFS(fsys fs.FS, name string) (*Config, error) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	return load(data, "(built-in) "+name, os.LookupEnv, func(c *Config) {
		c.resolveFS(fsys, path.Dir(name))
	})
}

// Parse decodes and validates config data without resolving paths; env
// looks up overriding variables (nil: none). File names problems' origin.
func Parse(data []byte, file string, env func(string) (string, bool)) (*Config, error) {
	return load(data, file, env, nil)
}

func load(data []byte, file string, env func(string) (string, bool), resolve func(*Config)) (*Config, error) {
	cfg := Default()
	cfg.Path = file
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, &Error{Problems: []Problem{{File: file, Msg: strings.TrimPrefix(err.Error(), "yaml: ")}}}
	}
	var problems []Problem
	if len(bytes.TrimSpace(data)) > 0 {
		dec := yaml.NewDecoder(bytes.NewReader(data))
		dec.KnownFields(true)
		if err := dec.Decode(&cfg); err != nil && !errors.Is(err, io.EOF) {
			problems = append(problems, decodeProblems(file, err)...)
		}
	}
	if env != nil {
		problems = append(problems, applyEnv(&cfg, env)...)
	}
	for _, p := range cfg.Validate() {
		p.File = file
		p.Line = locate(&root, p.Path)
		problems = append(problems, p)
	}
	if len(problems) > 0 {
		return nil, &Error{Problems: problems}
	}
	if resolve != nil {
		resolve(&cfg)
	}
	return &cfg, nil
}

// decodeProblems turns yaml's "line N: message" list into problems.
func decodeProblems(file string, err error) []Problem {
	var te *yaml.TypeError
	if !errors.As(err, &te) {
		return []Problem{{File: file, Msg: strings.TrimPrefix(err.Error(), "yaml: ")}}
	}
	var out []Problem
	for _, e := range te.Errors {
		p := Problem{File: file, Msg: e}
		if rest, ok := strings.CutPrefix(e, "line "); ok {
			if num, msg, ok := strings.Cut(rest, ": "); ok {
				if n, err := strconv.Atoi(num); err == nil {
					p.Line, p.Msg = n, msg
				}
			}
		}
		// yaml names Go types; admins know keys.
		if k, ok := strings.CutPrefix(p.Msg, "field "); ok {
			if name, _, ok := strings.Cut(k, " not found"); ok {
				p.Msg = fmt.Sprintf("unknown key %q", name)
			}
		}
		out = append(out, p)
	}
	return out
}

// locate returns the line of the node at a dotted path like "feeds[2].url",
// or of its nearest existing ancestor.
func locate(root *yaml.Node, keyPath string) int {
	n := root
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	line := n.Line
	for _, seg := range splitPath(keyPath) {
		next := child(n, seg)
		if next == nil {
			break
		}
		n, line = next, next.Line
	}
	return line
}

func splitPath(p string) []string {
	var segs []string
	for _, part := range strings.Split(p, ".") {
		for part != "" {
			i := strings.IndexByte(part, '[')
			if i < 0 {
				segs = append(segs, part)
				break
			}
			if i > 0 {
				segs = append(segs, part[:i])
			}
			j := strings.IndexByte(part, ']')
			if j < i {
				break
			}
			segs = append(segs, part[i:j+1])
			part = part[j+1:]
		}
	}
	return segs
}

func child(n *yaml.Node, seg string) *yaml.Node {
	switch {
	case n.Kind == yaml.SequenceNode && strings.HasPrefix(seg, "["):
		i, err := strconv.Atoi(strings.Trim(seg, "[]"))
		if err != nil || i < 0 || i >= len(n.Content) {
			return nil
		}
		return n.Content[i]
	case n.Kind == yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == seg {
				return n.Content[i+1]
			}
		}
	}
	return nil
}

// applyEnv overrides scalar keys from NEWSDIGEST_<SECTION>_<KEY> variables
// and reads the bot token and webhook secret from the variables
// telegram.token_env and telegram.webhook.secret_env name.
func applyEnv(cfg *Config, env func(string) (string, bool)) []Problem {
	var problems []Problem
	walkScalars(reflect.ValueOf(cfg).Elem(), "", func(keyPath string, v reflect.Value) {
		name := EnvPrefix + strings.ToUpper(strings.ReplaceAll(keyPath, ".", "_"))
		s, ok := env(name)
		if !ok {
			return
		}
		if err := setScalar(v, s); err != nil {
			problems = append(problems, Problem{File: "environment", Path: name, Msg: err.Error()})
		}
	})
	cfg.Telegram.readSecrets(env)
	return problems
}

// walkScalars calls fn for every field that an environment variable can
// set: scalars and lists of scalars, not lists of feeds or topics.
func walkScalars(v reflect.Value, prefix string, fn func(string, reflect.Value)) {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		tag := strings.Split(t.Field(i).Tag.Get("yaml"), ",")[0]
		if tag == "" || tag == "-" {
			continue
		}
		f := v.Field(i)
		key := tag
		if prefix != "" {
			key = prefix + "." + tag
		}
		switch {
		case f.Kind() == reflect.Struct:
			walkScalars(f, key, fn)
		case f.Kind() == reflect.Slice && f.Type().Elem().Kind() == reflect.Struct:
		default:
			fn(key, f)
		}
	}
}

type textUnmarshaler interface{ UnmarshalText([]byte) error }

func setScalar(v reflect.Value, s string) error {
	if u, ok := v.Addr().Interface().(textUnmarshaler); ok {
		return u.UnmarshalText([]byte(s))
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(s)
	case reflect.Bool:
		b, err := strconv.ParseBool(s)
		if err != nil {
			return fmt.Errorf("want true or false, got %q", s)
		}
		v.SetBool(b)
	case reflect.Int, reflect.Int64:
		n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if err != nil {
			return fmt.Errorf("want an integer, got %q", s)
		}
		v.SetInt(n)
	case reflect.Slice:
		parts := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' })
		out := reflect.MakeSlice(v.Type(), len(parts), len(parts))
		for i, p := range parts {
			if err := setScalar(out.Index(i), p); err != nil {
				return err
			}
		}
		v.Set(out)
	default:
		return fmt.Errorf("cannot be set from the environment")
	}
	return nil
}

// IsLocal reports whether a feed URL names a local file.
func IsLocal(u string) bool {
	return strings.HasPrefix(u, "file://") || !strings.Contains(u, "://")
}

func (c *Config) resolveOS(dir string) {
	if !filepath.IsAbs(c.DataDir) {
		c.DataDir = filepath.Join(dir, c.DataDir)
	}
	for i, f := range c.Feeds {
		if IsLocal(f.URL) {
			p := strings.TrimPrefix(f.URL, "file://")
			if !filepath.IsAbs(p) {
				p = filepath.Join(dir, p)
			}
			c.Feeds[i].URL = p
		}
	}
	c.resolveStorage()
}

func (c *Config) resolveFS(fsys fs.FS, dir string) {
	c.FeedFS = fsys
	if !filepath.IsAbs(c.DataDir) {
		// As if the config sat at ./<dir>/ under the working directory.
		c.DataDir = filepath.Clean(filepath.Join(filepath.FromSlash(dir), c.DataDir))
	}
	for i, f := range c.Feeds {
		if IsLocal(f.URL) {
			c.Feeds[i].URL = path.Join(dir, strings.TrimPrefix(f.URL, "file://"))
		}
	}
	c.resolveStorage()
}

func (c *Config) resolveStorage() {
	if !filepath.IsAbs(c.Storage.Path) {
		c.Storage.Path = filepath.Join(c.DataDir, c.Storage.Path)
	}
}
