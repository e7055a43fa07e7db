package fetch_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/newsdigest/newsdigest/internal/fetch"
)

// A poller keeps the validators of each fetch and passes them to the next,
// so an unchanged feed costs a 304.
func ExampleClient_Get() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		io.WriteString(w, `<rss version="2.0"><channel><title>News</title></channel></rss>`)
	}))
	defer srv.Close()

	c := fetch.New(fetch.Options{})
	var v fetch.Validators
	for range 2 {
		res, err := c.Get(context.Background(), srv.URL, v)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(res.Status, res.NotModified, len(res.Body), res.Validators.ETag)
		v = res.Validators
	}
	// Output:
	// 200 false 63 "v1"
	// 304 true 0 "v1"
}

// GetPage returns the page in UTF-8, whatever it came in: here a Ukrainian
// page in Windows-1251 that does not say so.
func ExampleClient_GetPage() {
	c := fetch.New(fetch.Options{})
	page, err := c.GetPage(context.Background(), "testdata/pages/cp1251.html")
	if err != nil {
		// A *fetch.Error: retry later if Temporary, else never again.
		fmt.Println(err)
		return
	}
	_, title, _ := strings.Cut(string(page.Body), "<title>")
	title, _, _ = strings.Cut(title, "</title>")
	fmt.Println(page.Charset, page.CharsetFrom, page.ContentType)
	fmt.Println(title)
	// Output:
	// windows-1251 detected text/html; charset=utf-8
	// Переговори продовжаться в Стамбулі
}
