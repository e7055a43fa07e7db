package fetch

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

func TestReadBody(t *testing.T) {
	t.Parallel()
	const limit = 100 << 10
	filler := func(n int) []byte { return bytes.Repeat([]byte("<x/>"), n/4+1)[:n] }
	tests := map[string]struct {
		body    []byte
		size    int64 // announced; -1 unknown
		wantErr error // nil: want body back
	}{
		"empty, size known":                  {body: nil, size: 0},
		"empty, size unknown":                {body: nil, size: -1},
		"small, size unknown":                {body: filler(100), size: -1},
		"at the limit, size known":           {body: filler(limit), size: limit},
		"at the limit, size unknown":         {body: filler(limit), size: -1},
		"one over the limit, size unknown":   {body: filler(limit + 1), size: -1, wantErr: ErrTooLarge},
		"far over the limit, size unknown":   {body: filler(10 * limit), size: -1, wantErr: ErrTooLarge},
		"announced over the limit":           {body: filler(limit + 1), size: limit + 1, wantErr: ErrTooLarge},
		"shorter than announced":             {body: filler(1000), size: 50 << 10},
		"longer than announced":              {body: filler(70 << 10), size: 1000},
		"longer than announced, to overflow": {body: filler(limit + 1), size: limit, wantErr: ErrTooLarge},
		"announced empty but is not":         {body: filler(40 << 10), size: 0},
		"gzip, announced compressed size":    {body: filler(limit), size: int64(len(gzipped(filler(limit))))},
		"gzip bomb, announced small":         {body: make([]byte, 10*limit), size: 1000, wantErr: ErrTooLarge},
	}
	readers := map[string]func(io.Reader) io.Reader{
		"plain":    func(r io.Reader) io.Reader { return r },
		"one byte": iotest.OneByteReader,
		"half":     iotest.HalfReader,
		"data+EOF": iotest.DataErrReader,
	}
	for name, tt := range tests {
		for rname, wrap := range readers {
			t.Run(name+"/"+rname, func(t *testing.T) {
				t.Parallel()
				in := tt.body
				if strings.HasPrefix(name, "gzip") {
					in = gzipped(tt.body)
				}
				got, err := readBody(wrap(bytes.NewReader(in)), limit, tt.size)
				switch {
				case tt.wantErr != nil:
					if !errors.Is(err, tt.wantErr) {
						t.Fatalf("readBody = %d bytes, %v; want %v", len(got), err, tt.wantErr)
					}
					if want := "body exceeds 100 KiB limit"; err.Error() != want {
						t.Errorf("message = %q, want %q", err, want)
					}
				case err != nil:
					t.Fatalf("readBody: %v", err)
				case !bytes.Equal(got, tt.body):
					t.Errorf("readBody = %d bytes, want %d", len(got), len(tt.body))
				case got == nil:
					t.Errorf("readBody = nil, want an empty slice")
				}
			})
		}
	}
}

func TestReadBodyError(t *testing.T) {
	t.Parallel()
	boom := errors.New("boom")
	for _, size := range []int64{-1, 10, 1 << 20} {
		r := io.MultiReader(strings.NewReader("<rss>"), iotest.ErrReader(boom))
		if _, err := readBody(r, 1<<20, size); !errors.Is(err, boom) {
			t.Errorf("size %d: readBody error = %v, want %v", size, err, boom)
		}
	}
	if _, err := readBody(strings.NewReader("\x1f\x8bnot gzip"), 1<<20, -1); err == nil ||
		!strings.HasPrefix(err.Error(), "reading gzip body: ") {
		t.Errorf("bad gzip: readBody error = %v, want one about gzip", err)
	}
}

// A huge announced size within a huge limit is not taken at its word.
func TestReadBodyHugeSize(t *testing.T) {
	t.Parallel()
	got, err := readBody(strings.NewReader(rssBody), 1<<50, 1<<45)
	if err != nil || string(got) != rssBody {
		t.Errorf("readBody = %q, %v; want the body", got, err)
	}
}

// A body announced within the limit takes one allocation of its size.
func TestReadBodyAllocatesOnce(t *testing.T) {
	body := bytes.Repeat([]byte("<x/>"), 64<<10)
	r := bytes.NewReader(body)
	allocs := testing.AllocsPerRun(10, func() {
		r.Reset(body)
		got, err := readLimited(r, 1<<20, int64(len(body)))
		if err != nil || len(got) != len(body) {
			t.Fatalf("readLimited = %d bytes, %v", len(got), err)
		}
	})
	if allocs != 1 {
		t.Errorf("readLimited made %v allocations, want 1", allocs)
	}
}
