package provider

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// Failing closed: what a plan does when the cloud does not answer (a wrong key, a refused
// or a blackholed endpoint) — it fails, with the cause first, and prints no secret.

// The guard fails closed: a record to a mainland server that the guard could not judge
// because the cloud refused or did not answer fails the plan, with the cause first. No
// registry data is configured (rir_sources = []), so only the cloud could place the
// address: before, each of these plans passed with a "cannot classify" warning.
func TestAccGuard_failsClosedWhenTheCloudDoesNotAnswer(t *testing.T) {
	srv := guardEmulator(t)
	record := aRecord("www", "example.com", "www", "A", mainlandIP)
	for _, tc := range []struct {
		name     string
		provider string
		want     string
	}{
		{"wrong secret",
			providerBlock(srv.URL, srv.AccessKeyID, "not-the-secret", "requests_per_second = 0", "rir_sources = []"),
			`(?s)Cause:.*SignatureDoesNotMatch.*rejected\s+the\s+credentials\s+themselves`},
		{"refused endpoint",
			providerBlock(refusedEndpoint(t), srv.AccessKeyID, srv.AccessKeySecret, "requests_per_second = 0", "rir_sources = []", "max_retries = 1"),
			`(?s)Cause:.*connection\s+refused`},
		{"blackholed endpoint",
			providerBlock(silentEndpoint(t), srv.AccessKeyID, srv.AccessKeySecret, "requests_per_second = 0", "rir_sources = []", `client_read_timeout = "1s"`),
			`(?s)Cause:.*(Timeout|timeout)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      tc.provider + record,
					PlanOnly:    true,
					ExpectError: regexp.MustCompile(tc.want),
				}},
			})
			t.Logf("plan failed after %v", time.Since(start).Round(10*time.Millisecond))
		})
	}
	// The same record with a cloud that answers is judged on its merits: blocked for the
	// missing filing, not for a failure.
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      emuProvider(srv, "rir_sources = []") + record,
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`ICP\s+filing\s+\(备案\)\s+required:\s+www.example.com\s+→\s+47.96.10.20`),
		}},
	})
}

// A call that times out must not print the signed request URL: the STS token, the
// signature and every parameter are in its query string. The plan runs through the real
// CLI with TRACE logging, so the provider's own logs are searched too, and the
// configured timeout bounds it.
func TestAccProvider_timeoutLeaksNothing(t *testing.T) {
	requireAcc(t)
	const token = "STS-TOKEN-must-never-be-printed-6c1f"
	srv := startEmulator(t)
	silent := silentEndpoint(t)
	// No keys in the block: they and the token come from the environment, as in CI.
	run := newCLIRun(t, srv, `provider "beian" {
  client_read_timeout    = "1s"
  client_connect_timeout = "1s"
  rir_sources            = []
  requests_per_second    = 0
`+endpointsHCL(silent)+`}
`+aRecord("www", "example.com", "www", "A", mainlandIP))
	run.env = append(run.env, "ALIBABA_CLOUD_SECURITY_TOKEN="+token, "TF_LOG=TRACE")
	start := time.Now()
	code, out := run.run("plan", "-no-color")
	elapsed := time.Since(start)
	if code == 0 {
		t.Fatalf("plan against a blackholed endpoint passed; want it to fail closed:\n%s", lastLines(out, 40))
	}
	for _, secret := range []string{token, srv.AccessKeySecret, "Signature=", "SignatureNonce=", "SecurityToken="} {
		if strings.Contains(out, secret) {
			t.Errorf("the CLI output (TRACE log included) contains %q", secret)
		}
	}
	// The diagnostic itself, as the CLI prints it (a line of its own, unlike the TRACE
	// log's "  | Cause:" copies): the cause first, naming the limit that ran out and its
	// value. A refused or failing endpoint gives another cause and fails this.
	timedOut := regexp.MustCompile(`(?m)^Cause:\s+[A-Za-z]+\.[A-Za-z]+:\s+` +
		wrapTolerant("timed out: no answer within client_read_timeout (1s), or no connection within client_connect_timeout (1s)"))
	if !timedOut.MatchString(out) {
		t.Errorf("the plan should fail with the timeout as its cause (want %s):\n%s", timedOut, lastLines(out, 40))
	}
	// Reported, not asserted (shared machines are noisy): the read timeout (1s), its one
	// retry, for two read actions; nothing after that, the endpoint is then not asked.
	t.Logf("plan against a blackholed endpoint with client_read_timeout = 1s failed after %v", elapsed.Round(10*time.Millisecond))
}

// An endpoint that cannot be reached fails the plan within the limits the user set, not
// after a minute of backoff: a refused connection (nothing listens; BEIAN_ENDPOINT_OVERRIDE
// pointing at a closed port) is an answer, tried once more at once and then reported,
// whatever max_retries says (it was 9 attempts, 65–80 s, before); a blackholed endpoint
// (it accepts and never answers) costs each read its client_read_timeout twice. Every
// failed call says how many attempts it made. The wall time is logged, not asserted
// (BENCHMARKS.md has the measured figures).
func TestAccProvider_unreachableEndpointFailsWithinItsLimits(t *testing.T) {
	requireAcc(t)
	srv := startEmulator(t)
	attempts := regexp.MustCompile(`after\s+(\d+)\s+attempts`)
	for _, tc := range []struct {
		name, endpoint, settings, cause string
	}{
		{"refused", refusedEndpoint(t), "",
			`(?m)^Cause:\s+[a-z]+\.[A-Za-z]+:\s+Post:\s+dial\s+tcp\s+127\.0\.0\.1:1:\s+connect:\s+connection\s+refused\s+\(endpoint\s+http://127\.0\.0\.1:1,\s+after\s+2\s+attempts\)`},
		{"blackholed", silentEndpoint(t), "client_read_timeout = \"1s\"\n  client_connect_timeout = \"1s\"\n",
			`(?ms)^Cause:\s+[a-z]+\.[A-Za-z]+:\s+` + wrapTolerant("timed out: no answer within client_read_timeout (1s), or no connection within client_connect_timeout (1s);") +
				`.*?\s+after\s+2\s+attempts\)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			run := newCLIRun(t, srv, "provider \"beian\" {\n  rir_sources = []\n  requests_per_second = 0\n  "+tc.settings+"}\n"+
				aRecord("www", "example.com", "www", "A", mainlandIP))
			run.env = append(run.env, "BEIAN_ENDPOINT_OVERRIDE="+tc.endpoint) // the last value wins
			start := time.Now()
			code, out := run.run("plan", "-no-color")
			elapsed := time.Since(start)
			if code == 0 {
				t.Fatalf("plan against a %s endpoint passed; want it to fail closed:\n%s", tc.name, lastLines(out, 40))
			}
			if !regexp.MustCompile(tc.cause).MatchString(out) {
				t.Errorf("want a cause matching %s:\n%s", tc.cause, lastLines(out, 60))
			}
			for _, m := range attempts.FindAllStringSubmatch(out, -1) {
				if m[1] != "2" {
					t.Errorf("a call made %s attempts; want at most 2 (the first and one more):\n%s", m[1], lastLines(out, 60))
					break
				}
			}
			t.Logf("plan against a %s endpoint (max_retries 8, the default) failed after %v", tc.name, elapsed.Round(10*time.Millisecond))
		})
	}
}
