package guardconfig

import (
	"context"
	"strings"
	"testing"

	"github.com/beian-dev/terraform-provider-beian/internal/aliyun"
	"github.com/beian-dev/terraform-provider-beian/internal/guard"
	"github.com/beian-dev/terraform-provider-beian/internal/icp"
)

// A bad setting is a Problem naming the argument and the entry that holds it, so each
// front end can point at it (the provider at the attribute, beian-guard at the file line).
func TestSettingsProblemsNameTheEntry(t *testing.T) {
	_, problems := Guard{
		Enforcement:     "block",
		ICPSource:       "miit",
		MainlandCIDRs:   []string{"203.0.113.0/24", "not-a-cidr"},
		DeclaredFilings: map[string]string{"a.example": "浙ICP备12345678号-1", "example.com": "12345"},
		RIRSources:      []string{"/no/such/delegated-file"},
		RIRCacheMaxAge:  "2y",
	}.Settings(nil, nil)
	want := map[string]string{
		"enforcement":                     `enforcement = "block"`,
		"icp_source":                      `icp_source = "miit"`,
		"mainland_cidrs[1]":               `"not-a-cidr"`,
		`declared_filings["example.com"]`: `"12345"`,
		"rir_sources[0]":                  "/no/such/delegated-file",
		"rir_cache_max_age":               `"2y" is not a duration`,
	}
	got := map[string]string{}
	for _, p := range problems {
		got[p.Where()] = p.Detail
	}
	for where, part := range want {
		if !strings.Contains(got[where], part) {
			t.Errorf("problem at %s = %q, want it to contain %q (all: %v)", where, got[where], part, problems)
		}
	}
	if len(problems) != len(want) {
		t.Errorf("%d problems, want %d: %v", len(problems), len(want), problems)
	}
}

// Without a client, an API icp_source cannot answer: a mainland record is not allowed
// through it (fail closed), while declared_filings still answer offline.
func TestSettingsWithoutClientFailClosed(t *testing.T) {
	ctx := context.Background()
	s, problems := Guard{DeclaredFilings: map[string]string{"www.filed.example": "浙ICP备12345678号-1"},
		MainlandCIDRs: []string{"203.0.113.0/24"}}.Settings(nil, nil)
	if len(problems) != 0 {
		t.Fatal(problems)
	}
	ans, err := s.Filings.Lookup(ctx, "example.com")
	if err == nil || ans.Status != icp.Unknown || !strings.Contains(err.Error(), "needs Alibaba Cloud credentials") {
		t.Fatalf("companyreg without a client: %+v, %v", ans, err)
	}
	if ans, err := s.Filings.Lookup(ctx, "filed.example"); err != nil || !ans.Approved() {
		t.Fatalf("declared filing without a client: %+v, %v", ans, err)
	}
	g := guard.New(s)
	j := g.Judge(ctx, guard.Record{Name: "www.example.com", Type: "A", Value: "203.0.113.7", Enabled: true}, guard.Plan)
	if j.Allowed() || len(j.Findings) == 0 || j.Findings[0].Kind != guard.KindCannotJudge {
		t.Fatalf("mainland record, no client, companyreg: %+v", j.Findings)
	}
	s, _ = Guard{ICPSource: "declared", MainlandCIDRs: []string{"203.0.113.0/24"}}.Settings(nil, nil)
	j = guard.New(s).Judge(ctx, guard.Record{Name: "www.example.com", Type: "A", Value: "203.0.113.7", Enabled: true}, guard.Plan)
	if j.Allowed() || j.Findings[0].Kind != guard.KindNoFiling {
		t.Fatalf("mainland record, declared source, no filing: %+v", j.Findings)
	}
}

// The client configuration resolves as the provider's: attributes, then the
// environment, then defaults.
func TestClientConfig(t *testing.T) {
	env := map[string]string{"ALIBABA_CLOUD_ACCESS_KEY_ID": "LTAIexample", "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "s3cret", "ALICLOUD_REGION": "cn-shanghai"}
	getenv := func(k string) string { return env[k] }
	cfg, err := Client{}.Config(getenv, t.TempDir())
	if err != nil || cfg.CredentialsErr != nil || cfg.Region != "cn-shanghai" || cfg.MaxRetries != aliyun.DefaultMaxRetries {
		t.Fatalf("from the environment: %+v, %v", cfg, err)
	}
	retries := 0
	cfg, err = Client{Region: "cn-beijing", MaxRetries: &retries}.Config(func(string) string { return "" }, t.TempDir())
	if err != nil || cfg.Region != "cn-beijing" || cfg.MaxRetries != 0 || !aliyun.IsCredentialError(cfg.CredentialsErr) {
		t.Fatalf("no credentials: %+v, %v", cfg, err)
	}
	cfg, err = Client{}.Config(func(string) string { return "" }, t.TempDir())
	if err != nil || cfg.Region != DefaultRegion {
		t.Fatalf("default region: %q, %v", cfg.Region, err)
	}
	// assume_role is completed from the environment, and without any role_arn no role is
	// assumed, as in the provider.
	if cfg, err := (Client{AssumeRole: &AssumeRole{}}).Config(getenv, t.TempDir()); err != nil || cfg.AssumeRole.RoleARN != "" {
		t.Fatalf("assume_role without role_arn: %+v, %v", cfg.AssumeRole, err)
	}
	env["ALIBABA_CLOUD_ROLE_ARN"] = "acs:ram::123456789012:role/guard"
	if cfg, err := (Client{AssumeRole: &AssumeRole{SessionName: "ci"}}).Config(getenv, t.TempDir()); err != nil ||
		cfg.AssumeRole.RoleARN != "acs:ram::123456789012:role/guard" || cfg.AssumeRole.SessionName != "ci" {
		t.Fatalf("assume_role from the environment: %+v, %v", cfg.AssumeRole, err)
	}
	env["ALICLOUD_ASSUME_ROLE_SESSION_EXPIRATION"] = "60"
	if _, err := (Client{AssumeRole: &AssumeRole{}}).Config(getenv, t.TempDir()); err == nil || !strings.Contains(err.Error(), "900 to 43200") {
		t.Fatalf("a session expiration out of range: %v", err)
	}
	if _, err := (Client{Endpoints: map[aliyun.Product]string{aliyun.Products[0].Product: "ftp://x"}}).Config(getenv, t.TempDir()); err == nil {
		t.Fatal("an ftp endpoint was accepted")
	}
}
