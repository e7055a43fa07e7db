package cli

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/newsdigest/newsdigest"
	"github.com/newsdigest/newsdigest/internal/config"
	"github.com/newsdigest/newsdigest/internal/opml"
)

const feedsUsage = "usage: newsdigest feeds export [--config FILE] [--out FILE]\n" +
	"       newsdigest feeds import FILE.opml [--config FILE] [--write]"

// feeds converts the config's feed list to and from OPML, the format feed
// readers exchange subscriptions in.
func (e *env) feeds(args []string) error {
	if len(args) == 0 {
		return usageError{feedsUsage}
	}
	switch args[0] {
	case "export":
		return e.feedsExport(args[1:])
	case "import":
		return e.feedsImport(args[1:])
	case "help", "-h", "--help", "-help":
		fmt.Fprintln(e.stderr, feedsUsage)
		return flag.ErrHelp
	}
	return usageError{fmt.Sprintf("unknown feeds command %q\n%s", args[0], feedsUsage)}
}

// rawFeed is a feed as written in the config file: paths unresolved and the
// interval as typed ("1h", not "1h0m0s").
type rawFeed struct {
	Name     string   `yaml:"name"`
	Outlet   string   `yaml:"outlet"`
	URL      string   `yaml:"url"`
	Language string   `yaml:"language"`
	Interval string   `yaml:"interval"`
	Tags     []string `yaml:"tags"`
}

func decodeRawFeeds(data []byte) ([]rawFeed, error) {
	var doc struct {
		Feeds []rawFeed `yaml:"feeds"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	return doc.Feeds, nil
}

// configSource is a config file as read: its bytes, for the feeds as
// written, and the loaded (validated) config.
type configSource struct {
	path string // "" for the built-in defaults
	name string // for messages
	data []byte
	cfg  *config.Config
	raw  []rawFeed
}

// openConfig finds the config as loadConfig does: the named file, else
// ./configs/newsdigest.yaml, else (when builtin is set) the built-in one.
// It returns nil, nil when there is none. The config must be valid.
func openConfig(named string, builtin bool) (*configSource, error) {
	p := named
	if p == "" {
		if _, err := os.Stat(newsdigest.DefaultConfig); err == nil {
			p = newsdigest.DefaultConfig
		}
	}
	src := &configSource{path: p, name: p}
	var err error
	switch {
	case p != "":
		if src.cfg, err = config.Load(p); err != nil {
			return nil, err
		}
		if src.data, err = os.ReadFile(p); err != nil {
			return nil, fmt.Errorf("config: %w", err)
		}
	case builtin:
		src.name = "(built-in) " + newsdigest.DefaultConfig
		if src.cfg, err = config.LoadFS(newsdigest.Defaults, newsdigest.DefaultConfig); err != nil {
			return nil, err
		}
		if src.data, err = fs.ReadFile(newsdigest.Defaults, newsdigest.DefaultConfig); err != nil {
			return nil, fmt.Errorf("config: %w", err)
		}
	default:
		return nil, nil
	}
	if src.raw, err = decodeRawFeeds(src.data); err != nil {
		return nil, err
	}
	if len(src.raw) != len(src.cfg.Feeds) {
		return nil, fmt.Errorf("config: %s: read %d feeds, loaded %d", src.name, len(src.raw), len(src.cfg.Feeds))
	}
	return src, nil
}

func (e *env) feedsExport(args []string) error {
	fs := e.flags("feeds export", "feeds export [--config FILE] [--out FILE] [--title TEXT]")
	configPath := fs.String("config", "", "config file")
	out := fs.String("out", "", "write the OPML to this file (default: stdout)")
	title := fs.String("title", "newsdigest feeds", "title of the OPML document")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("feeds export: unexpected argument %q (use --config FILE)", fs.Arg(0))}
	}
	src, err := openConfig(*configPath, true)
	if err != nil {
		return err
	}
	outlines := make([]opml.Outline, len(src.raw))
	for i, f := range src.raw {
		outlines[i] = opml.Outline{
			Name: f.Name, Outlet: f.Outlet, URL: f.URL,
			Language: f.Language, Interval: f.Interval, Tags: f.Tags,
		}
	}
	var b bytes.Buffer
	if err := opml.Write(&b, *title, outlines); err != nil {
		return err
	}
	if *out == "" || *out == "-" {
		_, err := e.stdout.Write(b.Bytes())
		return err
	}
	if err := writeFileAtomic(*out, b.Bytes(), nil); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "wrote %d feeds from %s to %s\n", len(outlines), src.name, *out)
	return nil
}

func (e *env) feedsImport(args []string) error {
	fs := e.flags("feeds import", "feeds import FILE.opml [--config FILE] [--write]\n\n"+
		"Without --write, prints the feeds that are not in the config yet as YAML\n"+
		"to paste under feeds:. With --write, adds them to the config file itself.")
	configPath := fs.String("config", "", "config file: its feeds are skipped and its names avoided, and --write updates it\n(default ./configs/newsdigest.yaml when present)")
	write := fs.Bool("write", false, "add the new feeds to the config file in place, keeping comments and every other key")
	files, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(files) != 1 {
		return usageError{"feeds import: want one OPML file (- for stdin), e.g. newsdigest feeds import subscriptions.opml"}
	}
	outlines, err := readOPML(files[0])
	if err != nil {
		return err
	}
	src, err := openConfig(*configPath, false)
	if err != nil {
		return err
	}
	if *write && src == nil {
		return usageError{fmt.Sprintf("feeds import --write: no config file to update (%s does not exist); pass --config FILE", newsdigest.DefaultConfig)}
	}
	var existing []rawFeed
	if src != nil {
		existing = src.raw
	}
	plan := planImport(outlines, existing)
	for _, w := range plan.warnings {
		fmt.Fprintln(e.stderr, "newsdigest: warning:", w)
	}
	if plan.unusable == len(outlines) {
		what := fmt.Sprintf("all %d entries skipped (see warnings)", plan.unusable)
		if plan.unusable == 1 {
			what = "its one entry skipped (see warning)"
		}
		return fmt.Errorf("feeds import: %s: no usable feeds: %s; only http:// and https:// feed URLs can be imported", files[0], what)
	}
	if !*write {
		return e.printFeeds(plan, src)
	}
	return e.writeFeeds(src, plan)
}

// parseInterspersed parses flags that may come before or after the
// positional arguments, which it returns.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := parse(fs, args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos, args = append(pos, args[0]), args[1:]
	}
}

func readOPML(name string) ([]opml.Outline, error) {
	r := io.Reader(os.Stdin)
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	outlines, err := opml.Parse(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return outlines, nil
}

// importPlan is what an import adds and leaves out.
type importPlan struct {
	add      []rawFeed
	present  int      // outlines whose feed the config has (or that repeat one)
	unusable int      // outlines whose URL cannot be a feed: each has a warning
	warnings []string // for stderr
}

// skippedNote is the summary's mention of unusable outlines, if any.
func (p importPlan) skippedNote() string {
	if p.unusable == 0 {
		return ""
	}
	return fmt.Sprintf("; skipped %d (see warnings)", p.unusable)
}

// planImport picks the outlines whose URL is not among existing (nor
// earlier in the list) and can be a feed (opml.CheckFeedURL), and names
// them: nd:name when the OPML came from newsdigest, else a slug of the
// outline text, made unique. A feed the config has already is left out
// quietly, whatever its URL.
func planImport(outlines []opml.Outline, existing []rawFeed) (plan importPlan) {
	names := map[string]bool{}
	urls := map[string]bool{}
	for _, f := range existing {
		names[f.Name] = true
		urls[opml.URLKey(f.URL)] = true
	}
	for _, o := range outlines {
		key := opml.URLKey(o.URL)
		if urls[key] {
			plan.present++
			continue
		}
		if err := opml.CheckFeedURL(o.URL); err != nil {
			plan.unusable++
			plan.warnings = append(plan.warnings, fmt.Sprintf("skipped OPML entry %s (%s): %v", entryTitle(o), showURL(o.URL), err))
			continue
		}
		urls[key] = true
		base := o.Name
		if strings.TrimSpace(base) == "" {
			base = feedSlug(o)
		}
		f := rawFeed{
			Name:     uniqueName(base, names),
			Outlet:   o.Outlet,
			URL:      o.URL,
			Language: o.Language,
			Interval: o.Interval,
			Tags:     o.Tags,
		}
		if lang, ok := fixLanguage(f.Language); ok {
			f.Language = lang
		} else {
			plan.warnings = append(plan.warnings, fmt.Sprintf("%s: language %q is not a code like en or pt-BR; left out", f.Name, f.Language))
			f.Language = ""
		}
		plan.add = append(plan.add, f)
	}
	return plan
}

// entryTitle names an outline in messages: its text, else its nd:name.
func entryTitle(o opml.Outline) string {
	switch {
	case strings.TrimSpace(o.Outlet) != "":
		return strconv.Quote(o.Outlet)
	case o.Name != "":
		return strconv.Quote(o.Name)
	}
	return "(untitled)"
}

// showURL is u as written, or quoted when it holds white space or control
// characters that would blur a message.
func showURL(u string) string {
	if u == "" || strings.IndexFunc(u, func(r rune) bool { return r <= ' ' || r == 0x7f }) >= 0 {
		return strconv.Quote(u)
	}
	return u
}

func uniqueName(base string, taken map[string]bool) string {
	name := base
	for i := 2; taken[name]; i++ {
		name = base + "-" + strconv.Itoa(i)
	}
	taken[name] = true
	return name
}

// feedSlug names a feed from its outline text, else its host or file name.
func feedSlug(o opml.Outline) string {
	if s := slug(o.Outlet); s != "" {
		return s
	}
	if u, err := url.Parse(o.URL); err == nil && u.Host != "" {
		if s := slug(strings.TrimPrefix(u.Hostname(), "www.")); s != "" {
			return s
		}
	}
	base := path.Base(filepath.ToSlash(o.URL))
	if s := slug(strings.TrimSuffix(base, path.Ext(base))); s != "" {
		return s
	}
	return "feed"
}

// slug makes a feed name: lower-case a-z, 0-9 and single hyphens, at most
// 40 characters, with common accented letters folded ("Le Monde à la une"
// is le-monde-a-la-une).
func slug(s string) string {
	const maxLen = 40
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if f, ok := foldLatin[r]; ok {
			r = f
		}
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
			continue
		}
		dash = true
	}
	out := b.String()
	if len(out) > maxLen {
		out = out[:maxLen]
		if i := strings.LastIndexByte(out, '-'); i > maxLen/2 {
			out = out[:i]
		}
		out = strings.TrimRight(out, "-")
	}
	return out
}

var foldLatin = func() map[rune]rune {
	m := map[rune]rune{}
	for ascii, accented := range map[rune]string{
		'a': "àáâãäåāăą", 'c': "çćĉċč", 'd': "ďđ", 'e': "èéêëēĕėęě", 'g': "ĝğġģ",
		'h': "ĥħ", 'i': "ìíîïĩīĭįı", 'j': "ĵ", 'k': "ķ", 'l': "ĺļľŀł", 'n': "ñńņňŉ",
		'o': "òóôõöøōŏő", 'r': "ŕŗř", 's': "śŝşšß", 't': "ţťŧ", 'u': "ùúûüũūŭůűų",
		'w': "ŵ", 'y': "ýÿŷ", 'z': "źżž",
	} {
		for _, r := range accented {
			m[r] = ascii
		}
	}
	return m
}()

// fixLanguage returns lang as config accepts it: unchanged when valid,
// else with the case and separator mended ("EN" is en, "en_US" en-US);
// ok is false when it cannot be mended.
func fixLanguage(lang string) (string, bool) {
	if lang == "" || validLanguage(lang) {
		return lang, true
	}
	l := strings.ReplaceAll(strings.TrimSpace(lang), "_", "-")
	primary, region, _ := strings.Cut(l, "-")
	l = strings.ToLower(primary)
	if region != "" {
		l += "-" + region
	}
	if validLanguage(l) {
		return l, true
	}
	return "", false
}

// validLanguage asks the config's own rule.
func validLanguage(lang string) bool {
	c := config.Default()
	c.Feeds = []config.Feed{{Name: "x", URL: "https://example.com/", Language: lang}}
	return len(c.Validate()) == 0
}

// printFeeds writes the feeds to add as a YAML config fragment, after
// checking them as config.Load would.
func (e *env) printFeeds(plan importPlan, src *configSource) error {
	add := plan.add
	seq := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
	for _, f := range add {
		seq.Content = append(seq.Content, feedNode(f, false))
	}
	doc := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Content: []*yaml.Node{yamlString("feeds"), seq}}
	data, err := encodeYAML(doc)
	if err != nil {
		return err
	}
	if _, err := config.Parse(data, "imported feeds", nil); err != nil {
		return importError(err, add, 0, "import them", "", "")
	}
	if _, err := e.stdout.Write(data); err != nil {
		return err
	}
	switch {
	case src != nil:
		fmt.Fprintf(e.stderr, "%d new feeds; %d already in %s%s\n", len(add), plan.present, src.name, plan.skippedNote())
	case plan.present > 0:
		fmt.Fprintf(e.stderr, "%d feeds; %d duplicates left out%s\n", len(add), plan.present, plan.skippedNote())
	case plan.unusable > 0:
		fmt.Fprintf(e.stderr, "%d feeds%s\n", len(add), plan.skippedNote())
	}
	return nil
}

// writeFeeds adds the feeds to the config file, keeping its comments and
// every other key, and replaces the file only when the result loads.
func (e *env) writeFeeds(src *configSource, plan importPlan) error {
	add := plan.add
	if len(add) == 0 {
		if plan.unusable == 0 {
			fmt.Fprintf(e.stderr, "nothing to add: all %d feeds are already in %s\n", plan.present, src.name)
		} else {
			fmt.Fprintf(e.stderr, "nothing to add: %d feeds already in %s%s\n", plan.present, src.name, plan.skippedNote())
		}
		return nil
	}
	data, err := appendFeeds(src.data, add)
	if err != nil {
		return fmt.Errorf("feeds import: %s: %w", src.name, err)
	}
	want := append(append([]rawFeed{}, src.raw...), add...)
	err = writeFileAtomic(src.path, data, func(tmp string) error {
		cfg, err := config.Load(tmp)
		if err != nil {
			return importError(err, add, len(src.raw), "update "+src.name, tmp, src.path)
		}
		got, err := decodeRawFeeds(data)
		if err != nil {
			return err
		}
		if len(cfg.Feeds) != len(want) || !sameFeeds(got, want) || !sameExceptFeeds(src.data, data) {
			return fmt.Errorf("feeds import: the rewritten config does not read back as the old config plus the new feeds; %s left unchanged", src.name)
		}
		return nil
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "added %d feeds to %s (%d already there)%s\n", len(add), src.name, plan.present, plan.skippedNote())
	for _, f := range add {
		fmt.Fprintf(e.stderr, "  + %-24s %s\n", f.Name, f.URL)
	}
	return nil
}

func sameFeeds(a, b []rawFeed) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := a[i], b[i]
		if len(x.Tags) == 0 && len(y.Tags) == 0 {
			x.Tags, y.Tags = nil, nil
		}
		if !reflect.DeepEqual(x, y) {
			return false
		}
	}
	return true
}

// sameExceptFeeds reports whether two config texts hold the same values
// under every key but feeds.
func sameExceptFeeds(a, b []byte) bool {
	var x, y map[string]any
	if yaml.Unmarshal(a, &x) != nil || yaml.Unmarshal(b, &y) != nil {
		return false
	}
	delete(x, "feeds")
	delete(y, "feeds")
	if len(x) == 0 && len(y) == 0 {
		return true
	}
	return reflect.DeepEqual(x, y)
}

// importError restates a config error: problems with the imported feeds,
// which sit at feeds[offset:], name the feed and its URL; problems found in
// the temporary file tmp name the real one.
func importError(err error, add []rawFeed, offset int, action, tmp, real string) error {
	var ce *config.Error
	if !errors.As(err, &ce) {
		return err
	}
	lines := make([]string, 0, len(ce.Problems))
	for _, p := range ce.Problems {
		if i, field, ok := feedIndex(p.Path); ok && i >= offset && i-offset < len(add) {
			f := add[i-offset]
			lines = append(lines, fmt.Sprintf("imported feed %q (%s): %s: %s", f.Name, f.URL, field, p.Msg))
			continue
		}
		if tmp != "" && p.File == tmp {
			p.File = real
		}
		lines = append(lines, p.String())
	}
	return fmt.Errorf("feeds import: refusing to %s: %d problem(s):\n  %s", action, len(lines), strings.Join(lines, "\n  "))
}

// feedIndex splits "feeds[12].url" into 12 and "url".
func feedIndex(keyPath string) (int, string, bool) {
	rest, ok := strings.CutPrefix(keyPath, "feeds[")
	if !ok {
		return 0, "", false
	}
	num, field, ok := strings.Cut(rest, "]")
	if !ok {
		return 0, "", false
	}
	i, err := strconv.Atoi(num)
	if err != nil {
		return 0, "", false
	}
	return i, strings.TrimPrefix(field, "."), true
}

// appendFeeds adds feeds to the feeds list of a config file by editing its
// text, not by re-encoding it: every byte of data stays as it was, in
// order, and only the new entries are inserted, after the last existing
// entry and in its style (a flow {name: ..., url: ...} entry aligned like
// the last one, or a block entry at its indentation). A file without feeds
// gets the key at its end. The one change to existing text: an empty
// value (feeds: [] or feeds: ~) gives way to the list, which is written in
// block style at the file's indentation.
func appendFeeds(data []byte, add []rawFeed) ([]byte, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var root yaml.Node
	if err := dec.Decode(&root); err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	if err := dec.Decode(new(yaml.Node)); !errors.Is(err, io.EOF) {
		return nil, errors.New("the file holds more than one YAML document; add the feeds by hand")
	}
	t := newYAMLText(data)
	var top *yaml.Node // nil when the file has no keys yet
	if root.Kind != 0 {
		if root.Kind != yaml.DocumentNode || len(root.Content) != 1 {
			return nil, errors.New("not a YAML document")
		}
		top = root.Content[0]
		switch {
		case top.Kind == yaml.ScalarNode && top.Tag == "!!null" && top.Value == "":
			top = nil // "---" and comments
		case top.Kind != yaml.MappingNode:
			return nil, errors.New("the top level is not a mapping of keys")
		case top.Style&yaml.FlowStyle != 0:
			return nil, errors.New("the top level is a flow mapping ({...}); add the feeds by hand")
		}
	}
	at := -1
	if top != nil {
		for i := 0; i+1 < len(top.Content); i += 2 {
			if top.Content[i].Value == "feeds" {
				at = i
				break
			}
		}
	}
	if at < 0 {
		return t.apply(t.newFeedsKey(top, add)), nil
	}
	key, val := top.Content[at], top.Content[at+1]
	nextLine := t.lineCount() + 1 // where what follows the feeds key starts
	if at+2 < len(top.Content) {
		nextLine = top.Content[at+2].Line
	}
	var edits []textEdit
	var err error
	switch {
	case val.Kind == yaml.SequenceNode && len(val.Content) > 0 && val.Style&yaml.FlowStyle == 0:
		edits = []textEdit{t.appendBlockList(val, nextLine, add)}
	case val.Kind == yaml.SequenceNode && len(val.Content) > 0:
		edits, err = t.appendFlowList(val, add)
	case val.Kind == yaml.SequenceNode, val.Kind == yaml.ScalarNode && val.Tag == "!!null":
		edits, err = t.fillEmptyList(top, key, val, add)
	default:
		return nil, fmt.Errorf("line %d: feeds is not a list", val.Line)
	}
	if err != nil {
		return nil, err
	}
	return t.apply(edits...), nil
}

// yamlText is the text of a YAML file, addressed by the 1-based lines and
// columns (in characters) yaml reports.
type yamlText struct {
	data  []byte
	start []int  // byte offset of each line
	eol   string // "\n", or "\r\n" when the file uses it
}

// textEdit replaces data[at:end] with text; at == end inserts.
type textEdit struct {
	at, end int
	text    string
}

func newYAMLText(data []byte) *yamlText {
	t := &yamlText{data: data, start: []int{0}, eol: "\n"}
	for i, c := range data {
		if c == '\n' && i+1 < len(data) {
			t.start = append(t.start, i+1)
		}
	}
	if bytes.Contains(data, []byte("\r\n")) {
		t.eol = "\r\n"
	}
	return t
}

func (t *yamlText) lineCount() int {
	if len(t.data) == 0 {
		return 0
	}
	return len(t.start)
}

// line is line n without its line end; "" past the end.
func (t *yamlText) line(n int) string {
	if n < 1 || n > t.lineCount() {
		return ""
	}
	end := len(t.data)
	if n < len(t.start) {
		end = t.start[n]
	}
	return strings.TrimRight(string(t.data[t.start[n-1]:end]), "\r\n")
}

// offset is the byte offset of column col (1-based, in characters) of
// line n.
func (t *yamlText) offset(n, col int) int {
	line := t.line(n)
	i := 0
	if n == 1 && strings.HasPrefix(line, "\ufeff") {
		i = len("\ufeff") // yaml does not count a byte order mark
	}
	for c := 1; c < col && i < len(line); c++ {
		_, size := utf8.DecodeRuneInString(line[i:])
		i += size
	}
	return t.start[n-1] + i
}

// afterLine is an insertion of text as whole lines after line n (0: at
// the top), supplying the line end the file's last line may lack.
func (t *yamlText) afterLine(n int, text string) textEdit {
	if n < len(t.start) {
		at := t.start[n]
		return textEdit{at: at, end: at, text: text}
	}
	if len(t.data) > 0 && t.data[len(t.data)-1] != '\n' {
		text = t.eol + text
	}
	return textEdit{at: len(t.data), end: len(t.data), text: text}
}

// apply makes the edits, which must not overlap.
func (t *yamlText) apply(edits ...textEdit) []byte {
	sort.Slice(edits, func(i, j int) bool { return edits[i].at > edits[j].at })
	out := append([]byte(nil), t.data...)
	for _, e := range edits {
		out = append(out[:e.at:e.at], append([]byte(e.text), out[e.end:]...)...)
	}
	return out
}

func indentOf(line string) int { return len(line) - len(strings.TrimLeft(line, " ")) }

func isBlankOrComment(line string) bool {
	s := strings.TrimSpace(line)
	return s == "" || strings.HasPrefix(s, "#")
}

// lastLine is the last line a node's text reaches, as far as yaml tells:
// the start of its last scalar.
func lastLine(n *yaml.Node) int {
	last := n.Line
	for _, c := range n.Content {
		last = max(last, lastLine(c))
	}
	return last
}

// appendBlockList inserts the feeds after the last entry of a block list
// (before the comments and blank lines that follow it), in its style.
func (t *yamlText) appendBlockList(seq *yaml.Node, nextLine int, add []rawFeed) textEdit {
	last := seq.Content[len(seq.Content)-1]
	dashCol := seq.Column - 1 // spaces before each "-"
	end := lastLine(last)
	for n := last.Line + 1; n < nextLine && n <= t.lineCount(); n++ {
		l := t.line(n)
		if isBlankOrComment(l) {
			continue
		}
		if indentOf(l) <= dashCol {
			break // not part of the entry: "..." or the like
		}
		end = max(end, n)
	}
	layout := entryLayout{
		flow:      last.Kind == yaml.MappingNode && last.Style&yaml.FlowStyle != 0,
		dash:      strings.Repeat(" ", dashCol) + "- ",
		keyIndent: strings.Repeat(" ", dashCol+2),
	}
	// Keep the spacing after the dash, and the alignment of flow entries.
	if line := t.line(last.Line); last.Column > 1 {
		prefix := line[:t.offset(last.Line, last.Column)-t.start[last.Line-1]]
		if strings.TrimSpace(prefix) == "-" && indentOf(prefix) == dashCol && !strings.ContainsRune(prefix, '\t') {
			layout.dash, layout.keyIndent = prefix, strings.Repeat(" ", len(prefix))
			layout.align = keyColumns(last)
		}
	}
	var b strings.Builder
	for _, f := range add {
		b.WriteString(layout.render(f, t.eol))
	}
	return t.afterLine(end, b.String())
}

// appendFlowList inserts the feeds before the closing bracket of a
// non-empty flow list: on lines of their own when its entries have them.
func (t *yamlText) appendFlowList(seq *yaml.Node, add []rawFeed) ([]textEdit, error) {
	open := t.offset(seq.Line, seq.Column)
	_, lastEnd, trailingComma, ok := scanFlow(t.data, open)
	if !ok {
		return nil, fmt.Errorf("line %d: cannot find the end of the feeds list; add the feeds by hand", seq.Line)
	}
	last := seq.Content[len(seq.Content)-1]
	layout := entryLayout{flow: true}
	var b strings.Builder
	if last.Line != seq.Line {
		// One entry a line: indent as the last one.
		line := t.line(last.Line)
		prefix := line[:t.offset(last.Line, last.Column)-t.start[last.Line-1]]
		if strings.TrimLeft(prefix, " ") != "" {
			prefix = strings.Repeat(" ", indentOf(line))
		} else {
			layout.align = keyColumns(last)
		}
		layout.dash = prefix
		for i, f := range add {
			if i > 0 || !trailingComma {
				b.WriteString(",")
			}
			b.WriteString(t.eol + layout.render(f, ""))
		}
	} else {
		for i, f := range add {
			if i > 0 || !trailingComma {
				b.WriteString(",")
			}
			b.WriteString(" " + layout.render(f, ""))
		}
	}
	if trailingComma {
		b.WriteString(",")
	}
	return []textEdit{{at: lastEnd, end: lastEnd, text: b.String()}}, nil
}

// fillEmptyList replaces an empty feeds value (nothing, ~, null, []) with
// a block list of the feeds, indented as the file's other blocks.
func (t *yamlText) fillEmptyList(top, key, val *yaml.Node, add []rawFeed) ([]textEdit, error) {
	var edits []textEdit
	after := key.Line
	if val.Kind == yaml.SequenceNode || val.Value != "" {
		from := t.offset(val.Line, val.Column)
		to := from + len(val.Value)
		if val.Kind == yaml.SequenceNode {
			closeAt, _, _, ok := scanFlow(t.data, from)
			if !ok {
				return nil, fmt.Errorf("line %d: cannot find the end of feeds: []; add the feeds by hand", val.Line)
			}
			to = closeAt + 1
		} else if !bytes.HasPrefix(t.data[from:], []byte(val.Value)) {
			return nil, fmt.Errorf("line %d: feeds is not a list", val.Line)
		}
		lineEnd := len(t.data) // just past the value's line
		if val.Line < len(t.start) {
			lineEnd = t.start[val.Line]
		}
		switch rest := strings.TrimRight(string(t.data[min(to, lineEnd):lineEnd]), "\r\n"); {
		case to > lineEnd: // [ ] across lines
			edits = append(edits, textEdit{at: from, end: to})
		case strings.TrimSpace(rest) == "":
			// Nothing after the value: drop it and the space around it.
			for from > t.start[val.Line-1] && (t.data[from-1] == ' ' || t.data[from-1] == '\t') {
				from--
			}
			edits = append(edits, textEdit{at: from, end: to + len(rest)})
		default:
			// A comment follows: keep it in its column.
			edits = append(edits, textEdit{at: from, end: to, text: strings.Repeat(" ", utf8.RuneCount(t.data[from:to]))})
		}
		after = max(after, t.lineOfEnd(to))
	}
	dashCol := key.Column - 1 + blockIndent(top)
	layout := entryLayout{dash: strings.Repeat(" ", dashCol) + "- ", keyIndent: strings.Repeat(" ", dashCol+2)}
	var b strings.Builder
	for _, f := range add {
		b.WriteString(layout.render(f, t.eol))
	}
	return append(edits, t.afterLine(after, b.String())), nil
}

// lineOfEnd is the line holding the byte before offset end.
func (t *yamlText) lineOfEnd(end int) int {
	return sort.SearchInts(t.start, max(end, 1)) // the lines starting before end
}

// newFeedsKey adds a feeds key at the end of the file, set apart by a
// blank line when the file's sections are.
func (t *yamlText) newFeedsKey(top *yaml.Node, add []rawFeed) textEdit {
	keyCol := 0
	if top != nil && len(top.Content) > 0 {
		keyCol = top.Content[0].Column - 1
	}
	var b strings.Builder
	n := t.lineCount()
	for n > 0 && strings.TrimSpace(t.line(n)) == "" {
		n--
	}
	for i := 1; i < n; i++ {
		if strings.TrimSpace(t.line(i)) == "" {
			// Sections are set apart: so is this one, unless the file
			// ends with a blank line already.
			if n == t.lineCount() {
				b.WriteString(t.eol)
			}
			break
		}
	}
	b.WriteString(strings.Repeat(" ", keyCol) + "feeds:" + t.eol)
	dashCol := keyCol + 2
	if top != nil {
		dashCol = keyCol + blockIndent(top)
	}
	layout := entryLayout{dash: strings.Repeat(" ", dashCol) + "- ", keyIndent: strings.Repeat(" ", dashCol+2)}
	for _, f := range add {
		b.WriteString(layout.render(f, t.eol))
	}
	return t.afterLine(t.lineCount(), b.String())
}

// blockIndent is how far the file indents what is under a top-level key,
// going by the first block mapping or list it has (0 for a list written
// "- " under its key); 2 when it has none.
func blockIndent(top *yaml.Node) int {
	for i := 0; i+1 < len(top.Content); i += 2 {
		k, v := top.Content[i], top.Content[i+1]
		if len(v.Content) == 0 || v.Style&yaml.FlowStyle != 0 || v.Line <= k.Line {
			continue
		}
		switch v.Kind {
		case yaml.MappingNode:
			if d := v.Content[0].Column - k.Column; d > 0 {
				return d
			}
		case yaml.SequenceNode:
			if d := v.Column - k.Column; d >= 0 {
				return d
			}
		}
	}
	return 2
}

// keyColumns maps the keys of a flow mapping written on one line to the
// column (0-based, in characters) each starts at.
func keyColumns(m *yaml.Node) map[string]int {
	if m.Kind != yaml.MappingNode || m.Style&yaml.FlowStyle == 0 {
		return nil
	}
	cols := map[string]int{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if k := m.Content[i]; k.Line == m.Line {
			cols[k.Value] = k.Column - 1
		}
	}
	return cols
}

// scanFlow reads the flow collection whose opening bracket is at
// data[open]: closeAt is its closing bracket, lastEnd the offset just past
// the last thing inside it (an entry, or a comma), and trailingComma
// whether that was a comma.
func scanFlow(data []byte, open int) (closeAt, lastEnd int, trailingComma, ok bool) {
	if open >= len(data) || (data[open] != '[' && data[open] != '{') {
		return 0, 0, false, false
	}
	depth := 0
	prev := byte(' ') // the last byte that was not white space
	lastEnd = open + 1
	for i := open; i < len(data); i++ {
		c := data[i]
		switch {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
			continue
		case c == '#' && (i == 0 || strings.IndexByte(" \t\r\n", data[i-1]) >= 0):
			for i < len(data) && data[i] != '\n' {
				i++
			}
			continue
		case (c == '"' || c == '\'') && strings.IndexByte("[{,:?", prev) >= 0:
			for i++; i < len(data); i++ {
				if c == '"' && data[i] == '\\' {
					i++
					continue
				}
				if data[i] == c {
					if c == '\'' && i+1 < len(data) && data[i+1] == '\'' {
						i++
						continue
					}
					break
				}
			}
			if i >= len(data) {
				return 0, 0, false, false
			}
		case c == '[' || c == '{':
			depth++
		case c == ']' || c == '}':
			depth--
			if depth == 0 {
				return i, lastEnd, prev == ',', true
			}
		}
		prev = c
		lastEnd = i + 1
	}
	return 0, 0, false, false
}

// entryLayout is how a list's entries are written.
type entryLayout struct {
	flow      bool
	dash      string         // before the entry on its line: "  - ", or spaces in a flow list
	keyIndent string         // block: before the second and later keys
	align     map[string]int // flow: column to start each key at when there is room
}

// render writes f as one entry, keys and values as feedNode has them;
// eol ends each line ("" for an entry inside a flow list).
func (l entryLayout) render(f rawFeed, eol string) string {
	n := feedNode(f, l.flow)
	var b strings.Builder
	if l.flow {
		b.WriteString(l.dash + "{")
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i].Value
			if i > 0 {
				b.WriteString(",")
				pad := 1
				if col, ok := l.align[k]; ok {
					pad = max(pad, col-utf8.RuneCountInString(b.String()))
				}
				b.WriteString(strings.Repeat(" ", pad))
			}
			b.WriteString(k + ": " + valueText(n.Content[i+1], true))
		}
		b.WriteString("}" + eol)
		return b.String()
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if i == 0 {
			b.WriteString(l.dash)
		} else {
			b.WriteString(l.keyIndent)
		}
		b.WriteString(n.Content[i].Value + ": " + valueText(n.Content[i+1], false) + eol)
	}
	return b.String()
}

// valueText writes a scalar, or a list of them in brackets, on one line;
// inFlow when it stands inside braces or brackets.
func valueText(n *yaml.Node, inFlow bool) string {
	if n.Kind == yaml.SequenceNode {
		items := make([]string, len(n.Content))
		for i, c := range n.Content {
			items[i] = valueText(c, true)
		}
		return "[" + strings.Join(items, ", ") + "]"
	}
	s := *n
	if inFlow && s.Style == 0 && strings.ContainsAny(s.Value, flowSpecial) {
		s.Style = yaml.DoubleQuotedStyle
	}
	out, err := yaml.Marshal(&s)
	text := strings.TrimSuffix(string(out), "\n")
	if err != nil || strings.ContainsAny(text, "\r\n") {
		return strconv.Quote(s.Value) // Go's escapes are YAML's for valid UTF-8
	}
	return text
}

// flowSpecial are the characters that keep a string from being written
// plain inside braces or brackets.
const flowSpecial = ":,[]{}#&*!|>'\"%@`"

// feedNode is one entry of feeds, keys in the README's order.
func feedNode(f rawFeed, flow bool) *yaml.Node {
	m := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	if flow {
		m.Style = yaml.FlowStyle
	}
	value := func(s string) *yaml.Node {
		n := yamlString(s)
		if flow && n.Style == 0 && strings.ContainsAny(s, flowSpecial) {
			n.Style = yaml.DoubleQuotedStyle // as the shipped configs write URLs in braces
		}
		return n
	}
	add := func(k string, v *yaml.Node) { m.Content = append(m.Content, yamlString(k), v) }
	add("name", value(f.Name))
	if f.Outlet != "" {
		add("outlet", value(f.Outlet))
	}
	add("url", value(f.URL))
	if f.Language != "" {
		add("language", value(f.Language))
	}
	if f.Interval != "" {
		add("interval", value(f.Interval))
	}
	if len(f.Tags) > 0 {
		tags := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle}
		for _, t := range f.Tags {
			tags.Content = append(tags.Content, yamlString(t))
		}
		add("tags", tags)
	}
	return m
}

// yamlString is a string scalar; yaml quotes it when it would read as
// something else ("yes", "1", "# x").
func yamlString(s string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
	if strings.ContainsAny(s, "\n\r") {
		n.Style = yaml.DoubleQuotedStyle // a block scalar cannot sit in a flow mapping
	}
	return n
}

func encodeYAML(n *yaml.Node) ([]byte, error) {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(n); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// writeFileAtomic replaces path (through a symlink, keeping the mode) with
// data: it writes a temporary file beside it, lets check veto it, and
// renames it over path. On any failure path is untouched.
func writeFileAtomic(name string, data []byte, check func(tmp string) error) (err error) {
	target := name
	if p, err := filepath.EvalSymlinks(name); err == nil {
		target = p
	}
	mode := os.FileMode(0o644)
	if st, err := os.Stat(target); err == nil {
		mode = st.Mode().Perm()
	}
	f, err := os.CreateTemp(filepath.Dir(target), "."+filepath.Base(target)+".*.tmp")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			os.Remove(tmp)
		}
	}()
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp, mode); err != nil {
		return err
	}
	if check != nil {
		if err := check(tmp); err != nil {
			return err
		}
	}
	return os.Rename(tmp, target)
}
