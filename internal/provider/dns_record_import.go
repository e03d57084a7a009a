package provider

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/beian-dev/terraform-provider-beian/internal/aliyun"
	"github.com/beian-dev/terraform-provider-beian/internal/dnsrecord"
)

// Importing a beian_dns_record: by record ID or by <domain>/<rr>/<type>[/<value>], or by
// its identity (record_id).

// ImportState accepts a record ID or <domain>/<rr>/<type>[/<value>].
func (r *dnsRecordResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if r.data == nil {
		resp.Diagnostics.AddError("Provider not configured", "The beian provider must be configured to import records.")
		return
	}
	raw, diags := importedRecordID(ctx, req)
	if resp.Diagnostics.Append(diags...); diags.HasError() {
		return
	}
	id, err := dnsrecord.ParseImportID(raw)
	if err != nil {
		resp.Diagnostics.AddError("Invalid import ID", err.Error())
		return
	}
	var rec aliyun.DNSRecord
	if id.RecordID != "" {
		rec, err = r.data.client.DescribeDomainRecordInfo(ctx, id.RecordID)
		if err != nil {
			msg := apiErrorDetail(err)
			if aliyun.IsNotFound(err) {
				msg = fmt.Sprintf("No DNS record with ID %s exists in this account. Check the ID, or import by <domain>/<rr>/<type>[/<value>].\n\n%s", id.RecordID, err)
			}
			resp.Diagnostics.AddError("Cannot import DNS record "+id.RecordID, msg)
			return
		}
	} else {
		rec, err = r.findForImport(ctx, id)
		if err != nil {
			resp.Diagnostics.AddError("Cannot import DNS record "+raw, err.Error())
			return
		}
	}
	m := importedRecordModel(rec)
	if !m.OwnershipMarker.IsNull() {
		live, _ := dnsrecord.ParseMarker(m.OwnershipMarker.ValueString())
		resp.Diagnostics.AddWarning("Imported DNS record "+rec.RecordID+" carries another resource's ownership marker",
			fmt.Sprintf("Record %s (%s %s %s) was created by a beian_dns_record, whose ownership marker %s (claimed %s) is at the end of its remark. "+
				"This resource now holds the same marker. If the resource that created it still exists in some state, both now manage the record "+
				"and destroying either deletes it: remove that one from its state (a `removed` block, or `terraform state rm`). "+
				"If it was left by an interrupted apply, nothing else holds it and there is nothing to do.",
				rec.RecordID, dnsrecord.FQDN(rec.RR, rec.Domain), rec.Type, rec.Value, live, live.Claimed.Format(time.RFC3339)))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
	resp.Diagnostics.Append(setRecordIdentity(ctx, resp.Identity, rec.RecordID, rec.Domain)...)
}

// importedRecordModel is the state of a record brought under a beian_dns_record without
// being created by it (import, a list result): the record as it is, its remark without
// the marker, and the marker it carries, if any, as the resource's own — an import joins
// the claim the record has.
func importedRecordModel(rec aliyun.DNSRecord) dnsRecordModel {
	var m dnsRecordModel
	m.Domain, m.RR, m.Value = types.StringNull(), types.StringNull(), types.StringNull()
	m.Remark, m.Priority = types.StringNull(), types.Int64Null()
	live := copyRecordInto(&m, rec)
	m.Timeouts = nullTimeouts()
	m.AllowOverwrite = types.BoolValue(false)
	m.OwnershipMarker = types.StringNull()
	if !live.IsZero() {
		m.OwnershipMarker = types.StringValue(live.String())
	}
	return m
}

func (r *dnsRecordResource) findForImport(ctx context.Context, id dnsrecord.ImportID) (aliyun.DNSRecord, error) {
	snap, err := r.data.client.ZoneRecords(ctx, id.Domain)
	if aliyun.IsNotFound(err) {
		return aliyun.DNSRecord{}, fmt.Errorf("the zone %s is not in the Alibaba Cloud DNS (云解析 DNS) of this account (%v). "+
			"Check the spelling of the domain in the import ID (<domain>/<rr>/<type>[/<value>]) and that the provider's credentials belong to the account that holds the zone", id.Domain, err)
	}
	if err != nil {
		return aliyun.DNSRecord{}, fmt.Errorf("%s", apiErrorDetail(err))
	}
	var matches []aliyun.DNSRecord
	for _, rec := range snap.Find(id.RR, id.Type) {
		if id.Value == "" || dnsrecord.SameValue(id.Type, rec.Value, id.Value) {
			matches = append(matches, rec)
		}
	}
	fq := dnsrecord.FQDN(id.RR, id.Domain)
	switch len(matches) {
	case 1:
		return matches[0], nil
	case 0:
		withValue := ""
		if id.Value != "" {
			withValue = " with value " + id.Value
		}
		return aliyun.DNSRecord{}, fmt.Errorf("no %s record for %s%s exists in Alibaba Cloud DNS. The data source beian_dns_records lists the zone's records with their IDs", id.Type, fq, withValue)
	}
	var vals []string
	for _, m := range matches {
		vals = append(vals, fmt.Sprintf("%s (id %s, line %s)", m.Value, m.RecordID, m.Line))
	}
	return aliyun.DNSRecord{}, fmt.Errorf("%d %s records exist for %s: %s. Add the value to the import ID (%s/%s/%s/<value>) or import by record ID",
		len(matches), id.Type, fq, strings.Join(vals, "; "), id.Domain, id.RR, id.Type)
}
