package aliyun

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/beian-dev/terraform-provider-beian/internal/emulator"
	"github.com/beian-dev/terraform-provider-beian/internal/emulator/emulatortest"
)

// Temporary credentials through credentials-go against the emulator: the ECS instance
// metadata service (the emulator as the HTTP proxy for 100.100.100.200, as an instance's
// own metadata address would be), a credentials URI, and STS AssumeRoleWithOIDC over
// HTTPS. Every call after the login is signed with the temporary key.

// temporaryClient is a client of srv signing with the temporary credentials of src.
func temporaryClient(t *testing.T, srv *emulatortest.Server, src *TemporarySource, mutate func(*Config)) *Client {
	t.Helper()
	clearProxyEnv(t)
	eps, err := NewEndpoints(nil, srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{Credentials: Credentials{Temporary: src, Source: "test"}, Endpoints: eps, MaxRetries: 1, BaseDelay: time.Millisecond,
		temporaryProxy: srv.URL}
	if mutate != nil {
		mutate(&cfg)
	}
	c, err := NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// signedOnlyWithTemporaryKeys checks that the emulator saw calls signed with temporary
// keys only, never with a configured access key.
func signedOnlyWithTemporaryKeys(t *testing.T, srv *emulatortest.Server) emulator.Stats {
	t.Helper()
	st, err := srv.Control.Stats()
	if err != nil {
		t.Fatal(err)
	}
	if st.SignedWith["sts"] == 0 || st.SignedWith["ak"] != 0 {
		t.Errorf("signed_with = %v; want temporary (sts) keys only", st.SignedWith)
	}
	return st
}

func TestECSInstanceRoleThroughTheMetadataService(t *testing.T) {
	for _, role := range []string{"beian-ecs", "*"} {
		t.Run(role, func(t *testing.T) {
			srv := emulatortest.Start(t)
			if err := srv.Control.SetSettings(emulator.Settings{InstanceRAMRole: "beian-ecs"}); err != nil {
				t.Fatal(err)
			}
			c := temporaryClient(t, srv, &TemporarySource{ECSRole: role}, nil)
			if _, err := c.DescribeRegions(context.Background()); err != nil {
				t.Fatalf("DescribeRegions with the instance's role: %v", err)
			}
			st := signedOnlyWithTemporaryKeys(t, srv)
			if st.Calls["EcsMetadata.SecurityCredentials"] != 1 {
				t.Errorf("the metadata service was asked for credentials %d times, want once (credentials-go keeps them)", st.Calls["EcsMetadata.SecurityCredentials"])
			}
			if got := c.Credentials(); !strings.Contains(got, "instance metadata") {
				t.Errorf("Credentials() = %q; want it to name the instance metadata", got)
			}
		})
	}
}

func TestECSInstanceRoleNotAttached(t *testing.T) {
	srv := emulatortest.Start(t)
	c := temporaryClient(t, srv, &TemporarySource{ECSRole: "beian-ecs"}, nil)
	_, err := c.DescribeRegions(context.Background())
	if err == nil {
		t.Fatal("DescribeRegions succeeded without a role attached to the instance")
	}
	if !IsCredentialError(err) || !strings.Contains(err.Error(), `ECS instance RAM role "beian-ecs"`) {
		t.Errorf("error %v: want a credentials error naming the role", err)
	}
	if st, _ := srv.Control.Stats(); st.Calls["Ecs.DescribeRegions"] != 0 {
		t.Errorf("DescribeRegions was sent without credentials")
	}
}

func TestCredentialsURI(t *testing.T) {
	srv := emulatortest.Start(t)
	if err := srv.Control.SetSettings(emulator.Settings{InstanceRAMRole: "sidecar"}); err != nil {
		t.Fatal(err)
	}
	c := temporaryClient(t, srv, &TemporarySource{URI: srv.URL + "/latest/meta-data/ram/security-credentials/sidecar"}, func(c *Config) { c.temporaryProxy = "" })
	if _, err := c.DescribeRegions(context.Background()); err != nil {
		t.Fatalf("DescribeRegions with credentials from the URI: %v", err)
	}
	signedOnlyWithTemporaryKeys(t, srv)
}

// oidcToken is a JWT with the claims the emulator reads; its signature is not checked.
func oidcToken(exp time.Time) string {
	payload := `{"iss":"https://token.actions.example.com","sub":"repo:example/site:ref:refs/heads/main","aud":"sts.aliyuncs.com","exp":` +
		strconv.FormatInt(exp.Unix(), 10) + `}`
	return "eyJhbGciOiJSUzI1NiJ9." + base64.RawURLEncoding.EncodeToString([]byte(payload)) + ".c2lnbmF0dXJl"
}

// tlsEmulator serves srv's emulator over HTTPS too (credentials-go exchanges OIDC tokens
// over HTTPS only) and makes the process trust its certificate for the test.
func tlsEmulator(t *testing.T, srv *emulatortest.Server) string {
	t.Helper()
	ts := httptest.NewTLSServer(srv.Emulator)
	t.Cleanup(ts.Close)
	pool := x509.NewCertPool()
	pool.AddCert(ts.Certificate())
	dt, ok := http.DefaultTransport.(*http.Transport)
	if !ok {
		t.Fatalf("http.DefaultTransport is a %T", http.DefaultTransport)
	}
	old := dt.TLSClientConfig
	dt.TLSClientConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	t.Cleanup(func() { dt.TLSClientConfig = old })
	return ts.URL
}

func TestAssumeRoleWithOIDC(t *testing.T) {
	srv := emulatortest.Start(t)
	stsURL := tlsEmulator(t, srv)
	tokenFile := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(tokenFile, []byte(oidcToken(time.Now().Add(time.Hour))), 0o600); err != nil {
		t.Fatal(err)
	}
	for name, o := range map[string]OIDCInput{
		"token file": {TokenFile: tokenFile},
		"token":      {Token: oidcToken(time.Now().Add(time.Hour)), SessionName: "ci-run", SessionExpiration: 900},
	} {
		t.Run(name, func(t *testing.T) {
			if err := srv.Control.ResetStats(); err != nil {
				t.Fatal(err)
			}
			o.ProviderARN, o.RoleARN = "acs:ram::123456789012:oidc-provider/github", "acs:ram::123456789012:role/ci"
			c := temporaryClient(t, srv, &TemporarySource{OIDC: &o}, func(c *Config) {
				c.temporaryProxy = ""
				c.Endpoints, _ = NewEndpoints(map[Product]string{ProductSTS: stsURL}, srv.URL)
			})
			if _, err := c.DescribeRegions(context.Background()); err != nil {
				t.Fatalf("DescribeRegions after the OIDC login: %v", err)
			}
			st := signedOnlyWithTemporaryKeys(t, srv)
			if st.Calls["Sts.AssumeRoleWithOIDC"] != 1 {
				t.Errorf("AssumeRoleWithOIDC calls = %d, want 1", st.Calls["Sts.AssumeRoleWithOIDC"])
			}
		})
	}
}

// An OIDC exchange refuses an http:// STS endpoint before sending the token anywhere.
func TestAssumeRoleWithOIDCNeedsHTTPS(t *testing.T) {
	srv := emulatortest.Start(t)
	tok := oidcToken(time.Now().Add(time.Hour))
	c := temporaryClient(t, srv, &TemporarySource{OIDC: &OIDCInput{ProviderARN: "acs:ram::1:oidc-provider/x", RoleARN: "acs:ram::1:role/x", Token: tok}}, nil)
	_, err := c.DescribeRegions(context.Background())
	if err == nil || !IsCredentialError(err) || !strings.Contains(err.Error(), "over HTTPS only") || !strings.Contains(err.Error(), "endpoints.sts") {
		t.Fatalf("error %v: want the HTTPS rule, naming endpoints.sts", err)
	}
	if strings.Contains(err.Error(), tok) || strings.Contains(Explain(err), tok) {
		t.Errorf("the error shows the OIDC token: %v", err)
	}
	if st, _ := srv.Control.Stats(); st.Calls["Sts.AssumeRoleWithOIDC"] != 0 {
		t.Errorf("the token was sent over HTTP")
	}
}

// The source's description goes to the debug log and the pool's Source: a credentials_uri
// with a token in its user info or its query shows neither.
func TestTemporarySourceStringHidesURISecrets(t *testing.T) {
	for _, uri := range []string{
		"http://127.0.0.1:8080/creds?token=URISECRET123",
		"https://user:URISECRET123@creds.example.com/v1?x=URISECRET123#frag",
	} {
		got := (&TemporarySource{URI: uri}).String()
		if strings.Contains(got, "URISECRET123") || !strings.Contains(got, "credentials_uri ") {
			t.Errorf("String() of %q = %q; want the URI without its secrets", uri, got)
		}
	}
}
