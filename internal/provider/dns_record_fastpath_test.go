package provider

import (
	"math/big"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/beian-dev/terraform-provider-beian/internal/aliyun"
)

// rawRecord is a raw beian_dns_record state with the given attributes (strings, and
// numbers for ttl and priority; a missing attribute is null).
func rawRecord(attrs map[string]any) tftypes.Value {
	types := map[string]tftypes.Type{}
	vals := map[string]tftypes.Value{}
	for _, n := range []string{"id", "record_id", "domain", "rr", "type", "value", "line", "status", "remark", "fqdn"} {
		types[n] = tftypes.String
		v, _ := attrs[n].(string)
		if _, ok := attrs[n]; ok {
			vals[n] = tftypes.NewValue(tftypes.String, v)
		} else {
			vals[n] = tftypes.NewValue(tftypes.String, nil)
		}
	}
	for _, n := range []string{"ttl", "priority"} {
		types[n] = tftypes.Number
		if v, ok := attrs[n].(int); ok {
			vals[n] = tftypes.NewValue(tftypes.Number, big.NewFloat(float64(v)))
		} else {
			vals[n] = tftypes.NewValue(tftypes.Number, nil)
		}
	}
	return tftypes.NewValue(tftypes.Object{AttributeTypes: types}, vals)
}

// The fast paths read what the ordinary paths read: the record the guard judges, and
// whether a refresh would change the state.
func TestUnchangedRecordFastPaths(t *testing.T) {
	state := map[string]any{"id": "1", "record_id": "1", "domain": "例子.中国", "rr": "WWW", "type": "CNAME", "value": "Origin.Example.com.",
		"ttl": 600, "line": "default", "status": "ENABLE", "fqdn": "www.xn--fsqu00a.xn--fiqs8s"}
	rec, ok := unchangedRecord(rawRecord(state))
	if !ok || rec.Name != "www.xn--fsqu00a.xn--fiqs8s" || rec.Type != "CNAME" || rec.Value != "origin.example.com" || !rec.Enabled {
		t.Errorf("unchangedRecord = %+v, %v", rec, ok)
	}
	m, ok := rawRecordModel(rawRecord(state))
	if !ok {
		t.Fatal("rawRecordModel: not ok")
	}
	same := aliyun.DNSRecord{RecordID: "1", Domain: "xn--fsqu00a.xn--fiqs8s", RR: "www", Type: "CNAME", Value: "origin.example.com", TTL: 600, Line: "default", Status: "ENABLE"}
	after := m
	copyRecordInto(&after, same)
	if !sameRecordModel(m, after) {
		t.Errorf("the same record in another spelling: %+v → %+v, want no change", m, after)
	}
	for _, drift := range []func(*aliyun.DNSRecord){
		func(r *aliyun.DNSRecord) { r.Value = "other.example.com" },
		func(r *aliyun.DNSRecord) { r.TTL = 60 },
		func(r *aliyun.DNSRecord) { r.Status = "DISABLE" },
		func(r *aliyun.DNSRecord) { r.Remark = "set by hand" },
	} {
		r := same
		drift(&r)
		after := m
		copyRecordInto(&after, r)
		if sameRecordModel(m, after) {
			t.Errorf("drift %+v not seen", r)
		}
	}
	delete(state, "status")
	if _, ok := unchangedRecord(rawRecord(state)); ok {
		t.Error("a state without status: want the ordinary path")
	}
}
