// Package newsdigest carries the files a fresh install runs on: the default
// config and the bundled sample feeds, so `newsdigest digest` works from any
// directory with no network.
package newsdigest // import "github.com/newsdigest/newsdigest"

import "embed"

// Defaults holds configs/newsdigest.yaml and feeds/, laid out as in the repo.
//
//go:embed configs/newsdigest.yaml feeds
var Defaults embed.FS

// DefaultConfig is the path of the default config, in Defaults and in a
// checkout.
const DefaultConfig = "configs/newsdigest.yaml"
