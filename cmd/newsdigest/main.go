// Command newsdigest polls news feeds, groups related stories and sends
// digests to Telegram. Run "newsdigest help" for the commands.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/newsdigest/newsdigest/internal/cli"
)

func main() {
	// The first SIGINT or SIGTERM stops the command gracefully, with the
	// signal as the context's cause for the log; a second one kills it.
	ctx, cancel := context.WithCancelCause(context.Background())
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	go func() {
		s := <-sig
		signal.Stop(sig)
		cancel(fmt.Errorf("signal %v", s))
	}()
	code := cli.Run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	cancel(nil)
	os.Exit(code)
}
