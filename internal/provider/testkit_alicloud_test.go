package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	pschema "github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/beian-dev/terraform-provider-beian/internal/aliyun"
	"github.com/beian-dev/terraform-provider-beian/internal/emulator/emulatortest"
)

// A stand-in for the alicloud provider, for the tests and the guide that move records from
// it: its alicloud_alidns_record resource writes state in alicloud's schema (names, types
// and defaults of aliyun/terraform-provider-alicloud's resource_alicloud_alidns_record.go
// at commit 81c43b6727a09e9da37b3d88818c3ba5fa17fa14; facts, no code) and creates,
// reads and deletes real records in the emulator. Served in the test process:
// alicloudFactories for resource.Test, serveAlicloud for a CLI run (TF_REATTACH_PROVIDERS),
// so no alicloud provider needs to be downloaded.

// alicloudFactories serves the stand-in as "alicloud" next to beian.
func alicloudFactories(srv *emulatortest.Server, t testing.TB) map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"beian":    providerserver.NewProtocol6WithError(New("test")()),
		"alicloud": providerserver.NewProtocol6WithError(&alicloudStandIn{client: emuClient(t, srv)}),
	}
}

// serveAlicloud serves the stand-in in the test process for a CLI under the provider
// addresses addrs (registry.opentofu.org/aliyun/alicloud for OpenTofu,
// registry.terraform.io/aliyun/alicloud for Terraform) and returns the
// TF_REATTACH_PROVIDERS value that makes the CLI use it.
func serveAlicloud(t testing.TB, srv *emulatortest.Server, addrs ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	reattach := make(chan *plugin.ReattachConfig, 1)
	closed := make(chan struct{})
	p := &alicloudStandIn{client: emuClient(t, srv)}
	go func() {
		defer close(closed)
		err := tf6server.Serve(addrs[0], providerserver.NewProtocol6(p), tf6server.WithDebug(ctx, reattach, nil),
			tf6server.WithoutLogStderrOverride())
		if err != nil {
			t.Errorf("serving the alicloud stand-in: %v", err)
		}
	}()
	t.Cleanup(func() { cancel(); <-closed })
	cfg := <-reattach
	all := map[string]any{}
	for _, addr := range addrs {
		all[addr] = map[string]any{
			"Protocol": "grpc", "ProtocolVersion": 6, "Pid": cfg.Pid, "Test": true,
			"Addr": map[string]string{"Network": cfg.Addr.Network(), "String": cfg.Addr.String()},
		}
	}
	b, err := json.Marshal(all)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

type alicloudStandIn struct{ client *aliyun.Client }

func (p *alicloudStandIn) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "alicloud"
}

func (p *alicloudStandIn) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = pschema.Schema{Attributes: map[string]pschema.Attribute{
		"region": pschema.StringAttribute{Optional: true},
	}}
}

func (p *alicloudStandIn) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}

func (p *alicloudStandIn) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{func() resource.Resource { return &alidnsRecordStandIn{client: p.client} }}
}

func (p *alicloudStandIn) DataSources(context.Context) []func() datasource.DataSource { return nil }

type alidnsRecordStandIn struct{ client *aliyun.Client }

type alidnsRecordStandInModel struct {
	ID           types.String `tfsdk:"id"`
	DomainName   types.String `tfsdk:"domain_name"`
	RR           types.String `tfsdk:"rr"`
	Type         types.String `tfsdk:"type"`
	Value        types.String `tfsdk:"value"`
	TTL          types.Int64  `tfsdk:"ttl"`
	Priority     types.Int64  `tfsdk:"priority"`
	Line         types.String `tfsdk:"line"`
	Status       types.String `tfsdk:"status"`
	Remark       types.String `tfsdk:"remark"`
	Lang         types.String `tfsdk:"lang"`
	UserClientIP types.String `tfsdk:"user_client_ip"`
}

func (r *alidnsRecordStandIn) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = "alicloud_alidns_record"
}

func (r *alidnsRecordStandIn) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{Attributes: map[string]schema.Attribute{
		"id": schema.StringAttribute{Computed: true, PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
		"domain_name": schema.StringAttribute{Required: true,
			PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()}},
		"rr":             schema.StringAttribute{Required: true},
		"type":           schema.StringAttribute{Required: true},
		"value":          schema.StringAttribute{Required: true},
		"ttl":            schema.Int64Attribute{Optional: true, Computed: true, Default: int64default.StaticInt64(600)},
		"priority":       schema.Int64Attribute{Optional: true},
		"line":           schema.StringAttribute{Optional: true, Computed: true, Default: stringdefault.StaticString("default")},
		"status":         schema.StringAttribute{Optional: true, Computed: true, Default: stringdefault.StaticString("ENABLE")},
		"remark":         schema.StringAttribute{Optional: true},
		"lang":           schema.StringAttribute{Optional: true},
		"user_client_ip": schema.StringAttribute{Optional: true},
	}}
}

func (r *alidnsRecordStandIn) input(m *alidnsRecordStandInModel) aliyun.DNSRecordInput {
	return aliyun.DNSRecordInput{Domain: m.DomainName.ValueString(), RR: m.RR.ValueString(), Type: m.Type.ValueString(),
		Value: m.Value.ValueString(), TTL: m.TTL.ValueInt64(), Priority: m.Priority.ValueInt64(), Line: m.Line.ValueString()}
}

func (r *alidnsRecordStandIn) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m alidnsRecordStandInModel
	if resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...); resp.Diagnostics.HasError() {
		return
	}
	in := r.input(&m)
	id, err := r.client.AddDomainRecord(ctx, in)
	if err != nil {
		resp.Diagnostics.AddError("AddDomainRecord", err.Error())
		return
	}
	if m.Remark.ValueString() != "" {
		if err := r.client.UpdateDomainRecordRemark(ctx, in.Domain, id, m.Remark.ValueString()); err != nil {
			resp.Diagnostics.AddError("UpdateDomainRecordRemark", err.Error())
		}
	}
	if strings.EqualFold(m.Status.ValueString(), "DISABLE") {
		if err := r.client.SetDomainRecordStatus(ctx, in.Domain, id, "DISABLE"); err != nil {
			resp.Diagnostics.AddError("SetDomainRecordStatus", err.Error())
		}
	}
	m.ID = types.StringValue(id)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// Read sets what alicloud's Read sets (domain_name, line, priority, rr, status, ttl,
// type, value); remark, lang and user_client_ip keep what the configuration said.
func (r *alidnsRecordStandIn) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var m alidnsRecordStandInModel
	if resp.Diagnostics.Append(req.State.Get(ctx, &m)...); resp.Diagnostics.HasError() {
		return
	}
	rec, err := r.client.DescribeDomainRecordInfo(ctx, m.ID.ValueString())
	if aliyun.IsNotFound(err) {
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("DescribeDomainRecordInfo", err.Error())
		return
	}
	m.DomainName, m.Line, m.RR, m.Status = types.StringValue(rec.Domain), types.StringValue(rec.Line), types.StringValue(rec.RR), types.StringValue(rec.Status)
	m.TTL, m.Type, m.Value = types.Int64Value(rec.TTL), types.StringValue(rec.Type), types.StringValue(rec.Value)
	if strings.EqualFold(rec.Type, "MX") {
		m.Priority = types.Int64Value(rec.Priority)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (r *alidnsRecordStandIn) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.Diagnostics.AddError("not emulated", "the alicloud stand-in creates, reads and deletes records only")
}

func (r *alidnsRecordStandIn) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var id types.String
	if resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("id"), &id)...); resp.Diagnostics.HasError() {
		return
	}
	var domain types.String
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("domain_name"), &domain)...)
	if err := r.client.DeleteDomainRecord(ctx, domain.ValueString(), id.ValueString()); err != nil {
		resp.Diagnostics.AddError("DeleteDomainRecord", fmt.Sprint(err))
	}
}
