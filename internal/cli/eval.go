package cli

import (
	"bufio"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"os"

	"github.com/newsdigest/newsdigest/internal/eval"
)

func (e *env) eval(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return usageError{"usage: newsdigest eval stories|quotes|extract|teasers --in FILE.jsonl[.gz]"}
	}
	var run func(in io.Reader, out, report io.Writer) error
	var sopts eval.StoriesOptions // eval stories' own flags
	switch args[0] {
	case "stories":
		run = func(in io.Reader, out, report io.Writer) error { return eval.Stories(in, out, report, sopts) }
	case "quotes":
		run = eval.Quotes
	case "extract":
		run = eval.Extract
	case "teasers":
		run = func(in io.Reader, out, report io.Writer) error { return evalTeasers(ctx, in, out, report) }
	default:
		return usageError{fmt.Sprintf("unknown eval %q (want stories, quotes, extract or teasers)", args[0])}
	}
	fs := e.flags("eval "+args[0], "eval "+args[0]+" --in FILE.jsonl[.gz]   (results to stdout, scores to stderr)")
	in := fs.String("in", "", "JSON-lines input file, gzipped or not (- for stdin)")
	var pairsFile *string
	if args[0] == "stories" {
		pairsFile = fs.String("pairs", "", "labelled article pairs to score the grouping's pair decisions with (JSON lines {id1,id2,lang,same})")
		fs.IntVar(&sopts.Draws, "draws", 0, "also group this many random draws of whole gold stories alone (a small deployment), scoring each")
		fs.Float64Var(&sopts.Share, "share", 0.1, "the share of gold stories in each draw")
		fs.Uint64Var(&sopts.Seed, "seed", 1, "the draws' random seed")
	}
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	if pairsFile != nil && *pairsFile != "" {
		f, err := os.Open(*pairsFile)
		if err != nil {
			return err
		}
		defer f.Close()
		sopts.Pairs = f
	}
	if args[0] == "stories" && (sopts.Draws < 0 || sopts.Share <= 0 || sopts.Share > 1) {
		return usageError{"eval stories: --draws must be ≥ 0 and --share in (0, 1]"}
	}
	if *in == "" {
		return usageError{"eval " + args[0] + ": --in FILE is required"}
	}
	r := io.Reader(os.Stdin)
	if *in != "-" {
		f, err := os.Open(*in)
		if err != nil {
			return err
		}
		defer f.Close()
		r = f
	}
	r, err := gunzip(r)
	if err != nil {
		return fmt.Errorf("eval: %s: %w", *in, err)
	}
	return run(r, e.stdout, e.stderr)
}

// gunzip returns r decompressed when it starts with gzip's magic bytes,
// else r as it is.
func gunzip(r io.Reader) (io.Reader, error) {
	br := bufio.NewReader(r)
	magic, _ := br.Peek(2)
	if len(magic) < 2 || magic[0] != 0x1f || magic[1] != 0x8b {
		return br, nil
	}
	return gzip.NewReader(br)
}
