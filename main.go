// Command terraform-provider-beian serves the beian Terraform/OpenTofu provider.
package main

import (
	"context"
	"flag"
	"log"

	"github.com/beian-dev/terraform-provider-beian/internal/provider"
)

// version is set by the release build (goreleaser -ldflags "-X main.version=…").
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve (prints TF_REATTACH_PROVIDERS)")
	flag.Parse()

	if err := provider.Serve(context.Background(), version, debug); err != nil {
		log.Fatal(err.Error())
	}
}
