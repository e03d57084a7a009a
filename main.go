// Command terraform-provider-beian serves the beian Terraform/OpenTofu provider.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"

	"github.com/beian-dev/terraform-provider-beian/internal/buildinfo"
	"github.com/beian-dev/terraform-provider-beian/internal/provider"
)

// version is set by the release build (goreleaser -ldflags "-X main.version={{ .Version }}");
// buildinfo.Version falls back to the module version of `go install …@v0.1.0`, else "dev".
var version = buildinfo.Dev

func main() {
	var debug, showVersion bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve (prints TF_REATTACH_PROVIDERS)")
	flag.BoolVar(&showVersion, "version", false, "print the provider's version and exit")
	flag.Parse()
	v := buildinfo.Version(version)
	if showVersion {
		fmt.Fprintln(os.Stdout, "terraform-provider-beian", v)
		return
	}

	if err := provider.Serve(context.Background(), v, debug); err != nil {
		log.Fatal(err.Error())
	}
}
