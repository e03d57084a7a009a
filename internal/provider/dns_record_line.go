package provider

import (
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/beian-dev/terraform-provider-beian/internal/aliyun"
)

// The line (解析线路) of a beian_dns_record is checked at plan time against the lines its
// zone offers, read from the DescribeDomainInfo the TTL check already makes (its detail
// attributes: RecordLines, RecordLineTreeJson). The lines depend on the zone's DNS edition,
// so no fixed list is kept here (the alicloud provider's fixed list refused lines the API
// takes: aliyun/terraform-provider-alicloud#2977).

// lineChanged reports whether the plan sets a line the zone has not taken already: a new
// record, another line, or another zone.
func lineChanged(state, plan *dnsRecordModel) bool {
	return state == nil || !state.Line.Equal(plan.Line) || !state.Domain.Equal(plan.Domain)
}

// lineNotOffered is the plan error for a line the zone does not offer, naming the value,
// the zone and the lines it does offer (the closest first).
func lineNotOffered(zone aliyun.Zone, line string) diag.Diagnostics {
	var diags diag.Diagnostics
	lines := make([]string, 0, len(zone.Lines))
	for l := range zone.Lines {
		lines = append(lines, l)
	}
	sort.Slice(lines, func(i, j int) bool {
		di, dj := editDistance(line, lines[i]), editDistance(line, lines[j])
		if di != dj {
			return di < dj
		}
		return lines[i] < lines[j]
	})
	hint := ""
	if len(lines) > 0 && editDistance(line, lines[0]) <= 2 {
		hint = fmt.Sprintf(" Did you mean %q?", lines[0])
	}
	shown := lines
	if len(shown) > 20 {
		shown = shown[:20]
	}
	more := ""
	if len(lines) > len(shown) {
		more = fmt.Sprintf(" (and %d more)", len(lines)-len(shown))
	}
	diags.AddAttributeError(path.Root("line"), "Resolution line not offered by the zone",
		fmt.Sprintf("line = %q is not a resolution line (解析线路) the zone %s offers on its Alibaba Cloud DNS edition (%s).%s "+
			"The zone offers: %s%s. Lines depend on the edition; see https://help.aliyun.com/document_detail/29807.html.",
			line, zone.Domain, editionName(zone.Edition), hint, strings.Join(shown, ", "), more))
	return diags
}

// editDistance is the Levenshtein distance of a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
