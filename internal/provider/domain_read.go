package provider

// Reading a domain from the Domain API and BSS into the model.

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/beian-dev/terraform-provider-beian/internal/aliyun"
	"github.com/beian-dev/terraform-provider-beian/internal/icp"
)

// autoRenewCheck says what readDomainInto does when the auto-renew read back from BSS differs
// from the one in the model.
type autoRenewCheck int

const (
	// autoRenewRead takes BSS's value (refresh: shows a change made outside Terraform).
	autoRenewRead autoRenewCheck = iota
	// autoRenewKeepPlanned keeps the planned value with a warning (create: billing lags
	// behind a new purchase, and an error would leave a tainted resource that cannot be
	// created again; the next refresh shows BSS's value).
	autoRenewKeepPlanned
	// autoRenewStrict is an error (update: nothing is tainted, and applying again sets
	// auto-renew again).
	autoRenewStrict
)

// readDomainInto reads the domain and its renewal status into m, keeping the user's spelling of
// the domain and name servers where it means the same. check says what to do when the
// read-back auto-renew differs from m's (right after setting it). found is false (with
// no diagnostics) when the domain is not in the account.
func (r *domainResource) readDomainInto(ctx context.Context, m *domainModel, check autoRenewCheck) (found bool, diags diag.Diagnostics) {
	client := r.data.client
	name, err := icp.NormalizeDomain(m.DomainName.ValueString())
	if err != nil {
		name = m.ID.ValueString()
	}
	dom, err := client.QueryDomain(ctx, name)
	if aliyun.IsNotFound(err) {
		return false, diags
	}
	if err != nil {
		diags.AddError("Cannot read domain "+name, apiErrorDetail(err))
		return true, diags
	}
	diags.Append(r.copyDomainInto(ctx, m, dom)...)
	want := m.AutoRenew
	st, listed, err := client.DomainRenewStatus(ctx, dom.InstanceID)
	switch {
	case err != nil && aliyun.IsAuth(err):
		diags.AddAttributeWarning(path.Root("auto_renew"), "Cannot read auto-renew (自动续费) back",
			fmt.Sprintf("BSS QueryAvailableInstances for %s (instance %s) was refused, so a change of auto-renew made outside Terraform "+
				"cannot be detected. Grant bss:QueryAvailableInstances (e.g. the AliyunBSSReadOnlyAccess policy).\n\n%s", name, dom.InstanceID, err))
		if m.AutoRenew.IsUnknown() {
			m.AutoRenew = types.BoolNull()
		}
	case err != nil:
		diags.AddError("Cannot read the auto-renew status of "+name, apiErrorDetail(err))
		return true, diags
	case !listed:
		tflog.Warn(ctx, "BSS does not list the domain instance; keeping auto_renew as it was", map[string]any{"domain": name, "instance_id": dom.InstanceID})
		if m.AutoRenew.IsUnknown() {
			m.AutoRenew = types.BoolNull()
		}
	default:
		m.AutoRenew = types.BoolValue(aliyun.AutoRenewOn(st))
		if st == aliyun.RenewNone {
			diags.AddAttributeWarning(path.Root("auto_renew"), "Domain set not to renew (不续费)",
				fmt.Sprintf("BSS QueryAvailableInstances reports RenewStatus NotRenewal for %s (instance %s): billing will not renew it, so it "+
					"lapses at its expiration date and its ICP filing (备案) lapses with it. auto_renew reads false. Set auto_renew = true "+
					"(SetupDomainAutoRenew SET) or change the renewal setting (续费设置) in the console.", name, dom.InstanceID))
		}
		if check == autoRenewRead || want.IsNull() || want.IsUnknown() || want.ValueBool() == m.AutoRenew.ValueBool() {
			break
		}
		if check == autoRenewKeepPlanned {
			m.AutoRenew = want
			diags.AddAttributeWarning(path.Root("auto_renew"), "Auto-renew (自动续费) not yet confirmed by billing",
				fmt.Sprintf("auto_renew = %t was set on %s (instance %s) with SetupDomainAutoRenew, but BSS QueryAvailableInstances still reports "+
					"RenewStatus %s: billing can lag behind a new purchase. The planned value is kept in state; if the next plan shows a "+
					"change of auto_renew, the setting did not take effect and applying again sets it again.", want.ValueBool(), name, dom.InstanceID, st))
			break
		}
		diags.AddAttributeError(path.Root("auto_renew"), "Auto-renew (自动续费) did not take effect",
			fmt.Sprintf("auto_renew = %t was set on %s (instance %s) with SetupDomainAutoRenew, but BSS QueryAvailableInstances reports RenewStatus %s. "+
				"Billing can lag behind the Domain API: run apply again in a few minutes.", want.ValueBool(), name, dom.InstanceID, st))
	}
	return true, diags
}

// copyDomainInto copies what the Domain API says of dom into m: the canonical name as
// id, dates, statuses, name servers and privacy protection, keeping the spelling of
// domain_name and dns_servers where it names the same thing.
func (r *domainResource) copyDomainInto(ctx context.Context, m *domainModel, dom aliyun.Domain) diag.Diagnostics {
	var diags diag.Diagnostics
	m.ID = types.StringValue(dom.Name)
	if m.DomainName.IsNull() || m.DomainName.IsUnknown() || !sameDomain(m.DomainName.ValueString(), dom.Name) {
		m.DomainName = domainNameValue(dom.Name)
	}
	m.InstanceID = types.StringValue(dom.InstanceID)
	m.RegistrationDate, m.ExpirationDate = chinaDateOrNull(dom.RegistrationDate), chinaDateOrNull(dom.ExpirationDate)
	m.DomainStatus = types.StringValue(domainStatusName(dom.DomainStatus))
	m.RealNameStatus = types.StringValue(dom.RealNameStatus)
	m.RealNameVerified = types.BoolValue(dom.RealNameStatus == aliyun.RealNameSucceed)
	if dom.ExpirationDate.IsZero() {
		m.DaysUntilExpiry = types.Int64Null()
	} else {
		m.DaysUntilExpiry = types.Int64Value(int64(icp.CalendarDaysUntil(r.data.now(), dom.ExpirationDate)))
	}
	if day, ok := icp.FilingEligibleFrom(dom.RegistrationDate, dom.RealNameStatus == aliyun.RealNameSucceed); ok {
		m.FilingEligibleAfter = types.StringValue(chinaDate(day))
	} else {
		m.FilingEligibleAfter = types.StringNull()
	}
	prior, d := setToStrings(ctx, m.DNSServers)
	diags.Append(d...)
	if len(prior) == 0 || !sameNameServers(prior, dom.DNSServers) {
		servers := dom.DNSServers
		if servers == nil {
			servers = []string{}
		}
		v, d := types.SetValueFrom(ctx, types.StringType, servers)
		diags.Append(d...)
		m.DNSServers = v
	}
	m.PrivacyProtection = types.BoolValue(dom.PrivacyProtection)
	return diags
}

// chinaDateOrNull is t's China date as an attribute value; null when the API gave none.
func chinaDateOrNull(t time.Time) types.String {
	if t.IsZero() {
		return types.StringNull()
	}
	return types.StringValue(chinaDate(t))
}

// domainStatusName turns the Domain API's DomainStatus code into a word.
func domainStatusName(code string) string {
	switch code {
	case "1":
		return "URGENT_RENEWAL"
	case "2":
		return "URGENT_REDEMPTION"
	case "3":
		return "NORMAL"
	}
	return code
}

// canonicalNameServer compares name servers case- and trailing-dot-insensitively.
func canonicalNameServer(s string) string {
	if n, err := icp.NormalizeDomain(s); err == nil {
		return n
	}
	return strings.TrimSuffix(strings.ToLower(strings.TrimSpace(s)), ".")
}

// sameNameServers reports whether two name server lists are the same set.
func sameNameServers(a, b []string) bool {
	ca, cb := canonicalNameServers(a), canonicalNameServers(b)
	if len(ca) != len(cb) {
		return false
	}
	for i := range ca {
		if ca[i] != cb[i] {
			return false
		}
	}
	return true
}

func canonicalNameServers(xs []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range xs {
		c := canonicalNameServer(x)
		if c != "" && !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	sort.Strings(out)
	return out
}

func setToStrings(ctx context.Context, s types.Set) ([]string, diag.Diagnostics) {
	if s.IsNull() || s.IsUnknown() {
		return nil, nil
	}
	var out []string
	d := s.ElementsAs(ctx, &out, false)
	return out, d
}
