package planjson

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// FuzzRecords: a plan's JSON is outside input. Any document either is refused by Decode
// or yields records without a panic, the same records on every call, each one either
// judgeable or saying why not.
func FuzzRecords(f *testing.F) {
	seed, err := os.ReadFile(filepath.Join("testdata", "modules.json"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	f.Add([]byte(`{"format_version":"1.2","resource_changes":[{"address":"aws_route53_record.a","type":"aws_route53_record","name":"a","change":{"actions":["create"],"after":{"name":"@","alias":[{"name":"x"}]},"after_unknown":{"zone_id":true,"alias":[{"name":true}]}}}]}`))
	f.Add([]byte(`{"format_version":"1.0","resource_changes":[{"type":"google_dns_record_set","change":{"actions":["update"],"before":{"rrdatas":[1]},"after":{"routing_policy":[{"wrr":[{"rrdatas":["a"]}]}]}}}],"configuration":{"root_module":{"module_calls":{"m":{"module":{}}}}}}`))
	f.Fuzz(func(t *testing.T, doc []byte) {
		p, err := Decode(bytes.NewReader(doc))
		if err != nil {
			return
		}
		recs := p.Records()
		if again := p.Records(); !reflect.DeepEqual(recs, again) {
			t.Fatalf("Records differs between calls:\n%+v\n%+v", recs, again)
		}
		for _, r := range recs {
			if !r.Judgeable() && len(r.Unknown) == 0 && r.Problem == "" {
				t.Fatalf("%+v is neither judgeable nor says why", r)
			}
			if r.Address == "" && r.ResourceType == "" {
				t.Fatalf("a record of no resource: %+v", r)
			}
		}
		_ = p.Unjudged()
	})
}
