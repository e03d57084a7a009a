package aliyun

import (
	"context"
	"io"
	"net/http"
	"net/netip"
	"strings"
	"testing"

	"github.com/beian-dev/terraform-provider-beian/internal/emulator"
)

// A region whose ECS API refuses the key is skipped and named; the rest of the account is
// still scanned; and the answer — a failed scan too — is kept for the run.
func TestAccountAddressesSkipsRegionsWithoutPermission(t *testing.T) {
	f := newFakeRPC(t, func(n int, w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		params := r.URL.Query().Encode() + "&" + string(body)
		region := ""
		for _, p := range strings.Split(params, "&") {
			if strings.HasPrefix(p, "RegionId=") {
				region = strings.TrimPrefix(p, "RegionId=")
			}
		}
		w.Header().Set("Content-Type", "application/json")
		switch {
		case strings.Contains(params, "Action=DescribeRegions"):
			writeRegions(w)
		case region == "cn-hongkong" && strings.Contains(params, "Action=DescribeInstances"):
			writeRPCError(w, http.StatusForbidden, "Forbidden.RAM", "req-403", "User not authorized to operate on the specified resource.")
		case region == "cn-hangzhou" && strings.Contains(params, "Action=DescribeInstances"):
			io.WriteString(w, `{"RequestId":"r","TotalCount":1,"Instances":{"Instance":[{"InstanceId":"i-hz1","RegionId":"cn-hangzhou","PublicIpAddress":{"IpAddress":["47.96.1.2"]}}]}}`) //nolint:errcheck
		case strings.Contains(params, "Action=DescribeEipAddresses"):
			io.WriteString(w, `{"RequestId":"r","TotalCount":0,"EipAddresses":{"EipAddress":[]}}`) //nolint:errcheck
		case strings.Contains(params, "Action=DescribeLoadBalancers"):
			writeRPCError(w, http.StatusBadRequest, "OperationDenied.SlbNotActivated", "req-slb", "The SLB service is not activated.")
		default:
			io.WriteString(w, `{"RequestId":"r","TotalCount":0,"Instances":{"Instance":[]}}`) //nolint:errcheck
		}
	})
	eps, err := NewEndpoints(nil, f.srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	clearProxyEnv(t)
	c, err := NewClient(Config{
		Credentials: Credentials{AccessKeyID: fakeAccessKeyID, AccessKeySecret: fakeSecret, Source: "test"},
		Region:      "cn-hangzhou", Endpoints: eps, MaxRetries: 1, BaseDelay: testBaseDelay,
	})
	if err != nil {
		t.Fatal(err)
	}
	scan, err := c.AccountAddresses(context.Background())
	if err != nil {
		t.Fatalf("AccountAddresses failed although only some regions refused: %v", err)
	}
	if a, ok := scan.Addresses[netip.MustParseAddr("47.96.1.2")]; !ok || a.ID != "i-hz1" || a.Region != "cn-hangzhou" {
		t.Errorf("the permitted region was not scanned: %+v", scan.Addresses)
	}
	joined := strings.Join(scan.Skipped, "\n")
	if !strings.Contains(joined, "ECS instances in cn-hongkong") || !strings.Contains(joined, "Forbidden.RAM") ||
		!strings.Contains(joined, "SLB instances in cn-hangzhou") {
		t.Errorf("Skipped = %q; want the refused ECS scan of cn-hongkong and the not-activated SLB scans named with their errors", scan.Skipped)
	}
	calls := f.count()
	if _, err := c.AccountAddresses(context.Background()); err != nil || f.count() != calls {
		t.Errorf("second AccountAddresses: err %v, %d more calls; want the run's answer reused", err, f.count()-calls)
	}
}

func TestAccountAddressesFailureIsCachedForTheRun(t *testing.T) {
	f := newFakeRPC(t, func(n int, w http.ResponseWriter, r *http.Request) {
		writeRPCError(w, http.StatusBadRequest, "InvalidParameter", "req-1", "bad")
	})
	eps, err := NewEndpoints(nil, f.srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	clearProxyEnv(t)
	c, err := NewClient(Config{
		Credentials: Credentials{AccessKeyID: fakeAccessKeyID, AccessKeySecret: fakeSecret, Source: "test"},
		Region:      "cn-hangzhou", Endpoints: eps, MaxRetries: 1, BaseDelay: testBaseDelay,
	})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		if _, err := c.AccountAddresses(context.Background()); err == nil {
			t.Fatal("want the scan's error")
		}
	}
	if n := f.count(); n != 1 {
		t.Errorf("%d calls for three AccountAddresses; want the failed scan made once per run", n)
	}
}

// A zone outside the account (a CNAME target elsewhere) is asked about once per run; a
// write to the zone forgets the answer.
func TestZoneRecordsNotFoundIsCached(t *testing.T) {
	c, srv := emulatorClient(t)
	ctx := context.Background()
	for i := 0; i < 3; i++ {
		if _, err := c.ZoneRecords(ctx, "elsewhere.com"); !IsNotFound(err) {
			t.Fatalf("ZoneRecords(elsewhere.com) = %v, want not found", err)
		}
	}
	st, err := srv.Control.Stats()
	if err != nil {
		t.Fatal(err)
	}
	if n := st.Calls["Alidns.DescribeDomainRecords"]; n != 1 {
		t.Errorf("DescribeDomainRecords calls = %d, want 1 (the not-found answer kept for the run)", n)
	}
	if err := srv.Control.AddDomain(emulator.DomainSeed{Domain: "elsewhere.com", RealNameStatus: "SUCCEED"}); err != nil {
		t.Fatal(err)
	}
	c.InvalidateZone("Elsewhere.com")
	if _, err := c.ZoneRecords(ctx, "elsewhere.com"); err != nil {
		t.Errorf("after InvalidateZone the zone is listed again: %v", err)
	}
}
