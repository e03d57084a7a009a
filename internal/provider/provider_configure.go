package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/beian-dev/terraform-provider-beian/internal/aliyun"
	"github.com/beian-dev/terraform-provider-beian/internal/guard"
	"github.com/beian-dev/terraform-provider-beian/internal/guardconfig"
)

// Configure builds the run's Alibaba Cloud client through guardconfig.Client (the one
// construction beian-guard uses too) and the run's guard through guardconfig.Guard.
func (p *beianProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var m providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if resp.Diagnostics.Append(unknownSettings(&m)...); resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(unusedAlicloudWarnings(m.alicloudUnusedModel, m.Endpoints)...)

	settings, diags := p.clientSettings(ctx, &m)
	if resp.Diagnostics.Append(diags...); resp.Diagnostics.HasError() {
		return
	}
	home, _ := p.home()
	r, err := settings.Resolve(p.getenv, home)
	if err != nil {
		resp.Diagnostics.Append(problemDiag(err)...)
		return
	}
	// Credentials are resolved now but only needed by objects that call the cloud: a
	// problem with them is kept in the client and reported once, by the protocol server,
	// on the first such object, so provider functions and offline data sources work
	// without any (issue: "offline features need no key").
	if credErr := r.Config.CredentialsErr; credErr != nil {
		p.failure.set(credErr.Error(), "Alibaba Cloud credentials (阿里云凭证) are missing or conflicting",
			apiErrorDetail(credErr)+"\n\nEvery resource and data source of this configuration that needs Alibaba Cloud stops on this: it is reported once, here, on the first of them.")
	} else {
		p.failure.set("", "", "")
	}
	if r.RoleIgnored {
		resp.Diagnostics.AddAttributeWarning(path.Root("assume_role").AtName("role_arn"), "assume_role has no role_arn: no role is assumed",
			fmt.Sprintf("The assume_role block is present but role_arn is empty and neither %s nor %s is set, so the provider works with the "+
				"credentials found (%s) without assuming a role, as the alicloud provider does. Set role_arn to the RAM role's ARN "+
				"(acs:ram::<account id>:role/<name>), or remove the block.", aliyun.EnvRoleARN[0], aliyun.EnvRoleARN[1], r.Config.Credentials))
	}
	client, err := aliyun.NewClient(r.Config)
	if err != nil {
		resp.Diagnostics.AddError("Cannot initialise the Alibaba Cloud client", err.Error())
		return
	}
	tflog.Debug(ctx, "beian provider configured", map[string]any{
		"region": r.Config.Region, "region_from": r.RegionFrom, "credentials": client.Credentials(),
		"max_retries": r.Config.MaxRetries, "requests_per_second": r.Config.RequestsPerSecond,
	})

	gs, diags := guardSettings(ctx, &m, client, p.now)
	if resp.Diagnostics.Append(diags...); resp.Diagnostics.HasError() {
		return
	}
	data := &providerData{client: client, now: p.now, guard: guard.New(gs)}
	if m.AccountLookup.IsNull() || m.AccountLookup.ValueBool() {
		data.account = client
	}
	resp.DataSourceData = data
	resp.ResourceData = data
	resp.ListResourceData = data
}

// unknownSettings refuses provider settings known only after apply.
func unknownSettings(m *providerModel) diag.Diagnostics {
	var diags diag.Diagnostics
	for name, v := range map[string]interface{ IsUnknown() bool }{
		"access_key": m.AccessKey, "secret_key": m.SecretKey, "security_token": m.SecurityToken,
		"profile": m.Profile, "region": m.Region, "shared_credentials_file": m.SharedCredentialsFile,
		"ecs_role_name": m.ECSRoleName, "credentials_uri": m.CredentialsURI, "protocol": m.Protocol,
		"configuration_source": m.ConfigurationSource, "endpoints": m.Endpoints,
	} {
		if v.IsUnknown() {
			diags.AddAttributeError(path.Root(name), "Provider setting not known at plan time",
				fmt.Sprintf("The beian provider's %s depends on a value that is only known after apply. Provider settings must be known when the plan is made: use a variable or a data source instead of a resource attribute.", name))
		}
	}
	return diags
}

// clientSettings are the provider block's client arguments as guardconfig.Client takes
// them (the values validated by the schema).
func (p *beianProvider) clientSettings(ctx context.Context, m *providerModel) (guardconfig.Client, diag.Diagnostics) {
	var diags diag.Diagnostics
	c := guardconfig.Client{
		AccessKey: m.AccessKey.ValueString(), SecretKey: m.SecretKey.ValueString(), SecurityToken: m.SecurityToken.ValueString(),
		Profile: m.Profile.ValueString(), SharedCredentialsFile: m.SharedCredentialsFile.ValueString(),
		ECSRoleName: m.ECSRoleName.ValueString(), CredentialsURI: m.CredentialsURI.ValueString(),
		Region: m.Region.ValueString(), Protocol: m.Protocol.ValueString(), UserAgent: p.userAgent(m),
	}
	if o := m.AssumeRoleWithOIDC; o != nil {
		c.OIDC = &guardconfig.OIDC{ProviderARN: o.OIDCProviderARN.ValueString(), RoleARN: o.RoleARN.ValueString(),
			Token: o.OIDCToken.ValueString(), TokenFile: o.OIDCTokenFile.ValueString(), SessionName: o.RoleSessionName.ValueString(),
			Policy: o.Policy.ValueString(), SessionExpiration: int(o.SessionExpiration.ValueInt64())}
	}
	if a := m.AssumeRole; a != nil {
		c.AssumeRole = &guardconfig.AssumeRole{RoleARN: a.RoleARN.ValueString(), SessionName: a.SessionName.ValueString(),
			Policy: a.Policy.ValueString(), SessionExpiration: int(a.SessionExpiration.ValueInt64()), ExternalID: a.ExternalID.ValueString()}
	}
	urls, err := endpointURLs(m.Endpoints, m.Protocol.ValueString())
	if err != nil {
		diags.AddAttributeError(path.Root("endpoints"), "Invalid endpoints", err.Error())
		return c, diags
	}
	c.Endpoints = urls
	if !m.MaxRetries.IsNull() && !m.MaxRetries.IsUnknown() {
		n := int(m.MaxRetries.ValueInt64())
		c.MaxRetries = &n
	}
	if !m.RequestsPerSecond.IsNull() && !m.RequestsPerSecond.IsUnknown() {
		f := m.RequestsPerSecond.ValueFloat64()
		c.RequestsPerSecond = &f
	}
	if !m.AccountLookupMethods.IsNull() && !m.AccountLookupMethods.IsUnknown() {
		c.AccountLookupMethods = []string{}
		diags.Append(m.AccountLookupMethods.ElementsAs(ctx, &c.AccountLookupMethods, false)...)
	}
	if s := m.ClientConnectTimeout.ValueString(); s != "" {
		c.ConnectTimeout, _ = connectTimeout.parse("client_connect_timeout", s) // validated
	}
	if s := m.ClientReadTimeout.ValueString(); s != "" {
		c.ReadTimeout, _ = readTimeout.parse("client_read_timeout", s)
	}
	return c, diags
}

// userAgent is the provider's User-Agent, with configuration_source (or
// TF_APPEND_USER_AGENT) appended.
func (p *beianProvider) userAgent(m *providerModel) string {
	ua := "terraform-provider-beian/" + p.version
	source := m.ConfigurationSource.ValueString()
	if source == "" {
		source = strings.TrimSpace(p.getenv("TF_APPEND_USER_AGENT"))
	}
	if source != "" {
		ua += " " + source
	}
	return ua
}

// problemDiag reports an error of guardconfig.Client.Resolve on the setting it names.
func problemDiag(err error) diag.Diagnostics {
	var diags diag.Diagnostics
	var p guardconfig.Problem
	if !errors.As(err, &p) {
		diags.AddError("Invalid provider configuration", err.Error())
		return diags
	}
	diags.AddAttributeError(problemPath(p), p.Summary, p.Detail)
	return diags
}

// problemPath is the attribute a guardconfig.Problem names: its setting (a dotted path into
// a block), then the list entry or the map key — declared_filings["example.com"], not the
// whole map.
func problemPath(p guardconfig.Problem) path.Path {
	at := path.Empty()
	for _, part := range strings.Split(p.Setting, ".") {
		at = at.AtName(part)
	}
	switch {
	case p.Index >= 0:
		at = at.AtListIndex(p.Index)
	case p.Key != "":
		at = at.AtMapKey(p.Key)
	}
	return at
}
