package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// benchPlan writes a plan's JSON, in the shape `show -json` writes it, with n DNS
// records across zones zones (site0.com …): per zone a Cloudflare zone data source and a
// Route 53 zone created in the plan; records of Cloudflare (zone by value), Route 53
// (relative names, zone by reference, records sets of two addresses), Alibaba Cloud DNS
// and Huawei Cloud; A records to mainland (47.96.x.x), Hong Kong (47.242.x.x) and US
// (3.x.x.x) addresses, CNAMEs to records of the plan, TXT records; one record in five
// unchanged (no-op), so both of the guard's phases run.
func benchPlan(w io.Writer, n, zones int) error {
	type res = map[string]any
	var planned, priorRes, changes, config []res
	for z := 0; z < zones; z++ {
		zone := fmt.Sprintf("site%d.com", z)
		cfID := fmt.Sprintf("%032x", z+1)
		priorRes = append(priorRes, res{"address": fmt.Sprintf("data.cloudflare_zone.z%d", z), "mode": "data", "type": "cloudflare_zone",
			"name": fmt.Sprintf("z%d", z), "values": res{"zone_id": cfID, "id": cfID, "name": zone, "filter": res{"name": zone}}})
		planned = append(planned, res{"address": fmt.Sprintf("aws_route53_zone.z%d", z), "mode": "managed", "type": "aws_route53_zone",
			"name": fmt.Sprintf("z%d", z), "values": res{"name": zone}})
		changes = append(changes, res{"address": fmt.Sprintf("aws_route53_zone.z%d", z), "mode": "managed", "type": "aws_route53_zone",
			"name": fmt.Sprintf("z%d", z), "change": res{"actions": []string{"create"}, "before": nil, "after": res{"name": zone},
				"after_unknown": res{"zone_id": true, "id": true}}})
		config = append(config, res{"address": fmt.Sprintf("aws_route53_zone.z%d", z), "mode": "managed", "type": "aws_route53_zone",
			"name": fmt.Sprintf("z%d", z), "expressions": res{"name": res{"constant_value": zone}}})
	}
	for i := 0; i < n; i++ {
		z := i % zones
		zone := fmt.Sprintf("site%d.com", z)
		name := fmt.Sprintf("r%d", i/zones)
		addr := []string{fmt.Sprintf("47.96.%d.%d", i%200, i%250+1), fmt.Sprintf("47.242.%d.%d", i%200, i%250+1), fmt.Sprintf("3.%d.%d.%d", i%200, i%250, i%7+1)}[i%3]
		typ, value := "A", addr
		switch i % 10 {
		case 6, 7, 8:
			typ, value = "CNAME", fmt.Sprintf("r%d.%s", (i/zones+1)%(n/zones), zone) // a record of the plan
		case 9:
			typ, value = "TXT", "v=spf1 -all"
		}
		action := "create"
		var before any
		var after res
		var rtype, rname string
		var cfg res
		switch i % 4 {
		case 0:
			rtype, rname = "cloudflare_dns_record", fmt.Sprintf("cf%d", i)
			after = res{"zone_id": fmt.Sprintf("%032x", z+1), "name": name, "type": typ, "content": value, "ttl": 1}
		case 1:
			rtype, rname = "aws_route53_record", fmt.Sprintf("r53_%d", i)
			after = res{"name": name, "type": typ, "ttl": 300, "records": []string{value}}
			if typ == "A" {
				after["records"] = []string{value, fmt.Sprintf("47.242.1.%d", i%250+1)}
			}
			cfg = res{"zone_id": res{"references": []string{fmt.Sprintf("aws_route53_zone.z%d.zone_id", z), fmt.Sprintf("aws_route53_zone.z%d", z)}}}
		case 2:
			rtype, rname = "alicloud_alidns_record", fmt.Sprintf("ali%d", i)
			after = res{"domain_name": zone, "rr": name, "type": typ, "value": value, "status": "ENABLE"}
		default:
			rtype, rname = "huaweicloud_dns_recordset", fmt.Sprintf("hw%d", i)
			v := value
			if typ == "CNAME" {
				v += "."
			}
			after = res{"zone_id": "hw", "name": name + "." + zone + ".", "type": typ, "records": []string{v}}
		}
		if i%5 == 4 {
			action, before = "no-op", after
		}
		address := rtype + "." + rname
		planned = append(planned, res{"address": address, "mode": "managed", "type": rtype, "name": rname, "values": after})
		if action == "no-op" {
			priorRes = append(priorRes, res{"address": address, "mode": "managed", "type": rtype, "name": rname, "values": after})
		}
		unknown := res{"id": true}
		if rtype == "aws_route53_record" {
			unknown = res{"id": true, "zone_id": true, "fqdn": true}
		}
		changes = append(changes, res{"address": address, "mode": "managed", "type": rtype, "name": rname,
			"change": res{"actions": []string{action}, "before": before, "after": after, "after_unknown": unknown}})
		config = append(config, res{"address": address, "mode": "managed", "type": rtype, "name": rname, "expressions": cfg})
	}
	enc := json.NewEncoder(w)
	return enc.Encode(res{
		"format_version": "1.2", "terraform_version": "1.12.6",
		"planned_values":   res{"root_module": res{"resources": planned}},
		"prior_state":      res{"values": res{"root_module": res{"resources": priorRes}}},
		"resource_changes": changes,
		"configuration":    res{"root_module": res{"resources": config}},
	})
}

// benchArgs are the flags of the benchmark's check: offline, filings declared for the
// even zones.
func benchArgs(plan string, zones int) []string {
	args := []string{"check", "--format", "json", "--output", os.DevNull}
	for z := 0; z < zones; z += 2 {
		args = append(args, "--declared_filings", fmt.Sprintf("site%d.com=浙ICP备20260%05d号", z, z))
	}
	return append(args, plan)
}

// BenchmarkCheck10000Records: a plan of 10,000 records across 50 zones, judged offline
// (declared filings, embedded location data), end to end as `beian-guard check`: decode,
// zone resolution, the guard, the JSON report. BENCHMARKS.md has the figures; the target
// is ≤ 2 s, measured, not asserted.
func BenchmarkCheck10000Records(b *testing.B) {
	plan := filepath.Join(b.TempDir(), "plan.json")
	var buf bytes.Buffer
	if err := benchPlan(&buf, 10000, 50); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(plan, buf.Bytes(), 0o600); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(buf.Len()))
	args := benchArgs(plan, 50)
	for b.Loop() {
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), args, &stdout, &stderr, noCloud); code != exitViolations {
			b.Fatalf("exit %d: %s", code, stderr.String())
		}
	}
}

// TestWriteBenchPlan writes the benchmark's plan to $BEIAN_GUARD_BENCH_PLAN, for timing the
// binary with /usr/bin/time (BENCHMARKS.md); it checks the plan without it.
func TestWriteBenchPlan(t *testing.T) {
	path := os.Getenv("BEIAN_GUARD_BENCH_PLAN")
	if path == "" {
		path = filepath.Join(t.TempDir(), "plan.json")
	}
	var buf bytes.Buffer
	if err := benchPlan(&buf, 1000, 50); err != nil {
		t.Fatal(err)
	}
	if os.Getenv("BEIAN_GUARD_BENCH_PLAN") != "" {
		buf.Reset()
		if err := benchPlan(&buf, 10000, 50); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := guardRun(t, noCloud, append(benchArgs(path, 50)[:2], "json", path)...)
	var rep jsonReport
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatalf("exit %d: %v %s", code, err, stderr)
	}
	for _, r := range rep.Records {
		for _, f := range r.Findings {
			if f.Kind == kindCannotJudge || f.Kind == kindUnknownValue {
				t.Fatalf("%s could not be judged: %+v", r.Address, f)
			}
		}
	}
	if code != exitViolations || rep.Summary.Unchanged == 0 || rep.Summary.Violations == 0 || len(rep.Records) < 1000 {
		t.Fatalf("bench plan: exit %d, summary %+v", code, rep.Summary)
	}
}
