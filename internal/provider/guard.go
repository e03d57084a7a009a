package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/beian-dev/terraform-provider-beian/internal/aliyun"
)

// guardPlan runs the ICP guard (DESIGN.md §4) on a planned record. Filled in by the
// guard change; until then records are not checked.
func (r *dnsRecordResource) guardPlan(_ context.Context, _ resource.ModifyPlanRequest, _ *dnsRecordModel) diag.Diagnostics {
	return nil
}

// guardApply repeats the guard before a record is written, for values that were unknown
// at plan time.
func (r *dnsRecordResource) guardApply(_ context.Context, _ *dnsRecordModel, _ aliyun.DNSRecordInput) diag.Diagnostics {
	return nil
}
