package provider

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// operationTimeouts are a resource's default create, update and delete timeouts: one
// value feeds both the schema's documentation and the operation's deadline.
type operationTimeouts struct {
	create, update, delete time.Duration
	// what the create timeout covers, for the description, e.g. "registration, with
	// its task polled until it ends".
	createCovers string
}

// attribute is the resource's `timeouts` attribute, every field described with its
// default.
func (o operationTimeouts) attribute(ctx context.Context) schema.Attribute {
	a := timeouts.Attributes(ctx, timeouts.Opts{
		Create: true, Update: true, Delete: true,
		CreateDescription: fmt.Sprintf("How long creating may take (%s), as a duration such as `\"45m\"`. Default `\"%s\"`.", o.createCovers, shortDuration(o.create)),
		UpdateDescription: fmt.Sprintf("How long an in-place update may take. Default `\"%s\"`.", shortDuration(o.update)),
		DeleteDescription: fmt.Sprintf("How long destroying may take. Default `\"%s\"`.", shortDuration(o.delete)),
	})
	if n, ok := a.(schema.SingleNestedAttribute); ok {
		n.MarkdownDescription = "Deadlines for create, update and delete (retries and waits included). A call still in flight when one passes is abandoned and the operation fails; the next apply picks up what was done."
		return n
	}
	return a
}

// Deadlines for one operation: ctx bounded by the user's timeout for it, or the default.
// The caller defers cancel.

func (o operationTimeouts) forCreate(ctx context.Context, v timeouts.Value) (context.Context, context.CancelFunc, diag.Diagnostics) {
	d, diags := v.Create(ctx, o.create)
	ctx, cancel := context.WithTimeout(ctx, d)
	return ctx, cancel, diags
}

func (o operationTimeouts) forUpdate(ctx context.Context, v timeouts.Value) (context.Context, context.CancelFunc, diag.Diagnostics) {
	d, diags := v.Update(ctx, o.update)
	ctx, cancel := context.WithTimeout(ctx, d)
	return ctx, cancel, diags
}

func (o operationTimeouts) forDelete(ctx context.Context, v timeouts.Value) (context.Context, context.CancelFunc, diag.Diagnostics) {
	d, diags := v.Delete(ctx, o.delete)
	ctx, cancel := context.WithTimeout(ctx, d)
	return ctx, cancel, diags
}

// nullTimeouts is the `timeouts` value of an imported resource.
func nullTimeouts() timeouts.Value {
	return timeouts.Value{Object: types.ObjectNull(map[string]attr.Type{"create": types.StringType, "update": types.StringType, "delete": types.StringType})}
}

// shortDuration prints d as a user writes it: "10m", "1h30m", "45s".
func shortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
