package fetch

import (
	"errors"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"os"
	"path"
	"strings"
)

// getFile reads the local feed at name; shown is how errors and FinalURL
// name it. Errors are permanent: a file does not get better by retrying soon.
func (c *Client) getFile(name, shown string, v Validators) (*Result, error) {
	f, info, err := c.openRegular(name, shown)
	if err != nil {
		return nil, err
	}
	defer f.Close()

	res := &Result{
		Validators:  fileValidators(info),
		ContentType: mime.TypeByExtension(path.Ext(name)),
		FinalURL:    shown,
	}
	if unchanged(v, res.Validators) {
		res.NotModified, res.Status = true, http.StatusNotModified
		return res, nil
	}
	body, err := readBody(f, c.opts.MaxBodyBytes, info.Size())
	if err == nil {
		err = checkFeed(body, res.ContentType)
	}
	if err != nil {
		return nil, fileError(shown, err)
	}
	res.Body, res.Status = body, http.StatusOK
	return res, nil
}

// openRegular opens the regular file at name; shown is how errors name it.
// Devices and FIFOs are refused: they could block or never end.
func (c *Client) openRegular(name, shown string) (fs.File, fs.FileInfo, error) {
	f, err := c.open(name)
	if err != nil {
		return nil, nil, fileError(shown, err)
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, fileError(shown, err)
	}
	if !info.Mode().IsRegular() {
		f.Close()
		return nil, nil, &Error{URL: shown, Err: errors.New("not a regular file")}
	}
	return f, info, nil
}

// open opens name in Options.Files, or in the OS file system if that is nil.
// fs.FS names are unrooted, so a leading slash (from a file:// URL) goes.
func (c *Client) open(name string) (fs.File, error) {
	if c.opts.Files == nil {
		return os.Open(name)
	}
	return c.opts.Files.Open(strings.TrimPrefix(path.Clean(name), "/"))
}

// fileValidators stands in for the validators a web server would send. The
// ETag includes the size and the mtime to the nanosecond, so it changes even
// when a file is rewritten within the second Last-Modified can express.
func fileValidators(info fs.FileInfo) Validators {
	mtime := info.ModTime().UTC()
	return Validators{
		ETag:         fmt.Sprintf(`W/"%x-%x"`, info.Size(), mtime.UnixNano()),
		LastModified: mtime.Format(http.TimeFormat),
	}
}

// unchanged reports whether the file with validators cur is the one that
// gave v. As in HTTP (RFC 9110 §13.1.3), an ETag takes precedence.
func unchanged(v, cur Validators) bool {
	if v.ETag != "" {
		return v.ETag == cur.ETag
	}
	return v.LastModified != "" && v.LastModified == cur.LastModified
}

// fileError wraps err for the file shown. A missing file gets a plain
// message; other *fs.PathErrors lose the path, which the message has already.
func fileError(shown string, err error) *Error {
	var pe *fs.PathError
	switch {
	case errors.Is(err, fs.ErrNotExist):
		err = &reason{msg: "no such file", err: fs.ErrNotExist}
	case errors.As(err, &pe):
		err = pe.Err
	}
	return &Error{URL: shown, Err: err}
}
