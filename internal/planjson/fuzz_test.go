package planjson

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"slices"
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
			// A record the guard will judge names what it judges; anything else says why not.
			if r.Judgeable() && (r.Name == "" || r.Type == "") {
				t.Fatalf("judgeable without a name or a type: %+v", r)
			}
			if !slices.Contains(ResourceTypes(), r.ResourceType) {
				t.Fatalf("a record of a resource type beian-guard does not read: %+v", r)
			}
		}
		_ = p.Unjudged()
	})
}
