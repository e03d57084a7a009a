package provider

import (
	"context"
	"math/big"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/beian-dev/terraform-provider-beian/internal/guard"
	"github.com/beian-dev/terraform-provider-beian/internal/icp"
)

// The fast paths of a record that does not change — every record of the most common
// command, a plan that changes nothing. The framework's reflection between the state and
// dnsRecordModel (State.Get, State.Set) cost more of such a plan than everything else
// the provider does for the record (profile in BENCHMARKS.md), so the refresh and the
// plan of an unchanged record read the raw state and leave it as it is. Anything out of
// the ordinary takes the ordinary path.

// rawRecordModel reads the attributes of a record's raw state or plan that Read and the
// guard use (not timeouts); ok is false when the value is not a known object.
func rawRecordModel(raw tftypes.Value) (m dnsRecordModel, ok bool) {
	var attrs map[string]tftypes.Value
	if !raw.IsFullyKnown() || raw.IsNull() || raw.As(&attrs) != nil {
		return m, false
	}
	str := func(name string) types.String {
		v, found := attrs[name]
		var s string
		if !found || v.IsNull() || v.As(&s) != nil {
			return types.StringNull()
		}
		return types.StringValue(s)
	}
	num := func(name string) types.Int64 {
		v, found := attrs[name]
		var f big.Float
		if !found || v.IsNull() || v.As(&f) != nil {
			return types.Int64Null()
		}
		i, _ := f.Int64()
		return types.Int64Value(i)
	}
	m = dnsRecordModel{
		ID: str("id"), RecordID: str("record_id"), Domain: str("domain"), RR: str("rr"), Type: str("type"), Value: str("value"),
		TTL: num("ttl"), Priority: num("priority"), Line: str("line"), Status: str("status"), Remark: str("remark"), FQDN: str("fqdn"),
		OwnershipMarker: str("ownership_marker"),
	}
	return m, !m.Domain.IsNull() && !m.RR.IsNull() && !m.Type.IsNull() && !m.Value.IsNull() && !m.Status.IsNull()
}

// unchangedRecord is the record of a raw state as the guard judges it.
func unchangedRecord(raw tftypes.Value) (guard.Record, bool) {
	m, ok := rawRecordModel(raw)
	if !ok {
		return guard.Record{}, false
	}
	in, err := recordInput(&m)
	if err != nil {
		return guard.Record{}, false
	}
	return guardRecord(in, live(&m)), true
}

// refreshUnchanged is Read's fast path: true when the record in the zone's snapshot is
// what the state says, still this resource's (its ownership marker), and the identity is
// already the record's: the state and identity, left as they are, are the refreshed
// ones. Anything else — not found, a difference, a record taken over, an identity to
// write, an error — is false, and Read takes its ordinary path, which handles it.
func (r *dnsRecordResource) refreshUnchanged(ctx context.Context, req resource.ReadRequest) bool {
	m, ok := rawRecordModel(req.State.Raw)
	if !ok || m.RecordID.IsNull() {
		return false
	}
	domain, err := icp.NormalizeDomain(m.Domain.ValueString())
	if err != nil {
		return false
	}
	snap, err := r.data.client.ZoneRecords(ctx, domain)
	if err != nil {
		return false
	}
	rec, found := snap.Lookup(m.RecordID.ValueString())
	if !found {
		return false
	}
	after := m
	live := copyRecordInto(&after, rec)
	if len(takenOverWarning(m.OwnershipMarker.ValueString(), live, rec)) > 0 || !sameRecordModel(m, after) {
		return false
	}
	return identityIs(req.Identity, rec.RecordID, domain)
}

// identityIs reports whether a prior identity is already the record's (or the CLI deals
// in none).
func identityIs(ident *tfsdk.ResourceIdentity, id, domain string) bool {
	if ident == nil {
		return true
	}
	var attrs map[string]tftypes.Value
	if ident.Raw.IsNull() || !ident.Raw.IsFullyKnown() || ident.Raw.As(&attrs) != nil {
		return false
	}
	want := recordIdentity(id, domain)
	var gotID, gotDomain string
	return attrs["record_id"].As(&gotID) == nil && attrs["domain"].As(&gotDomain) == nil &&
		gotID == want.RecordID.ValueString() && gotDomain == want.Domain.ValueString()
}

// sameRecordModel reports whether a and b hold the same attributes that a refresh
// writes (timeouts and allow_overwrite are the configuration's).
func sameRecordModel(a, b dnsRecordModel) bool {
	return a.ID.Equal(b.ID) && a.RecordID.Equal(b.RecordID) && a.Domain.Equal(b.Domain) && a.RR.Equal(b.RR) && a.Type.Equal(b.Type) &&
		a.Value.Equal(b.Value) && a.TTL.Equal(b.TTL) && a.Priority.Equal(b.Priority) && a.Line.Equal(b.Line) &&
		a.Status.Equal(b.Status) && a.Remark.Equal(b.Remark) && a.FQDN.Equal(b.FQDN) && a.OwnershipMarker.Equal(b.OwnershipMarker)
}
