package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/beian-dev/terraform-provider-beian/internal/dnsrecord"
)

// Moving a record from the alicloud provider: a moved block takes an
// alicloud_alidns_record (or the older alicloud_dns_record) to a beian_dns_record with
// nothing planned afterwards:
//
//	moved {
//	  from = alicloud_alidns_record.www
//	  to   = beian_dns_record.www
//	}
//
// Source of the alicloud schemas below (names, types, defaults — facts only):
// aliyun/terraform-provider-alicloud at commit 81c43b6727a09e9da37b3d88818c3ba5fa17fa14,
// alicloud/resource_alicloud_alidns_record.go and alicloud/resource_alicloud_dns_record.go
// (both SDKv2 resources without a SchemaVersion, so version 0), and
// website/docs/r/alidns_record.html.markdown and dns_record.html.markdown.

var _ resource.ResourceWithMoveState = (*dnsRecordResource)(nil)

// alicloudProviderType is the type of the alicloud provider in any registry and
// namespace (registry.terraform.io/aliyun/alicloud, and hashicorp/alicloud, its address
// before 2020).
const alicloudProviderType = "alicloud"

// alidnsRecordSourceSchema is alicloud_alidns_record's state: what a move reads of it.
var alidnsRecordSourceSchema = schema.Schema{Attributes: map[string]schema.Attribute{
	"id":             schema.StringAttribute{Computed: true},
	"domain_name":    schema.StringAttribute{Required: true},
	"rr":             schema.StringAttribute{Required: true},
	"type":           schema.StringAttribute{Required: true},
	"value":          schema.StringAttribute{Required: true},
	"ttl":            schema.Int64Attribute{Optional: true},
	"priority":       schema.Int64Attribute{Optional: true},
	"line":           schema.StringAttribute{Optional: true},
	"status":         schema.StringAttribute{Optional: true},
	"remark":         schema.StringAttribute{Optional: true},
	"lang":           schema.StringAttribute{Optional: true},
	"user_client_ip": schema.StringAttribute{Optional: true},
}}

// dnsRecordSourceSchema is alicloud_dns_record's state (deprecated since alicloud 1.85.0):
// name is the zone, host_record the RR, routing the line; it has no remark.
var dnsRecordSourceSchema = schema.Schema{Attributes: map[string]schema.Attribute{
	"id":          schema.StringAttribute{Computed: true},
	"name":        schema.StringAttribute{Required: true},
	"host_record": schema.StringAttribute{Required: true},
	"type":        schema.StringAttribute{Required: true},
	"value":       schema.StringAttribute{Required: true},
	"ttl":         schema.Int64Attribute{Optional: true},
	"priority":    schema.Int64Attribute{Optional: true},
	"routing":     schema.StringAttribute{Optional: true},
	"status":      schema.StringAttribute{Computed: true},
	"locked":      schema.BoolAttribute{Computed: true},
}}

// alicloudRecord is what both alicloud resources say about a record, in their names.
type alicloudRecord struct {
	ID, Domain, RR, Type, Value, Line, Status, Remark types.String
	TTL, Priority                                     types.Int64
}

func (r *dnsRecordResource) MoveState(context.Context) []resource.StateMover {
	return []resource.StateMover{
		{SourceSchema: &alidnsRecordSourceSchema, StateMover: r.moveFrom("alicloud_alidns_record", func(ctx context.Context, req resource.MoveStateRequest) (alicloudRecord, error) {
			var s struct {
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
			if d := req.SourceState.Get(ctx, &s); d.HasError() {
				return alicloudRecord{}, fmt.Errorf("%s", d.Errors()[0].Detail())
			}
			return alicloudRecord{ID: s.ID, Domain: s.DomainName, RR: s.RR, Type: s.Type, Value: s.Value, Line: s.Line, Status: s.Status,
				Remark: s.Remark, TTL: s.TTL, Priority: s.Priority}, nil
		})},
		{SourceSchema: &dnsRecordSourceSchema, StateMover: r.moveFrom("alicloud_dns_record", func(ctx context.Context, req resource.MoveStateRequest) (alicloudRecord, error) {
			var s struct {
				ID         types.String `tfsdk:"id"`
				Name       types.String `tfsdk:"name"`
				HostRecord types.String `tfsdk:"host_record"`
				Type       types.String `tfsdk:"type"`
				Value      types.String `tfsdk:"value"`
				TTL        types.Int64  `tfsdk:"ttl"`
				Priority   types.Int64  `tfsdk:"priority"`
				Routing    types.String `tfsdk:"routing"`
				Status     types.String `tfsdk:"status"`
				Locked     types.Bool   `tfsdk:"locked"`
			}
			if d := req.SourceState.Get(ctx, &s); d.HasError() {
				return alicloudRecord{}, fmt.Errorf("%s", d.Errors()[0].Detail())
			}
			return alicloudRecord{ID: s.ID, Domain: s.Name, RR: s.HostRecord, Type: s.Type, Value: s.Value, Line: s.Routing, Status: s.Status,
				Remark: types.StringNull(), TTL: s.TTL, Priority: s.Priority}, nil
		})},
		// Last: whatever the movers above did not take, with what to do instead.
		{StateMover: func(_ context.Context, req resource.MoveStateRequest, resp *resource.MoveStateResponse) {
			resp.Diagnostics.AddError("Cannot move "+req.SourceTypeName+" to beian_dns_record",
				fmt.Sprintf("A moved block can take alicloud_alidns_record or alicloud_dns_record (of the alicloud provider) to beian_dns_record; "+
					"%s of %s is not supported. Remove the moved block, remove the old resource from its state (a `removed` block, or terraform state rm), "+
					"and import the record: import { to = beian_dns_record.<name>, id = \"<record ID>\" } (the guide \"Migrating from alicloud DNS records\" shows how).",
					req.SourceTypeName, req.SourceProviderAddress))
		}},
	}
}

// moveFrom is the StateMover of the alicloud resource typeName, read by read.
func (r *dnsRecordResource) moveFrom(typeName string, read func(context.Context, resource.MoveStateRequest) (alicloudRecord, error)) func(context.Context, resource.MoveStateRequest, *resource.MoveStateResponse) {
	return func(ctx context.Context, req resource.MoveStateRequest, resp *resource.MoveStateResponse) {
		if req.SourceTypeName != typeName || !isAlicloudProvider(req.SourceProviderAddress) {
			return // another mover's, or not a move this resource knows: the framework says so
		}
		if req.SourceSchemaVersion != 0 {
			resp.Diagnostics.AddError("Cannot move "+typeName+" state of schema version "+fmt.Sprint(req.SourceSchemaVersion),
				fmt.Sprintf("beian_dns_record reads the state of %s at schema version 0, the only one the alicloud provider has written so far. "+
					"This state says %d: import the record instead (terraform import beian_dns_record.<name> <record ID>).", typeName, req.SourceSchemaVersion))
			return
		}
		if req.SourceState == nil {
			resp.Diagnostics.AddError("Cannot move "+typeName, "The source state could not be read with the alicloud resource's schema.")
			return
		}
		a, err := read(ctx, req)
		if err != nil {
			resp.Diagnostics.AddError("Cannot move "+typeName, "Reading its state: "+err.Error())
			return
		}
		if a.ID.ValueString() == "" || a.Domain.ValueString() == "" {
			resp.Diagnostics.AddError("Cannot move "+typeName, "The state has no record ID or domain: it is not a created record. Remove it from the moved block and import the record instead.")
			return
		}
		m := movedRecordModel(a)
		resp.Diagnostics.Append(resp.TargetState.Set(ctx, &m)...)
		resp.Diagnostics.Append(setRecordIdentity(ctx, resp.TargetIdentity, a.ID.ValueString(), a.Domain.ValueString())...)
	}
}

// isAlicloudProvider reports whether a provider source address is the alicloud
// provider's (…/aliyun/alicloud, …/hashicorp/alicloud, in any registry).
func isAlicloudProvider(addr string) bool {
	parts := strings.Split(strings.Trim(addr, "/"), "/")
	return len(parts) > 0 && parts[len(parts)-1] == alicloudProviderType
}

// movedRecordModel is the beian_dns_record state of an alicloud record: the same record,
// in this resource's names and forms. The refresh that follows the move reads the record
// itself; the configuration written from the alicloud one (the guide shows how) then
// plans no change.
func movedRecordModel(a alicloudRecord) dnsRecordModel {
	typ := strings.ToUpper(a.Type.ValueString())
	m := dnsRecordModel{
		ID: a.ID, RecordID: a.ID, Domain: a.Domain, RR: a.RR, Type: types.StringValue(typ), Value: a.Value,
		TTL: a.TTL, Priority: types.Int64Null(), Line: a.Line, Status: types.StringValue(strings.ToUpper(a.Status.ValueString())),
		Remark: types.StringNull(), Timeouts: nullTimeouts(), AllowOverwrite: types.BoolValue(false), OwnershipMarker: types.StringNull(),
	}
	if a.TTL.IsNull() || a.TTL.ValueInt64() == 0 {
		m.TTL = types.Int64Value(defaultRecordTTL) // alicloud's default too
	}
	if typ == "MX" && a.Priority.ValueInt64() > 0 {
		m.Priority = a.Priority
	}
	if a.Line.ValueString() == "" {
		m.Line = types.StringValue("default") // alicloud's default too
	}
	if m.Status.ValueString() == "" {
		m.Status = types.StringValue("ENABLE")
	}
	if user, _ := dnsrecord.SplitRemark(a.Remark.ValueString()); user != "" {
		m.Remark = types.StringValue(user)
	}
	m.FQDN = types.StringValue(recordFQDN(a.RR.ValueString(), a.Domain.ValueString()))
	return m
}
