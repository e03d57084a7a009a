// Package planjson reads the JSON representation of a Terraform or OpenTofu plan — the
// output of `terraform show -json plan.out` or `tofu show -json plan.out`, format
// version 1.x, as documented at
// https://developer.hashicorp.com/terraform/internals/json-format — and finds the DNS
// records it creates, changes or keeps, from the record resources of the DNS providers
// the ICP guard knows (Records), with each record's zone resolved from the plan where
// it is another resource's attribute or a data source's.
//
// It is pure: it reads a plan, never a provider or the cloud, and imports no plugin
// framework. Only the parts of the format it needs are decoded.
package planjson

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Plan is what the guard reads of a plan.
type Plan struct {
	FormatVersion    string                     `json:"format_version"`
	TerraformVersion string                     `json:"terraform_version"`
	Variables        map[string]variable        `json:"variables"`
	PlannedValues    *Values                    `json:"planned_values"`
	ResourceChanges  []ResourceChange           `json:"resource_changes"`
	PriorState       *State                     `json:"prior_state"`
	Configuration    *Configuration             `json:"configuration"`
	Errored          bool                       `json:"errored"`
	Values           map[string]json.RawMessage `json:"values"` // set in state JSON, not in a plan

	idx *index
}

type variable struct {
	Value any `json:"value"`
}

// State is the prior state of a plan.
type State struct {
	Values *Values `json:"values"`
}

// Values are the resource values of a plan or a state, by module.
type Values struct {
	RootModule Module `json:"root_module"`
}

// Module is one module instance's resources and its child modules.
type Module struct {
	Address      string     `json:"address"`
	Resources    []Resource `json:"resources"`
	ChildModules []Module   `json:"child_modules"`
}

// Resource is one resource instance with its values.
type Resource struct {
	Address string         `json:"address"`
	Mode    string         `json:"mode"`
	Type    string         `json:"type"`
	Name    string         `json:"name"`
	Index   any            `json:"index"`
	Values  map[string]any `json:"values"`
}

// ResourceChange is the planned change of one resource instance.
type ResourceChange struct {
	Address       string `json:"address"`
	ModuleAddress string `json:"module_address"`
	Mode          string `json:"mode"`
	Type          string `json:"type"`
	Name          string `json:"name"`
	Index         any    `json:"index"`
	Change        Change `json:"change"`
}

// Change is a resource instance's values before and after the plan. An attribute known
// only after apply is absent from After and marked in AfterUnknown; a sensitive one is in
// the values (show -json writes them) and marked in BeforeSensitive / AfterSensitive.
type Change struct {
	Actions         []string       `json:"actions"`
	Before          map[string]any `json:"before"`
	After           map[string]any `json:"after"`
	AfterUnknown    any            `json:"after_unknown"`
	BeforeSensitive any            `json:"before_sensitive"`
	AfterSensitive  any            `json:"after_sensitive"`
}

// Configuration is the plan's configuration: for each module, its resources' argument
// expressions (the references they make), its module calls and its outputs.
type Configuration struct {
	RootModule ConfigModule `json:"root_module"`
}

// ConfigModule is one module of the configuration.
type ConfigModule struct {
	Resources   []ConfigResource      `json:"resources"`
	ModuleCalls map[string]ModuleCall `json:"module_calls"`
	Outputs     map[string]struct {
		Expression map[string]any `json:"expression"`
	} `json:"outputs"`
}

// ConfigResource is a resource block.
type ConfigResource struct {
	Address     string         `json:"address"`
	Mode        string         `json:"mode"`
	Type        string         `json:"type"`
	Name        string         `json:"name"`
	Expressions map[string]any `json:"expressions"`
}

// ModuleCall is a module block: its source, the expressions of its arguments and the
// called module's configuration.
type ModuleCall struct {
	Source      string         `json:"source"`
	Expressions map[string]any `json:"expressions"`
	Module      ConfigModule   `json:"module"`
}

// Decode reads a plan in the JSON format (format_version 1.x). It refuses a state (the
// output of `show -json` without a plan file), a plan of another major format version
// and a plan the CLI marked as errored, each with what to run instead.
func Decode(r io.Reader) (*Plan, error) {
	var p Plan
	dec := json.NewDecoder(r)
	if err := dec.Decode(&p); err != nil {
		return nil, fmt.Errorf("not a plan in JSON: %w (write one with: terraform show -json plan.out > plan.json)", err)
	}
	switch {
	case p.FormatVersion == "":
		return nil, errors.New("not a plan in JSON: it has no format_version (write one with: terraform show -json plan.out > plan.json)")
	case p.PlannedValues == nil && p.ResourceChanges == nil && p.Values != nil:
		return nil, errors.New("this is a state, not a plan: `show -json` was run without a plan file. Run terraform plan -out plan.out, then terraform show -json plan.out")
	case !strings.HasPrefix(p.FormatVersion, "1."):
		return nil, fmt.Errorf("plan format_version %q is not supported: beian-guard reads format 1.x (Terraform 1.x, OpenTofu 1.x)", p.FormatVersion)
	case p.Errored:
		return nil, errors.New("the plan is marked errored: the CLI stopped planning on an error, so it does not hold every change. Fix the plan's errors and plan again")
	}
	p.idx = newIndex(&p)
	return &p, nil
}

// ModuleSources are the source arguments of the module calls from the root module down
// a path of call names (["dns", "records"]), as the configuration writes them
// ("./modules/dns"); nil when the plan has no configuration for the path.
func (p *Plan) ModuleSources(calls []string) []string {
	if p.Configuration == nil {
		return nil
	}
	m := &p.Configuration.RootModule
	out := make([]string, 0, len(calls))
	for _, c := range calls {
		mc, ok := m.ModuleCalls[c]
		if !ok {
			return nil
		}
		out = append(out, mc.Source)
		m = &mc.Module
	}
	return out
}
