package cli

import (
	"fmt"
	"io"
	"os"

	"github.com/newsdigest/newsdigest/internal/eval"
)

func (e *env) eval(args []string) error {
	if len(args) == 0 {
		return usageError{"usage: newsdigest eval stories|quotes --in FILE.jsonl"}
	}
	var run func(in io.Reader, out, report io.Writer) error
	switch args[0] {
	case "stories":
		run = eval.Stories
	case "quotes":
		run = eval.Quotes
	default:
		return usageError{fmt.Sprintf("unknown eval %q (want stories or quotes)", args[0])}
	}
	fs := e.flags("eval "+args[0], "eval "+args[0]+" --in FILE.jsonl   (results to stdout, scores to stderr)")
	in := fs.String("in", "", "JSON-lines input file (- for stdin)")
	if err := parse(fs, args[1:]); err != nil {
		return err
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
	return run(r, e.stdout, e.stderr)
}
