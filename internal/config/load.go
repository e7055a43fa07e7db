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
	"slices"
	"sort"
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
	// failed holds the key paths whose values could not be read. They keep
	// their defaults (or are left out), so validating them, or keys checked
	// against them, would blame the admin for values they never wrote.
	failed := map[string]bool{}
	if len(bytes.TrimSpace(data)) > 0 {
		dec := yaml.NewDecoder(bytes.NewReader(data))
		dec.KnownFields(true)
		err := dec.Decode(&cfg)
		var te *yaml.TypeError
		if err != nil && !errors.Is(err, io.EOF) && !errors.As(err, &te) {
			// The decoder gave up half-way; validating what it filled in
			// would report problems that are not there.
			return nil, &Error{Problems: []Problem{{File: file, Msg: strings.TrimPrefix(err.Error(), "yaml: ")}}}
		}
		sc := scanner{fails: map[string][]failure{}}
		sc.walk(&root, reflect.ValueOf(&cfg).Elem(), "", 0)
		if te != nil {
			problems = append(problems, sc.decodeProblems(file, te, failed)...)
		}
		for _, e := range sc.empty {
			problems = append(problems, Problem{File: file, Line: e.node.Line, Path: e.path, Msg: "empty entry; delete it or fill it in"})
			failed[e.path] = true
		}
	}
	var from map[string]string // key path → the variable that set it
	if env != nil {
		var envProblems []Problem
		envProblems, from = applyEnv(&cfg, env)
		for k := range from {
			delete(failed, k) // the file's bad value is not the one in effect
		}
		for _, p := range envProblems {
			failed[p.Path] = true
		}
		problems = append(problems, envProblems...)
	}
	for _, f := range cfg.validate() {
		if underAny(failed, f.Path) || slices.ContainsFunc(f.deps, func(d string) bool { return underAny(failed, d) }) {
			continue
		}
		problems = append(problems, place(f, file, &root, from))
	}
	if len(problems) > 0 {
		return nil, &Error{Problems: sortProblems(problems, file)}
	}
	if resolve != nil {
		resolve(&cfg)
	}
	return &cfg, nil
}

// place says where a validation problem comes from: the environment
// variable that set its key, or the file's line for the key. A problem
// with a key the file leaves at its default, found against another key,
// is that key's: its variable's, or its line.
func place(f finding, file string, root *yaml.Node, from map[string]string) Problem {
	p := f.Problem
	if name, ok := from[p.Path]; ok {
		p.File = envFile(name)
		return p
	}
	line, found := find(root, p.Path)
	p.File, p.Line = file, line
	for _, d := range f.deps {
		name, env := from[d]
		dline, dfound := find(root, d)
		switch {
		case env && !found:
			p.File, p.Line = envFile(name), 0
			return p
		case env:
			p.Msg += fmt.Sprintf(" (%s is set by %s)", d, name)
		case dfound && !found:
			p.Line, found = dline, true
		}
	}
	return p
}

// envFile is what a problem with the value of an environment variable
// names as its origin, in place of a file.
func envFile(name string) string { return "environment " + name }

// underAny reports whether keyPath is one of paths or lies beneath one.
func underAny(paths map[string]bool, keyPath string) bool {
	for p := range paths {
		if p == "" || keyPath == p || strings.HasPrefix(keyPath, p+".") || strings.HasPrefix(keyPath, p+"[") {
			return true
		}
	}
	return false
}

// sortProblems drops repeated problems and orders the rest: the file's by
// line, then the environment's.
func sortProblems(ps []Problem, file string) []Problem {
	seen := map[Problem]bool{}
	out := ps[:0]
	for _, p := range ps {
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if (a.File == file) != (b.File == file) {
			return a.File == file
		}
		return a.File == file && a.Line < b.Line
	})
	return out
}

// decodeProblems turns yaml's "line N: message" list into problems, naming
// the key of each value the scan found to fail, and adds those keys to
// failed.
func (sc *scanner) decodeProblems(file string, te *yaml.TypeError, failed map[string]bool) []Problem {
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
		if q := sc.fails[e]; len(q) > 0 {
			f := q[0]
			sc.fails[e] = q[1:]
			p.Path = f.path
			if strings.HasPrefix(p.Msg, "cannot unmarshal ") {
				p.Path, p.Msg = f.explain(p.Msg)
			}
			failed[f.path] = true
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

// scanner walks the YAML tree beside the decoded config to learn the key
// path of every value the decoder refused (its messages have only a line)
// and to keep list entries at their indices in the file.
type scanner struct {
	fails map[string][]failure // by the decoder's message, in file order
	empty []failure            // null entries of lists of feeds or topics
}

// failure is a value that did not decode into its field.
type failure struct {
	path string
	node *yaml.Node
	typ  reflect.Type
}

// maxScanDepth bounds the walk; the config is far shallower.
const maxScanDepth = 16

func (sc *scanner) walk(n *yaml.Node, v reflect.Value, keyPath string, depth int) {
	n = resolveAlias(n)
	if n == nil || depth > maxScanDepth {
		return
	}
	if n.Kind == yaml.DocumentNode {
		if len(n.Content) > 0 {
			sc.walk(n.Content[0], v, keyPath, depth+1)
		}
		return
	}
	if n.ShortTag() == "!!null" {
		return // the decoder leaves the field as it was
	}
	t := v.Type()
	switch {
	case t.Kind() == reflect.Struct:
		if n.Kind != yaml.MappingNode {
			sc.probe(n, t, keyPath)
			return
		}
		// The decoder skips a whole mapping with a key given twice.
		if sc.probe(n, reflect.TypeOf(struct{}{}), keyPath) {
			return
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := resolveAlias(n.Content[i])
			if k == nil {
				continue
			}
			if f, ok := fieldByKey(t, k.Value); ok {
				sc.walk(n.Content[i+1], v.Field(f), joinKey(keyPath, k.Value), depth+1)
			}
		}
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Struct:
		if n.Kind != yaml.SequenceNode {
			sc.probe(n, t, keyPath)
			return
		}
		sc.align(n, v, keyPath)
		for i, c := range n.Content {
			if i < v.Len() {
				sc.walk(c, v.Index(i), fmt.Sprintf("%s[%d]", keyPath, i), depth+1)
			}
		}
	default:
		sc.probe(n, t, keyPath)
	}
}

// probe decodes n alone into a new value of type t, as the decoder did
// into the config, and records its complaints; it reports whether there
// were any.
func (sc *scanner) probe(n *yaml.Node, t reflect.Type, keyPath string) bool {
	var te *yaml.TypeError
	if err := n.Decode(reflect.New(t).Interface()); !errors.As(err, &te) {
		return false
	}
	for _, e := range te.Errors {
		sc.fails[e] = append(sc.fails[e], failure{keyPath, n, t})
	}
	return true
}

// align puts the entries of a list of feeds or topics back at their
// indices in the file: the decoder leaves out entries it cannot read
// (empty ones, a string where a mapping belongs, a mapping with a key
// twice), so that feeds[3] would be the file's fourth entry or its fifth.
// The gaps become zero values, and failed keys or empty entries, so the
// config is refused.
func (sc *scanner) align(n *yaml.Node, v reflect.Value, keyPath string) {
	dropped := make([]bool, len(n.Content))
	count := 0
	for i, c := range n.Content {
		c = resolveAlias(c)
		switch {
		case c == nil || c.ShortTag() == "!!null":
			sc.empty = append(sc.empty, failure{fmt.Sprintf("%s[%d]", keyPath, i), n.Content[i], v.Type().Elem()})
		case c.Kind != yaml.MappingNode || hasDuplicateKey(c):
		default:
			continue
		}
		dropped[i] = true
		count++
	}
	if count == 0 || v.Len() != len(n.Content)-count {
		return // nothing left out, or not as expected: leave it be
	}
	out := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
	for i, j := 0, 0; i < len(n.Content); i++ {
		if !dropped[i] {
			out.Index(i).Set(v.Index(j))
			j++
		}
	}
	v.Set(out)
}

// hasDuplicateKey reports whether a mapping has a key twice, as the
// decoder sees it.
func hasDuplicateKey(m *yaml.Node) bool {
	for i := 0; i < len(m.Content); i += 2 {
		for j := i + 2; j < len(m.Content); j += 2 {
			if m.Content[i].Kind == m.Content[j].Kind && m.Content[i].Value == m.Content[j].Value {
				return true
			}
		}
	}
	return false
}

// resolveAlias follows aliases to the node they name.
func resolveAlias(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < maxScanDepth; i++ {
		n = n.Alias
	}
	if n != nil && n.Kind == yaml.AliasNode {
		return nil
	}
	return n
}

// fieldByKey finds the field of struct type t with the YAML key name.
func fieldByKey(t reflect.Type, name string) (int, bool) {
	for i := 0; i < t.NumField(); i++ {
		if tag := strings.Split(t.Field(i).Tag.Get("yaml"), ",")[0]; tag != "" && tag != "-" && tag == name {
			return i, true
		}
	}
	return 0, false
}

func joinKey(prefix, key string) string {
	if prefix == "" {
		return key
	}
	return prefix + "." + key
}

// explain restates the decoder's "cannot unmarshal !!str `many` into int",
// which names Go types and cuts long values short, in the admin's terms,
// and names the entry of a list it is about.
func (f failure) explain(msg string) (keyPath, _ string) {
	if f.typ.Kind() == reflect.Slice && f.node.Kind == yaml.SequenceNode {
		for i, c := range f.node.Content {
			err := c.Decode(reflect.New(f.typ.Elem()).Interface())
			if te := (*yaml.TypeError)(nil); errors.As(err, &te) && slices.Contains(te.Errors, fmt.Sprintf("line %d: %s", c.Line, msg)) {
				return fmt.Sprintf("%s[%d]", f.path, i), explainValue(resolveAlias(c), f.typ.Elem())
			}
		}
		return f.path, msg
	}
	return f.path, explainValue(f.node, f.typ)
}

func explainValue(n *yaml.Node, t reflect.Type) string {
	if n == nil {
		return fmt.Sprintf("want %s", describe(t))
	}
	if describe(t) == "a whole number" && n.Kind == yaml.ScalarNode {
		if _, err := strconv.ParseInt(strings.ReplaceAll(n.Value, "_", ""), 0, 64); errors.Is(err, strconv.ErrRange) {
			return fmt.Sprintf("%s is out of range", n.Value)
		}
	}
	return fmt.Sprintf("want %s, got %s", describe(t), kindName(n))
}

// describe names what a value of type t looks like in YAML.
func describe(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Bool:
		return "true or false"
	case reflect.String:
		return "text"
	case reflect.Slice:
		return "a list"
	case reflect.Struct:
		return "a mapping of keys"
	}
	return t.String()
}

// locate returns the line of the node at a dotted path like "feeds[2].url",
// or of its nearest existing ancestor.
func locate(root *yaml.Node, keyPath string) int {
	line, _ := find(root, keyPath)
	return line
}

// find is locate that also reports whether the file has the key itself.
func find(root *yaml.Node, keyPath string) (line int, found bool) {
	n := root
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	line = n.Line
	for _, seg := range splitPath(keyPath) {
		next := child(n, seg)
		if next == nil {
			return line, false
		}
		n, line = next, next.Line
	}
	return line, true
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
	if n = resolveAlias(n); n == nil {
		return nil
	}
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
// It returns the problems with the values and, for the keys it set, the
// variable that set each.
func applyEnv(cfg *Config, env func(string) (string, bool)) (problems []Problem, from map[string]string) {
	from = map[string]string{}
	walkScalars(reflect.ValueOf(cfg).Elem(), "", func(keyPath string, v reflect.Value) {
		name := EnvPrefix + strings.ToUpper(strings.ReplaceAll(keyPath, ".", "_"))
		s, ok := env(name)
		if !ok {
			return
		}
		if err := setScalar(v, s); err != nil {
			problems = append(problems, Problem{File: envFile(name), Path: keyPath, Msg: err.Error()})
			return
		}
		from[keyPath] = name
	})
	cfg.Telegram.readSecrets(env)
	return problems, from
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
			return fmt.Errorf("want a whole number, got %q", s)
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

// IsLocal reports whether a feed URL names a local file: a file:// URL or
// a path. Of the URLs validation accepts, these are all but the http(s)
// ones; paths resolved by Load stay local.
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
