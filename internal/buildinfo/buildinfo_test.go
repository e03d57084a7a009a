package buildinfo

import (
	"runtime/debug"
	"testing"
)

func TestVersion(t *testing.T) {
	installed := &debug.BuildInfo{Main: debug.Module{Path: "github.com/beian-dev/terraform-provider-beian", Version: "v0.1.0"}}
	checkout := &debug.BuildInfo{Main: debug.Module{Path: "github.com/beian-dev/terraform-provider-beian", Version: "(devel)"}}
	for _, c := range []struct {
		name, linked string
		info         *debug.BuildInfo
		want         string
	}{
		{"release build (goreleaser ldflags)", "0.1.0", checkout, "0.1.0"},
		{"ldflags with a v", "v0.1.0", nil, "0.1.0"},
		{"ldflags win over the module version", "0.2.0-rc.1", installed, "0.2.0-rc.1"},
		{"go install …@v0.1.0", "dev", installed, "0.1.0"},
		{"go install …@commit (pseudo-version)", "", &debug.BuildInfo{Main: debug.Module{Version: "v0.1.1-0.20261201120000-abcdefabcdef"}}, "0.1.1-0.20261201120000-abcdefabcdef"},
		{"make build in a checkout", "dev", checkout, Dev},
		{"no build info", "", nil, Dev},
	} {
		if got := version(c.linked, c.info); got != c.want {
			t.Errorf("%s: version(%q, %v) = %q, want %q", c.name, c.linked, c.info, got, c.want)
		}
	}
}
