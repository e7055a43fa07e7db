package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestSignalLogsShutdown: SIGTERM and SIGINT stop `serve` cleanly (exit 0)
// and the log says why it stopped and when it was done.
func TestSignalLogsShutdown(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the service as a process")
	}
	feeds, err := filepath.Abs("../../feeds")
	if err != nil {
		t.Fatal(err)
	}
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
		t.Run(sig.String(), func(t *testing.T) {
			dir := t.TempDir()
			cfgPath := filepath.Join(dir, "newsdigest.yaml")
			cfg := fmt.Sprintf("data_dir: %s\nlog: {format: json}\nfeeds:\n  - {name: interfax-ukraine, url: %s/interfax-ukraine.json}\n",
				filepath.Join(dir, "data"), feeds)
			if err := os.WriteFile(cfgPath, []byte(cfg), 0o644); err != nil {
				t.Fatal(err)
			}
			var logs syncBuffer
			cmd := serveCmd(cfgPath, "NEWSDIGEST_TELEGRAM_TOKEN=")
			cmd.Stderr = &logs
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			for deadline := time.Now().Add(30 * time.Second); !strings.Contains(logs.String(), `"msg":"poll finished"`); time.Sleep(20 * time.Millisecond) {
				if time.Now().After(deadline) {
					cmd.Process.Kill()
					t.Fatalf("no poll within 30s:\n%s", logs.String())
				}
			}
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			if err := cmd.Wait(); err != nil {
				t.Errorf("exit after %v: %v", sig, err)
			}
			out := logs.String()
			for _, want := range []string{
				`"msg":"shutting down: finishing in-flight work, releasing leases","reason":"signal ` + sig.String() + `"`,
				`"msg":"stopped","took":"`,
				`"msg":"poll finished","feeds":1,"failed":0,"not_modified":0,"added":`,
			} {
				if !strings.Contains(out, want) {
					t.Errorf("log lacks %s:\n%s", want, out)
				}
			}
		})
	}
}
