// Package buildinfo says which release a binary of this repository is: the provider and
// beian-emulator report it (the provider's Metadata and User-Agent, `-version`).
package buildinfo

import (
	"runtime/debug"
	"strings"
)

// Dev is the version of a build that is no release: `go build`, `make build`, `make install`
// from a checkout.
const Dev = "dev"

// Version is the version a binary was built as, without a leading "v" (the form the
// registries and goreleaser's {{ .Version }} use): the value linked in by the release build
// (-ldflags "-X main.version=0.1.0"), else the module version Go recorded when the binary
// was installed with `go install github.com/beian-dev/terraform-provider-beian@v0.1.0`,
// else Dev.
func Version(linked string) string {
	info, _ := debug.ReadBuildInfo()
	return version(linked, info)
}

func version(linked string, info *debug.BuildInfo) string {
	if v := strings.TrimPrefix(strings.TrimSpace(linked), "v"); v != "" && v != Dev {
		return v
	}
	// A build inside the module's own checkout records "(devel)"; a `go install module@version`
	// records that version (a pseudo-version for a commit).
	if info != nil && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return strings.TrimPrefix(info.Main.Version, "v")
	}
	return Dev
}
