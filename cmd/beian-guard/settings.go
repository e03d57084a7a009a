package main

import (
	"errors"
	"flag"
	"fmt"
	"maps"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/gohcl"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/beian-dev/terraform-provider-beian/internal/aliyun"
	"github.com/beian-dev/terraform-provider-beian/internal/guardconfig"
)

// defaultSettingsFile is read from the working directory when --config is not given.
const defaultSettingsFile = ".beian-guard.hcl"

// Unknown values: what a record whose value is known only after apply is.
const (
	unknownWarn = "warn"
	unknownFail = "fail"
)

// fileSettings is .beian-guard.hcl: the provider block's arguments, under the same
// names, plus unknown_values. Credentials are not read from it (a file committed next to
// the code is no place for a secret): they come from the environment or a CLI profile,
// as the provider's do.
type fileSettings struct {
	Enforcement     *string           `hcl:"enforcement,optional"`
	ICPSource       *string           `hcl:"icp_source,optional"`
	DeclaredFilings map[string]string `hcl:"declared_filings,optional"`
	MainlandCIDRs   []string          `hcl:"mainland_cidrs,optional"`
	OffshoreCIDRs   []string          `hcl:"offshore_cidrs,optional"`
	LocationSources *[]string         `hcl:"location_sources,optional"`
	RIRSources      []string          `hcl:"rir_sources,optional"`
	RIRCacheMaxAge  *string           `hcl:"rir_cache_max_age,optional"`
	AccountLookup   *bool             `hcl:"account_lookup,optional"`
	UnknownValues   *string           `hcl:"unknown_values,optional"`

	Profile               *string  `hcl:"profile,optional"`
	SharedCredentialsFile *string  `hcl:"shared_credentials_file,optional"`
	ECSRoleName           *string  `hcl:"ecs_role_name,optional"`
	CredentialsURI        *string  `hcl:"credentials_uri,optional"`
	Region                *string  `hcl:"region,optional"`
	MaxRetries            *int     `hcl:"max_retries,optional"`
	RequestsPerSecond     *float64 `hcl:"requests_per_second,optional"`
	ClientConnectTimeout  *string  `hcl:"client_connect_timeout,optional"`
	ClientReadTimeout     *string  `hcl:"client_read_timeout,optional"`
	Protocol              *string  `hcl:"protocol,optional"`
	// AccountLookupMethods is account_lookup_methods (guardconfig checks the names).
	AccountLookupMethods *[]string `hcl:"account_lookup_methods,optional"`

	AssumeRole *struct {
		RoleARN           string `hcl:"role_arn,optional"`
		SessionName       string `hcl:"session_name,optional"`
		Policy            string `hcl:"policy,optional"`
		ExternalID        string `hcl:"external_id,optional"`
		SessionExpiration int    `hcl:"session_expiration,optional"`
	} `hcl:"assume_role,block"`
	// AssumeRoleWithOIDC is assume_role_with_oidc, as the provider's (RRSA, CI); its
	// oidc_token is refused like the other secrets (oidc_token_file is read).
	AssumeRoleWithOIDC *struct {
		OIDCProviderARN   string  `hcl:"oidc_provider_arn,optional"`
		RoleARN           string  `hcl:"role_arn,optional"`
		OIDCTokenFile     string  `hcl:"oidc_token_file,optional"`
		RoleSessionName   string  `hcl:"role_session_name,optional"`
		Policy            string  `hcl:"policy,optional"`
		SessionExpiration int     `hcl:"session_expiration,optional"`
		OIDCToken         *string `hcl:"oidc_token,optional"`
	} `hcl:"assume_role_with_oidc,block"`
	Endpoints *struct {
		Body hcl.Body `hcl:",remain"`
	} `hcl:"endpoints,block"`

	// Refused, with the reason (see secretArgs).
	AccessKey     *string `hcl:"access_key,optional"`
	SecretKey     *string `hcl:"secret_key,optional"`
	SecurityToken *string `hcl:"security_token,optional"`
}

// settings are what beian-guard runs with: the guard's and the client's settings, as
// guardconfig takes them, and beian-guard's own.
type settings struct {
	guard         guardconfig.Guard
	client        guardconfig.Client
	unknownValues string
	// icpSourceSet is true when icp_source was given (in the file or a flag): without it
	// and without credentials, beian-guard runs offline with icp_source = "declared".
	icpSourceSet bool
	// from names where the settings came from, for the report.
	from string
}

// loadSettingsFile reads a settings file. A missing default file is no settings; a
// missing file named with --config is an error.
func loadSettingsFile(path string, named bool, s *settings) error {
	src, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) && !named {
			return nil
		}
		return fmt.Errorf("settings file: %w", err)
	}
	f, diags := hclsyntax.ParseConfig(src, path, hcl.InitialPos)
	if diags.HasErrors() {
		return fmt.Errorf("settings file: %s", diagsText(diags))
	}
	var fs fileSettings
	if diags := gohcl.DecodeBody(f.Body, nil, &fs); diags.HasErrors() {
		return fmt.Errorf("settings file: %s", diagsText(diags))
	}
	secrets := map[string]*string{"access_key": fs.AccessKey, "secret_key": fs.SecretKey, "security_token": fs.SecurityToken}
	if o := fs.AssumeRoleWithOIDC; o != nil {
		secrets["assume_role_with_oidc.oidc_token"] = o.OIDCToken
	}
	for _, name := range slices.Sorted(maps.Keys(secrets)) { // the same setting named every run
		if v := secrets[name]; v != nil {
			return fmt.Errorf("settings file %s: %s is not read from a settings file: a file kept next to the code is no place for a secret. "+
				"Set the environment variables %s/%s (in CI, from the CI's secrets) or name a profile of the Alibaba Cloud CLI with profile",
				path, name, aliyun.EnvAccessKeyID[0], aliyun.EnvAccessKeySecret[0])
		}
	}
	s.from = path
	g := &s.guard
	setStr(&g.Enforcement, fs.Enforcement)
	if fs.ICPSource != nil {
		g.ICPSource, s.icpSourceSet = *fs.ICPSource, true
	}
	if fs.DeclaredFilings != nil {
		g.DeclaredFilings = fs.DeclaredFilings
	}
	if fs.MainlandCIDRs != nil {
		g.MainlandCIDRs = fs.MainlandCIDRs
	}
	if fs.OffshoreCIDRs != nil {
		g.OffshoreCIDRs = fs.OffshoreCIDRs
	}
	if fs.LocationSources != nil {
		g.LocationSources = append([]string{}, (*fs.LocationSources)...)
	}
	if fs.RIRSources != nil {
		g.RIRSources = fs.RIRSources
	}
	setStr(&g.RIRCacheMaxAge, fs.RIRCacheMaxAge)
	if fs.AccountLookup != nil {
		g.AccountLookup = fs.AccountLookup
	}
	setStr(&s.unknownValues, fs.UnknownValues)

	c := &s.client
	setStr(&c.Profile, fs.Profile)
	setStr(&c.SharedCredentialsFile, fs.SharedCredentialsFile)
	setStr(&c.ECSRoleName, fs.ECSRoleName)
	setStr(&c.CredentialsURI, fs.CredentialsURI)
	setStr(&c.Region, fs.Region)
	setStr(&c.Protocol, fs.Protocol)
	if fs.AccountLookupMethods != nil {
		c.AccountLookupMethods = append([]string{}, (*fs.AccountLookupMethods)...)
	}
	if o := fs.AssumeRoleWithOIDC; o != nil {
		c.OIDC = &guardconfig.OIDC{ProviderARN: o.OIDCProviderARN, RoleARN: o.RoleARN, TokenFile: o.OIDCTokenFile,
			SessionName: o.RoleSessionName, Policy: o.Policy, SessionExpiration: o.SessionExpiration}
	}
	if fs.MaxRetries != nil {
		c.MaxRetries = fs.MaxRetries
	}
	if fs.RequestsPerSecond != nil {
		c.RequestsPerSecond = fs.RequestsPerSecond
	}
	for _, d := range []struct {
		name string
		rule guardconfig.DurationRule
		v    *string
		to   *time.Duration
	}{{"client_connect_timeout", guardconfig.ClientConnectTimeout, fs.ClientConnectTimeout, &c.ConnectTimeout},
		{"client_read_timeout", guardconfig.ClientReadTimeout, fs.ClientReadTimeout, &c.ReadTimeout}} {
		if d.v == nil {
			continue
		}
		v, problem := d.rule.Parse(d.name, *d.v)
		if problem != "" {
			return fmt.Errorf("settings file %s: %s", path, problem)
		}
		*d.to = v
	}
	if fs.AssumeRole != nil {
		c.AssumeRole = &guardconfig.AssumeRole{RoleARN: fs.AssumeRole.RoleARN, SessionName: fs.AssumeRole.SessionName,
			Policy: fs.AssumeRole.Policy, ExternalID: fs.AssumeRole.ExternalID, SessionExpiration: fs.AssumeRole.SessionExpiration}
	}
	if fs.Endpoints != nil {
		attrs, diags := fs.Endpoints.Body.JustAttributes()
		if diags.HasErrors() {
			return fmt.Errorf("settings file: %s", diagsText(diags))
		}
		c.Endpoints = map[aliyun.Product]string{}
		for name, a := range attrs {
			if !knownProduct(name) {
				return fmt.Errorf("settings file %s:%d: endpoints has no product %q: write one of %s", path, a.Range.Start.Line, name, strings.Join(productNames(), ", "))
			}
			var url string
			if diags := gohcl.DecodeExpression(a.Expr, nil, &url); diags.HasErrors() {
				return fmt.Errorf("settings file: %s", diagsText(diags))
			}
			c.Endpoints[aliyun.Product(name)] = url
		}
	}
	return nil
}

func setStr(dst *string, v *string) {
	if v != nil {
		*dst = *v
	}
}

func knownProduct(name string) bool {
	for _, p := range aliyun.Products {
		if string(p.Product) == name {
			return true
		}
	}
	return false
}

func productNames() []string {
	var out []string
	for _, p := range aliyun.Products {
		out = append(out, string(p.Product))
	}
	sort.Strings(out)
	return out
}

// diagsText is HCL's diagnostics as one line each: file:line: summary; detail.
func diagsText(diags hcl.Diagnostics) string {
	var parts []string
	for _, d := range diags {
		s := d.Summary
		if d.Subject != nil {
			s = fmt.Sprintf("%s:%d: %s", d.Subject.Filename, d.Subject.Start.Line, s)
		}
		if d.Detail != "" {
			s += "; " + d.Detail
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "\n")
}

// ---- flags ----------------------------------------------------------------------------

// listFlag is a repeatable flag of a list setting; each use may hold several entries
// separated by commas. Given at all, it replaces the settings file's list.
type listFlag struct {
	set  bool
	vals []string
}

func (l *listFlag) String() string { return strings.Join(l.vals, ",") }
func (l *listFlag) Set(s string) error {
	l.set = true
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			l.vals = append(l.vals, v)
		}
	}
	return nil
}

// mapFlag is a repeatable domain=number flag (declared_filings).
type mapFlag struct {
	set  bool
	vals map[string]string
}

func (m *mapFlag) String() string { return fmt.Sprint(m.vals) }
func (m *mapFlag) Set(s string) error {
	k, v, ok := strings.Cut(s, "=")
	if !ok || strings.TrimSpace(k) == "" || strings.TrimSpace(v) == "" {
		return fmt.Errorf("write it as domain=number, e.g. example.com=浙ICP备12345678号-1")
	}
	if m.vals == nil {
		m.vals = map[string]string{}
	}
	m.set = true
	m.vals[strings.TrimSpace(k)] = strings.TrimSpace(v)
	return nil
}

// optString is a string flag that knows whether it was given.
type optString struct {
	set bool
	v   string
}

func (o *optString) String() string { return o.v }
func (o *optString) Set(s string) error {
	o.set, o.v = true, s
	return nil
}

// optBool is a bool flag that knows whether it was given.
type optBool struct {
	set bool
	v   bool
}

func (o *optBool) String() string   { return strconv.FormatBool(o.v) }
func (o *optBool) IsBoolFlag() bool { return true }
func (o *optBool) Set(s string) error {
	b, err := strconv.ParseBool(s)
	if err != nil {
		return err
	}
	o.set, o.v = true, b
	return nil
}

// settingFlags are the flags named as the provider's arguments; given, they override
// the settings file.
type settingFlags struct {
	enforcement, icpSource, rirCacheMaxAge, unknownValues optString
	region, profile, sharedCredentialsFile                optString
	declared                                              mapFlag
	mainland, offshore, locationSources, rirSources       listFlag
	accountLookup                                         optBool
}

func (f *settingFlags) register(fs *flag.FlagSet) {
	fs.Var(&f.enforcement, "enforcement", "what a violation is: error (default: exit 1) or warn (reported, exit 0)")
	fs.Var(&f.icpSource, "icp_source", "where filing status comes from: companyreg (the default with credentials), beian, or declared (the default without)")
	fs.Var(&f.declared, "declared_filings", "a filing made through another access provider, as domain=number (repeatable)")
	fs.Var(&f.mainland, "mainland_cidrs", "addresses to treat as mainland-China servers (repeatable, or comma-separated)")
	fs.Var(&f.offshore, "offshore_cidrs", "addresses to treat as servers outside mainland China (repeatable, or comma-separated)")
	fs.Var(&f.locationSources, "location_sources", "location data: embedded (the default), or local paths / URLs of CSV files (repeatable)")
	fs.Var(&f.rirSources, "rir_sources", "registry delegation files (local paths or URLs), asked when location data has no answer (repeatable)")
	fs.Var(&f.rirCacheMaxAge, "rir_cache_max_age", "how long a downloaded registry or location file is used, e.g. 24h")
	fs.Var(&f.accountLookup, "account_lookup", "place addresses by the Alibaba Cloud account's own servers (default true with credentials)")
	fs.Var(&f.unknownValues, "unknown_values", "what a record whose value is known only after apply is: warn (default) or fail (exit 2)")
	fs.Var(&f.region, "region", "Alibaba Cloud region for the account lookup (default: environment, else cn-hangzhou)")
	fs.Var(&f.profile, "profile", "profile of the Alibaba Cloud CLI to take credentials from")
	fs.Var(&f.sharedCredentialsFile, "shared_credentials_file", "the Alibaba Cloud CLI's config file (default ~/.aliyun/config.json)")
}

// apply lays the given flags over s.
func (f *settingFlags) apply(s *settings) {
	g := &s.guard
	if f.enforcement.set {
		g.Enforcement = f.enforcement.v
	}
	if f.icpSource.set {
		g.ICPSource, s.icpSourceSet = f.icpSource.v, true
	}
	if f.declared.set {
		g.DeclaredFilings = f.declared.vals
	}
	if f.mainland.set {
		g.MainlandCIDRs = f.mainland.vals
	}
	if f.offshore.set {
		g.OffshoreCIDRs = f.offshore.vals
	}
	if f.locationSources.set {
		g.LocationSources = append([]string{}, f.locationSources.vals...)
	}
	if f.rirSources.set {
		g.RIRSources = f.rirSources.vals
	}
	if f.rirCacheMaxAge.set {
		g.RIRCacheMaxAge = f.rirCacheMaxAge.v
	}
	if f.accountLookup.set {
		v := f.accountLookup.v
		g.AccountLookup = &v
	}
	if f.unknownValues.set {
		s.unknownValues = f.unknownValues.v
	}
	if f.region.set {
		s.client.Region = f.region.v
	}
	if f.profile.set {
		s.client.Profile = f.profile.v
	}
	if f.sharedCredentialsFile.set {
		s.client.SharedCredentialsFile = f.sharedCredentialsFile.v
	}
}
