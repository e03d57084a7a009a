package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/beian-dev/terraform-provider-beian/internal/aliyun"
)

// testAccProtoV6ProviderFactories serves the provider in-process to the CLI that
// terraform-plugin-testing drives (OpenTofu from .tools/bin by default, see GNUmakefile).
var testAccProtoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"beian": providerserver.NewProtocol6WithError(New("test")()),
}

// TestMain guards against a trap seen on developer and CI machines: TF_CLI_CONFIG_FILE
// pointing at a file that does not exist makes OpenTofu print a warning before its
// version line, and terraform-plugin-testing then fails to parse the version. The tests
// must not depend on the user's CLI configuration anyway, so they use an empty one.
func TestMain(m *testing.M) {
	if os.Getenv("TF_ACC") != "" {
		if f := os.Getenv("TF_CLI_CONFIG_FILE"); f == "" || !fileExists(f) || os.Getenv("BEIAN_TEST_KEEP_CLI_CONFIG") == "" {
			dir, err := os.MkdirTemp("", "beian-acc-")
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(2)
			}
			cfg := filepath.Join(dir, "empty.tfrc")
			if err := os.WriteFile(cfg, []byte("# empty: acceptance tests ignore the user's CLI configuration\n"), 0o600); err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(2)
			}
			os.Setenv("TF_CLI_CONFIG_FILE", cfg)
			code := m.Run()
			os.RemoveAll(dir)
			os.Exit(code)
		}
	}
	os.Exit(m.Run())
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// providerBlock renders a provider block that sends every product to baseURL with the
// given static credentials, plus extra attribute lines.
func providerBlock(baseURL, accessKey, secret string, extra ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "provider \"beian\" {\n  access_key = %q\n  secret_key = %q\n", accessKey, secret)
	for _, e := range extra {
		fmt.Fprintf(&b, "  %s\n", e)
	}
	b.WriteString("  endpoints {\n")
	for _, p := range aliyun.Products {
		fmt.Fprintf(&b, "    %s = %q\n", p.Product, baseURL)
	}
	b.WriteString("  }\n}\n")
	return b.String()
}
