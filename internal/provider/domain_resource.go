package provider

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/beian-dev/terraform-provider-beian/internal/aliyun"
	"github.com/beian-dev/terraform-provider-beian/internal/icp"
)

var (
	_ resource.ResourceWithConfigure      = (*domainResource)(nil)
	_ resource.ResourceWithImportState    = (*domainResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*domainResource)(nil)
	_ resource.ResourceWithValidateConfig = (*domainResource)(nil)
)

// privateRegistrationTask is the private-state key holding the registration task of a
// resource whose registration was submitted but not seen to finish.
const privateRegistrationTask = "registration_task"

var domainTimeouts = operationTimeouts{create: 30 * time.Minute, update: 20 * time.Minute, delete: 5 * time.Minute,
	createCovers: "registration with its order task polled until it ends, or adoption"}

// NewDomainResource registers or adopts a domain and keeps it renewed.
func NewDomainResource() resource.Resource { return &domainResource{} }

type domainResource struct{ resourceBase }

func (r *domainResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_domain"
}

func (r *domainResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan domainModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, d := plan.Timeouts.Create(ctx, domainTimeouts.create)
	resp.Diagnostics.Append(d...)
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	name, err := icp.NormalizeDomain(plan.DomainName.ValueString())
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("domain_name"), "Invalid domain name", err.Error())
		return
	}
	client := r.data.client
	var dom aliyun.Domain
	var currentAutoRenew *bool
	if plan.AdoptExisting.ValueBool() {
		dom, err = client.QueryDomain(ctx, name)
		if err != nil {
			if notFound, detail := domainQueryProblem(name, err, true); notFound {
				resp.Diagnostics.AddAttributeError(path.Root("adopt_existing"), "Domain is not in this Alibaba Cloud account", detail)
			} else {
				resp.Diagnostics.AddError("Cannot read domain "+name, detail)
			}
			return
		}
		r.saveEarly(ctx, &plan, name, resp)
		if st, found, err := client.DomainRenewStatus(ctx, dom.InstanceID); err == nil && found {
			v := aliyun.AutoRenewOn(st)
			currentAutoRenew = &v
		}
	} else {
		// Checked again before buying: values may have been unknown at plan time.
		if diags := r.checkRegistrable(ctx, name, plan.RegistrantProfileID); diags.HasError() {
			resp.Diagnostics.Append(diags...)
			return
		}
		var ok bool
		if dom, ok = r.register(ctx, &plan, name, timeout, resp); !ok {
			return
		}
	}
	resp.Diagnostics.Append(r.bringSettingsToPlan(ctx, &plan, dom, currentAutoRenew, "create", timeout)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if found, diags := r.readDomainInto(ctx, &plan, autoRenewKeepPlanned); !found {
		resp.Diagnostics.AddError("Cannot read domain "+name,
			fmt.Sprintf("QueryDomainByDomainName does not find %s right after it was registered or adopted. The resource was kept in state as tainted; refresh again in a few minutes.", name))
		return
	} else if resp.Diagnostics.Append(diags...); resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(setDomainIdentity(ctx, resp.Identity, name)...)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateRegistrationTask, nil)...)
}

func (r *domainResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state domainModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	name := state.ID.ValueString()
	if n, err := icp.NormalizeDomain(state.DomainName.ValueString()); err == nil {
		name = n
	}
	if !r.settlePendingRegistration(ctx, name, state, req, resp) {
		return
	}

	found, diags := r.readDomainInto(ctx, &state, autoRenewRead)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !found {
		tflog.Warn(ctx, "domain is no longer in the account; removing it from state", map[string]any{"domain": name})
		resp.Diagnostics.Append(goneWarning("beian_domain", name,
			"QueryDomainByDomainName no longer finds it in this Alibaba Cloud account (transferred out, expired and deleted, or the provider uses another account); "+
				"creating it registers or adopts it again")...)
		resp.Diagnostics.Append(keepDomainIdentity(ctx, resp.Identity, name)...)
		resp.State.RemoveResource(ctx)
		return
	}
	if state.AdoptExisting.IsNull() {
		state.AdoptExisting = types.BoolValue(true)
	}
	if state.CancelAutoRenewOnDestroy.IsNull() {
		state.CancelAutoRenewOnDestroy = types.BoolValue(false)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	resp.Diagnostics.Append(setDomainIdentity(ctx, resp.Identity, name)...)
}

func (r *domainResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state domainModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, d := plan.Timeouts.Update(ctx, domainTimeouts.update)
	resp.Diagnostics.Append(d...)
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	name := state.ID.ValueString()
	servers, d := setToStrings(ctx, state.DNSServers)
	resp.Diagnostics.Append(d...)
	current := aliyun.Domain{Name: name, InstanceID: state.InstanceID.ValueString(), DNSServers: servers,
		PrivacyProtection: state.PrivacyProtection.ValueBool()}
	var currentAutoRenew *bool
	if !state.AutoRenew.IsNull() {
		v := state.AutoRenew.ValueBool()
		currentAutoRenew = &v
	}
	resp.Diagnostics.Append(r.bringSettingsToPlan(ctx, &plan, current, currentAutoRenew, "update", timeout)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if found, diags := r.readDomainInto(ctx, &plan, autoRenewStrict); !found {
		resp.Diagnostics.AddError("Domain "+name+" is no longer in this Alibaba Cloud account",
			fmt.Sprintf("QueryDomainByDomainName does not find %s after the update. Refresh (terraform plan) to drop it from state, then check the console.", name))
		return
	} else if resp.Diagnostics.Append(diags...); resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	// The identity too: a CLI that sends none (Terraform before 1.12) would otherwise get
	// "Missing Resource Identity After Update" from the framework.
	resp.Diagnostics.Append(setDomainIdentity(ctx, resp.Identity, name)...)
}

func (r *domainResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state domainModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, d := domainTimeouts.forDelete(ctx, state.Timeouts)
	defer cancel()
	resp.Diagnostics.Append(d...)

	name := state.ID.ValueString()
	cancelRenew := state.CancelAutoRenewOnDestroy.ValueBool()
	if cancelRenew && state.InstanceID.ValueString() != "" {
		err := r.data.client.SetDomainAutoRenew(ctx, state.InstanceID.ValueString(), false)
		switch {
		case aliyun.IsNotFound(err):
			tflog.Info(ctx, "domain no longer in the account; nothing to cancel", map[string]any{"domain": name})
		case err != nil:
			resp.Diagnostics.AddError("Cannot turn auto-renew (自动续费) off for "+name,
				fmt.Sprintf("cancel_auto_renew_on_destroy = true, but SetupDomainAutoRenew (CANCEL) for instance %s failed, so the resource "+
					"was kept in state: %s\n\nRun destroy again, or set cancel_auto_renew_on_destroy = false to leave auto-renew on.", state.InstanceID.ValueString(), apiErrorDetail(err)))
			return
		}
	}
	msg := destroyMessage(name, cancelRenew)
	if state.InstanceID.IsNull() {
		msg += " Its registration had not been seen to finish: check the domain's operation records (操作记录) in the console."
	}
	resp.Diagnostics.AddWarning("Domain "+name+" removed from Terraform state, not deleted", msg)
}

// ImportState takes the domain name in either spelling (例子.中国 or
// xn--fsqu00a.xn--fiqs8s). The name must be a domain of this account; it is passed
// through as domain_name, as written but for white space and a trailing dot, and Read
// fills in the rest: id (the canonical name), adopt_existing = true and
// cancel_auto_renew_on_destroy = false.
func (r *domainResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id, diags := importedDomainName(ctx, req)
	if resp.Diagnostics.Append(diags...); diags.HasError() {
		return
	}
	raw := strings.TrimSpace(id)
	name, err := icp.NormalizeDomain(raw)
	if err != nil {
		resp.Diagnostics.AddError("Invalid import ID",
			fmt.Sprintf("beian_domain is imported by domain name, e.g. terraform import beian_domain.example example.com; %q is not one: %v", id, err))
		return
	}
	if r.data != nil {
		if _, err := r.data.client.QueryDomain(ctx, name); err != nil {
			_, detail := domainQueryProblem(name, err, false)
			resp.Diagnostics.AddError("Cannot import domain "+name, detail)
			return
		}
	}
	req.ID = strings.TrimSuffix(raw, ".")
	resource.ImportStatePassthroughID(ctx, path.Root("domain_name"), req, resp)
	resp.Diagnostics.Append(setDomainIdentity(ctx, resp.Identity, name)...)
}

func destroyMessage(name string, cancel bool) string {
	renew := "Auto-renew (自动续费) is left as it is."
	if cancel {
		renew = "Auto-renew (自动续费) is turned off (cancel_auto_renew_on_destroy = true), so the domain lapses at its expiration date unless renewed by hand."
	}
	return fmt.Sprintf("The domain %s is a purchase and stays registered in your Alibaba Cloud account; it is only removed from "+
		"Terraform state. %s Manage it in the console, or import it again with terraform import.", name, renew)
}
