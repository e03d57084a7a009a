package guardconfig

import (
	"context"

	"github.com/beian-dev/terraform-provider-beian/internal/aliyun"
	"github.com/beian-dev/terraform-provider-beian/internal/dnsrecord"
	"github.com/beian-dev/terraform-provider-beian/internal/guard"
)

// Zones is the Alibaba Cloud client as the guard's Zones: the zones and their records as
// the client lists them, once per provider run, in the guard's terms.
func Zones(c *aliyun.Client) guard.Zones { return zones{c} }

type zones struct{ c *aliyun.Client }

func (z zones) ZoneNames(ctx context.Context) ([]string, error) { return z.c.ZoneNames(ctx) }

func (z zones) ZoneRecords(ctx context.Context, zone string) ([]guard.ZoneRecord, error) {
	snap, err := z.c.ZoneRecords(ctx, zone)
	if err != nil {
		return nil, err
	}
	out := make([]guard.ZoneRecord, len(snap.Records))
	for i, r := range snap.Records {
		out[i] = zoneRecord(r)
	}
	return out, nil
}

// zoneRecord is an Alibaba Cloud DNS record as the guard reads it.
func zoneRecord(r aliyun.DNSRecord) guard.ZoneRecord {
	return guard.ZoneRecord{ID: r.RecordID, RR: r.RR, Type: r.Type, Value: r.Value, Enabled: dnsrecord.StatusEnabled(r.Status)}
}
