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
	"strconv"
	"strings"

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
	add, skipped, warnings := planImport(outlines, existing)
	for _, w := range warnings {
		fmt.Fprintln(e.stderr, "newsdigest: warning:", w)
	}
	if !*write {
		return e.printFeeds(add, skipped, src)
	}
	return e.writeFeeds(src, add, skipped)
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

// planImport picks the outlines whose URL is not among existing (nor
// earlier in the list) and names them: nd:name when the OPML came from
// newsdigest, else a slug of the outline text, made unique.
func planImport(outlines []opml.Outline, existing []rawFeed) (add []rawFeed, skipped int, warnings []string) {
	names := map[string]bool{}
	urls := map[string]bool{}
	for _, f := range existing {
		names[f.Name] = true
		urls[opml.URLKey(f.URL)] = true
	}
	for _, o := range outlines {
		key := opml.URLKey(o.URL)
		if urls[key] {
			skipped++
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
			warnings = append(warnings, fmt.Sprintf("%s: language %q is not a code like en or pt-BR; left out", f.Name, f.Language))
			f.Language = ""
		}
		add = append(add, f)
	}
	return add, skipped, warnings
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
func (e *env) printFeeds(add []rawFeed, skipped int, src *configSource) error {
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
	if src != nil {
		fmt.Fprintf(e.stderr, "%d new feeds; %d already in %s\n", len(add), skipped, src.name)
	} else if skipped > 0 {
		fmt.Fprintf(e.stderr, "%d feeds; %d duplicates left out\n", len(add), skipped)
	}
	return nil
}

// writeFeeds adds the feeds to the config file, keeping its comments and
// every other key, and replaces the file only when the result loads.
func (e *env) writeFeeds(src *configSource, add []rawFeed, skipped int) error {
	if len(add) == 0 {
		fmt.Fprintf(e.stderr, "nothing to add: all %d feeds are already in %s\n", skipped, src.name)
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
	fmt.Fprintf(e.stderr, "added %d feeds to %s (%d already there)\n", len(add), src.name, skipped)
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
// YAML node tree, so comments and the other keys stay. New entries take
// the style of the last existing one (flow {name: ..., url: ...} or block).
func appendFeeds(data []byte, add []rawFeed) ([]byte, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var root yaml.Node
	if err := dec.Decode(&root); err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	if err := dec.Decode(new(yaml.Node)); !errors.Is(err, io.EOF) {
		return nil, errors.New("the file holds more than one YAML document; add the feeds by hand")
	}
	var prefix []byte
	if root.Kind == 0 {
		// Empty, or only comments, which yaml does not keep without a
		// node to hang them on: keep the text and add a mapping after it.
		if len(bytes.TrimSpace(data)) > 0 {
			prefix = append(bytes.TrimRight(data, "\n"), '\n')
		}
		root = yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{{Kind: yaml.MappingNode, Tag: "!!map"}}}
	}
	if root.Kind != yaml.DocumentNode || len(root.Content) != 1 {
		return nil, errors.New("not a YAML document")
	}
	top := root.Content[0]
	if top.Kind == yaml.ScalarNode && top.Tag == "!!null" {
		top = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map",
			HeadComment: top.HeadComment, LineComment: top.LineComment, FootComment: top.FootComment}
		root.Content[0] = top
	}
	if top.Kind != yaml.MappingNode {
		return nil, errors.New("the top level is not a mapping of keys")
	}
	hadFeeds := len(top.Content) != len(removeKey(top.Content, "feeds"))
	key, seq, err := feedsSequence(top)
	if err != nil {
		return nil, err
	}
	flow := false
	if n := len(seq.Content); n > 0 {
		flow = seq.Style&yaml.FlowStyle != 0 || seq.Content[n-1].Style&yaml.FlowStyle != 0
		moveFootComments(key, seq)
	} else {
		seq.Style &^= yaml.FlowStyle // feeds: [] becomes a block list
	}
	if seq.Style&yaml.FlowStyle == 0 && seq.LineComment != "" {
		// yaml drops the line comment of a non-empty block list: keep it
		// after "feeds:", where it was.
		key.LineComment = joinComments(key.LineComment, seq.LineComment)
		seq.LineComment = ""
	}
	for _, f := range add {
		seq.Content = append(seq.Content, feedNode(f, flow))
	}
	out, err := encodeYAML(&root)
	if err != nil {
		return nil, err
	}
	if prefix != nil {
		out = append(prefix, out...)
	} else {
		// A feeds key of our own is set apart like the others, if they are.
		out = restoreBlankLines(data, out, !hadFeeds)
	}
	if bytes.Contains(data, []byte("\r\n")) {
		out = bytes.ReplaceAll(out, []byte("\n"), []byte("\r\n"))
	}
	return out, nil
}

// removeKey returns the key-value pairs of a mapping's content without key.
func removeKey(content []*yaml.Node, key string) []*yaml.Node {
	var out []*yaml.Node
	for i := 0; i+1 < len(content); i += 2 {
		if content[i].Value != key {
			out = append(out, content[i], content[i+1])
		}
	}
	return out
}

// moveFootComments rehomes the comments yaml hangs below list entries.
// Below a flow entry ({name: ...}) yaml would write them inside its braces,
// after a stray comma, so they go above the next entry instead; below the
// last entry they stay at the end of the list, after the new entries.
func moveFootComments(key, seq *yaml.Node) {
	items := seq.Content
	for i, it := range items[:len(items)-1] {
		if it.FootComment != "" && it.Style&yaml.FlowStyle != 0 {
			items[i+1].HeadComment = joinComments(it.FootComment, items[i+1].HeadComment)
			it.FootComment = ""
		}
	}
	if last := items[len(items)-1]; last.FootComment != "" {
		key.FootComment = joinComments(last.FootComment, key.FootComment)
		last.FootComment = ""
	}
}

func joinComments(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "\n" + b
}

// feedsSequence returns the feeds key and its list, creating them (before
// topics, where the shipped configs have them) when missing or null.
func feedsSequence(top *yaml.Node) (key, seq *yaml.Node, err error) {
	for i := 0; i+1 < len(top.Content); i += 2 {
		if top.Content[i].Value != "feeds" {
			continue
		}
		key, v := top.Content[i], top.Content[i+1]
		switch {
		case v.Kind == yaml.SequenceNode:
			return key, v, nil
		case v.Kind == yaml.ScalarNode && v.Tag == "!!null":
			seq := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq",
				HeadComment: v.HeadComment, LineComment: v.LineComment, FootComment: v.FootComment}
			top.Content[i+1] = seq
			return key, seq, nil
		}
		return nil, nil, fmt.Errorf("line %d: feeds is not a list", v.Line)
	}
	key, seq = yamlString("feeds"), &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
	at := len(top.Content)
	for i := 0; i+1 < len(top.Content); i += 2 {
		if top.Content[i].Value == "topics" {
			at = i
			break
		}
	}
	top.Content = append(top.Content[:at], append([]*yaml.Node{key, seq}, top.Content[at:]...)...)
	return key, seq, nil
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

// restoreBlankLines puts back the blank lines that separated keys and list
// entries in orig, which re-encoding drops: a blank line that preceded a
// key (or the comment block above it) precedes it again in out. With
// newFeeds, the feeds key, which orig lacks, gets one when other top-level
// keys in orig have one. If that changed what out means, out is returned
// as is.
func restoreBlankLines(orig, out []byte, newFeeds bool) []byte {
	origLines := strings.Split(string(orig), "\n")
	outLines := strings.Split(string(out), "\n")
	origPos, outPos := nodeLines(orig), nodeLines(out)
	if origPos == nil || outPos == nil {
		return out
	}
	blankBefore := map[int]bool{} // 0-based out line that gets a blank line above
	if nl, ok := outPos[".feeds"]; ok && newFeeds && nl > 0 && !isBlank(outLines, nl-1) {
		for p, ol := range origPos {
			if strings.Count(p, ".") == 1 && !strings.Contains(p, "[") {
				if direct, aboveComments := blankAbove(origLines, ol); direct || aboveComments {
					blankBefore[nl] = true
					break
				}
			}
		}
	}
	for p, ol := range origPos {
		nl, ok := outPos[p]
		if !ok {
			continue
		}
		direct, aboveComments := blankAbove(origLines, ol)
		if direct && !isBlank(outLines, nl-1) {
			blankBefore[nl] = true
		}
		if aboveComments {
			start := nl
			for start > 0 && isComment(outLines, start-1) {
				start--
			}
			if start > 0 && !isBlank(outLines, start-1) {
				blankBefore[start] = true
			}
		}
	}
	if len(blankBefore) == 0 {
		return out
	}
	var b strings.Builder
	for i, l := range outLines {
		if blankBefore[i] {
			b.WriteString("\n")
		}
		b.WriteString(l)
		if i < len(outLines)-1 {
			b.WriteString("\n")
		}
	}
	restored := []byte(b.String())
	var x, y any
	if yaml.Unmarshal(out, &x) != nil || yaml.Unmarshal(restored, &y) != nil || !reflect.DeepEqual(x, y) {
		return out
	}
	return restored
}

// nodeLines maps the path of every mapping key and list entry that starts
// a line ("fetch.timeout", "feeds[3]") to its 0-based line.
func nodeLines(data []byte) map[string]int {
	var root yaml.Node
	if yaml.Unmarshal(data, &root) != nil || root.Kind != yaml.DocumentNode || len(root.Content) == 0 {
		return nil
	}
	lines := strings.Split(string(data), "\n")
	starts := func(n *yaml.Node) bool {
		i := n.Line - 1
		if i < 0 || i >= len(lines) || n.Column < 1 || n.Column-1 > len(lines[i]) {
			return false
		}
		return strings.Trim(lines[i][:n.Column-1], " -") == ""
	}
	pos := map[string]int{}
	var walk func(n *yaml.Node, p string)
	walk = func(n *yaml.Node, p string) {
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k := p + "." + n.Content[i].Value
				if starts(n.Content[i]) {
					pos[k] = n.Content[i].Line - 1
				}
				walk(n.Content[i+1], k)
			}
		case yaml.SequenceNode:
			for i, c := range n.Content {
				k := p + "[" + strconv.Itoa(i) + "]"
				if starts(c) {
					pos[k] = c.Line - 1
				}
				walk(c, k)
			}
		}
	}
	walk(root.Content[0], "")
	return pos
}

// blankAbove reports whether line i has a blank line right above it, and
// whether the comment block right above it has one above that.
func blankAbove(lines []string, i int) (direct, aboveComments bool) {
	if isBlank(lines, i-1) {
		return true, false
	}
	j := i
	for j > 0 && isComment(lines, j-1) {
		j--
	}
	return false, j < i && isBlank(lines, j-1)
}

func isBlank(lines []string, i int) bool {
	return i >= 0 && i < len(lines) && strings.TrimSpace(lines[i]) == ""
}

func isComment(lines []string, i int) bool {
	return i >= 0 && i < len(lines) && strings.HasPrefix(strings.TrimSpace(lines[i]), "#")
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
