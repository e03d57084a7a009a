package provider

// Registration and the settings after it: submitting the purchase, waiting for its
// task, and bringing auto-renew, name servers and privacy protection to the plan.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/beian-dev/terraform-provider-beian/internal/aliyun"
)

// saveEarly records the resource in state before anything that can fail or be
// interrupted, so that a failure leaves it tainted, not orphaned.
func (r *domainResource) saveEarly(ctx context.Context, plan *domainModel, name string, resp *resource.CreateResponse) {
	for attr, v := range map[string]attr.Value{
		"id": types.StringValue(name), "domain_name": plan.DomainName, "years": plan.Years,
		"registrant_profile_id": plan.RegistrantProfileID, "adopt_existing": plan.AdoptExisting, "auto_renew": plan.AutoRenew,
		"cancel_auto_renew_on_destroy": plan.CancelAutoRenewOnDestroy,
	} {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(attr), v)...)
	}
	resp.Diagnostics.Append(setDomainIdentity(ctx, resp.Identity, name)...)
}

type registrationTask struct {
	TaskNo    string `json:"task_no"`
	Submitted string `json:"submitted"`
}

// settlePendingRegistration looks up a registration that was submitted but not seen
// to finish (the apply was interrupted or timed out): its task number is in private
// state while the resource has no instance yet. It returns false when Read stops
// there: the task failed (the resource is removed from state), is still running (the
// resource stays tainted), or cannot be read.
func (r *domainResource) settlePendingRegistration(ctx context.Context, name string, state domainModel, req resource.ReadRequest, resp *resource.ReadResponse) bool {
	raw, d := req.Private.GetKey(ctx, privateRegistrationTask)
	resp.Diagnostics.Append(d...)
	var rt registrationTask
	if len(raw) == 0 || !state.InstanceID.IsNull() || json.Unmarshal(raw, &rt) != nil || rt.TaskNo == "" {
		return true
	}
	task, err := r.data.client.QueryDomainTask(ctx, rt.TaskNo)
	switch {
	case err != nil:
		resp.Diagnostics.AddError("Cannot read registration task "+rt.TaskNo+" of "+name, apiErrorDetail(err))
		return false
	case task.Failed():
		resp.Diagnostics.AddWarning(fmt.Sprintf("Registration of %s (域名注册) failed", name),
			fmt.Sprintf("The registration task %s failed with this reason (verbatim):\n\n%s\n\nNothing was registered; the resource is removed from state.", rt.TaskNo, taskReason(task)))
		resp.Diagnostics.Append(keepDomainIdentity(ctx, resp.Identity, name)...)
		resp.State.RemoveResource(ctx)
		return false
	case !task.Done():
		resp.Diagnostics.AddWarning(fmt.Sprintf("Registration of %s (域名注册) is still running", name),
			fmt.Sprintf("The registration task %s submitted at %s is still %s. The resource stays in state (tainted) until the task "+
				"finishes; refresh again later.", rt.TaskNo, rt.Submitted, strings.ToLower(task.Status)))
		resp.Diagnostics.Append(keepDomainIdentity(ctx, resp.Identity, name)...)
		return false
	}
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateRegistrationTask, nil)...)
	return true
}

// register submits the registration, saves the resource, and waits for the task.
func (r *domainResource) register(ctx context.Context, plan *domainModel, name string, timeout time.Duration, resp *resource.CreateResponse) (aliyun.Domain, bool) {
	client := r.data.client
	servers, d := setToStrings(ctx, plan.DNSServers)
	resp.Diagnostics.Append(d...)
	in := aliyun.RegisterDomainInput{Domain: name, Years: int(plan.Years.ValueInt64()), RegistrantProfileID: plan.RegistrantProfileID.ValueInt64(),
		PrivacyProtection: plan.PrivacyProtection.ValueBool()}
	// Only two name servers can be given at registration (Dns1, Dns2); more, or two that
	// are the same server spelt differently, are set by bringSettingsToPlan afterwards.
	if servers := canonicalNameServers(servers); len(servers) == 2 {
		in.DNSServers = servers
	}
	taskNo, err := client.RegisterDomain(ctx, in)
	if err != nil {
		resp.Diagnostics.AddError("Cannot register domain "+name+" (域名注册)", registerErrorDetail(err, name, in))
		return aliyun.Domain{}, false
	}
	tflog.Info(ctx, "domain registration submitted", map[string]any{"domain": name, "task_no": taskNo, "years": in.Years})
	// From here on a purchase may be running: keep the resource in state.
	r.saveEarly(ctx, plan, name, resp)
	b, _ := json.Marshal(registrationTask{TaskNo: taskNo, Submitted: r.data.now().UTC().Format(time.RFC3339)})
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateRegistrationTask, b)...)

	task, err := client.WaitDomainTask(ctx, taskNo, aliyun.DefaultTaskPoll)
	if err != nil {
		resp.Diagnostics.AddError(fmt.Sprintf("Registration of %s (域名注册) did not finish: task %s", name, taskNo),
			taskWaitDetail(err, "registration", name, taskNo, "create", timeout)+
				"\n\nThe domain may still be registered (it is a purchase), so the resource was kept in state as tainted rather than forgotten. "+
				"When the task has finished (console: Domains → Operation records / 操作记录, task "+taskNo+"), run terraform untaint on this "+
				"resource and apply again to keep it; the next refresh also reads the task's outcome.")
		return aliyun.Domain{}, false
	}
	if task.Failed() {
		resp.State.RemoveResource(ctx)
		resp.Diagnostics.AddAttributeError(path.Root("domain_name"), fmt.Sprintf("Registration of %s (域名注册) failed", name),
			fmt.Sprintf("The registration task %s of %s failed with this reason (verbatim from QueryTaskDetailList):\n\n%s\n\n"+
				"Nothing was registered, and the resource was not saved. Fix the cause (another name, another registrant profile, account balance) and apply again.",
				taskNo, name, taskReason(task)))
		return aliyun.Domain{}, false
	}
	dom, err := client.QueryDomain(ctx, name)
	if err != nil {
		resp.Diagnostics.AddError("Cannot read domain "+name+" after its registration",
			fmt.Sprintf("The registration task %s succeeded, but reading the domain failed: %s\n\nThe resource was saved as tainted; run terraform untaint on it and apply again.", taskNo, apiErrorDetail(err)))
		return aliyun.Domain{}, false
	}
	return dom, true
}

func registerErrorDetail(err error, name string, in aliyun.RegisterDomainInput) string {
	switch {
	case aliyun.IsRegistrantProfileMissing(err):
		return apiErrorDetail(err) + fmt.Sprintf("\n\nregistrant_profile_id = %d is not a registrant profile (域名信息模板) of this account. Nothing was bought.", in.RegistrantProfileID)
	case aliyun.IsRegistrantProfileUnverified(err):
		return apiErrorDetail(err) + fmt.Sprintf("\n\nRegistrant profile %d has not passed real-name verification (实名认证). Finish it in the console or use another profile. Nothing was bought.", in.RegistrantProfileID)
	}
	if aliyun.IsConflict(err) {
		return apiErrorDetail(err) + fmt.Sprintf("\n\n%s is taken or already being registered. Nothing was bought.", name)
	}
	return apiErrorDetail(err) + "\n\nThe registration was not accepted; nothing was bought."
}

// taskWaitDetail explains a task wait that ended without an outcome.
func taskWaitDetail(err error, what, name, taskNo, op string, timeout time.Duration) string {
	var we *aliyun.TaskWaitError
	if errors.As(err, &we) {
		return fmt.Sprintf("The %s task %s of %s was still %s when the %s timeout of %s ran out (%v). Raise timeouts.%s if tasks take longer.",
			what, taskNo, name, strings.ToLower(we.Task.Status), op, timeout, we.Err, op)
	}
	return fmt.Sprintf("Polling the %s task %s of %s (QueryTaskDetailList) failed: %s", what, taskNo, name, apiErrorDetail(err))
}

// bringSettingsToPlan sets auto-renew, name servers and privacy protection to their
// planned values where dom (and currentAutoRenew) differ, waiting for the tasks.
// currentAutoRenew is nil when unknown.
func (r *domainResource) bringSettingsToPlan(ctx context.Context, plan *domainModel, dom aliyun.Domain, currentAutoRenew *bool, op string, timeout time.Duration) diag.Diagnostics {
	var diags diag.Diagnostics
	client := r.data.client
	name := dom.Name
	if !plan.AutoRenew.IsUnknown() && !plan.AutoRenew.IsNull() {
		want := plan.AutoRenew.ValueBool()
		if currentAutoRenew == nil || *currentAutoRenew != want {
			if err := client.SetDomainAutoRenew(ctx, dom.InstanceID, want); err != nil {
				diags.AddAttributeError(path.Root("auto_renew"), fmt.Sprintf("Cannot turn auto-renew (自动续费) %s for %s", onOff(want), name),
					fmt.Sprintf("SetupDomainAutoRenew for instance %s failed: %s", dom.InstanceID, apiErrorDetail(err)))
				return diags
			}
		}
	}
	servers, d := setToStrings(ctx, plan.DNSServers)
	diags.Append(d...)
	if len(servers) > 0 && !sameNameServers(servers, dom.DNSServers) {
		no, err := client.ModifyDomainDNS(ctx, name, canonicalNameServers(servers))
		if err != nil {
			diags.AddAttributeError(path.Root("dns_servers"), "Cannot change the name servers of "+name, apiErrorDetail(err))
			return diags
		}
		diags.Append(r.waitSettingTask(ctx, "name server change (修改DNS)", "dns_servers", name, no, op, timeout)...)
		if diags.HasError() {
			return diags
		}
	}
	if !plan.PrivacyProtection.IsUnknown() && !plan.PrivacyProtection.IsNull() && plan.PrivacyProtection.ValueBool() != dom.PrivacyProtection {
		want := plan.PrivacyProtection.ValueBool()
		no, err := client.SetDomainPrivacy(ctx, name, want)
		if err != nil {
			diags.AddAttributeError(path.Root("privacy_protection"), fmt.Sprintf("Cannot turn privacy protection (隐私保护) %s for %s", onOff(want), name), apiErrorDetail(err))
			return diags
		}
		diags.Append(r.waitSettingTask(ctx, "privacy protection (隐私保护)", "privacy_protection", name, no, op, timeout)...)
	}
	return diags
}

// waitSettingTask waits for the task of a setting change (taskNo; none when empty) and
// explains, against attr, a wait that ran out or a task that failed.
func (r *domainResource) waitSettingTask(ctx context.Context, what, attr, name, taskNo, op string, timeout time.Duration) diag.Diagnostics {
	var diags diag.Diagnostics
	if taskNo == "" {
		return diags
	}
	task, err := r.data.client.WaitDomainTask(ctx, taskNo, aliyun.DefaultTaskPoll)
	switch {
	case err != nil:
		diags.AddAttributeError(path.Root(attr), fmt.Sprintf("The %s of %s did not finish: task %s", what, name, taskNo),
			taskWaitDetail(err, what, name, taskNo, op, timeout)+" The change may still be applied; the next plan shows where it stands.")
	case task.Failed():
		diags.AddAttributeError(path.Root(attr), fmt.Sprintf("The %s of %s failed", what, name),
			fmt.Sprintf("Task %s failed with this reason (verbatim from QueryTaskDetailList):\n\n%s", taskNo, taskReason(task)))
	}
	return diags
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

// taskReason is a failed Domain task's reason as the diagnostics quote it: the detail's
// FailReason, or its ErrorMsg when FailReason is empty (QueryTaskDetailList's model has
// both and no source says which the service fills), verbatim; and ErrorMsg as well when it
// says something else.
func taskReason(task aliyun.DomainTask) string {
	r := task.FailReason
	if strings.TrimSpace(r) == "" {
		r = "(none: the task's FailReason and ErrorMsg are both empty)"
	}
	if task.ErrorMsg != "" {
		r += "\n\nErrorMsg: " + task.ErrorMsg
	}
	return r
}
