package planjson

import (
	"fmt"
	"strconv"
	"strings"
)

// zoneTypes are the resources and data sources whose instances are DNS zones: a
// record's zone_id is matched against their id attributes, and their name attribute is
// the zone's name. Sources: the Cloudflare provider's cloudflare_zone (v5 resource
// `name`, v4 resource `zone`, data source `name` and `filter.name`; computed `id`,
// data source `zone_id` — docs/resources/zone.md, docs/data-sources/zone.md of
// cloudflare/terraform-provider-cloudflare) and the AWS provider's aws_route53_zone
// (resource and data source: `name`; computed `zone_id`, `id` —
// website/docs/r/route53_zone.html.markdown, website/docs/d/route53_zone.html.markdown).
var zoneTypes = map[string]struct{ ids, names []string }{
	"cloudflare_zone":  {ids: []string{"id", "zone_id"}, names: []string{"name", "zone", "filter.name"}},
	"aws_route53_zone": {ids: []string{"zone_id", "id"}, names: []string{"name"}},
}

// instance is one resource instance's values, from the planned values or, when the plan
// has none for it, the prior state.
type instance struct {
	module string // module instance address, "" for the root module
	mode   string // managed or data
	typ    string
	name   string
	index  any // nil, a number (float64) or a string
	values map[string]any
}

type index struct {
	p        *Plan
	configs  map[*ConfigModule]map[string]*ConfigResource // by mode|type.name, built on first use
	byRes    map[string][]*instance                       // resKey(module, mode, type, name)
	zoneByID map[string][]string                          // a zone's id → its name(s)
	modules  map[string]bool                              // module instance addresses that hold resources
}

func resKey(module, mode, typ, name string) string {
	return module + "|" + mode + "|" + typ + "." + name
}

func newIndex(p *Plan) *index {
	x := &index{p: p, byRes: map[string][]*instance{}, zoneByID: map[string][]string{}, modules: map[string]bool{}}
	seen := map[string]bool{}
	var walk func(m *Module)
	walk = func(m *Module) {
		for i := range m.Resources {
			r := &m.Resources[i]
			if r.Address == "" || seen[r.Address] {
				continue
			}
			seen[r.Address] = true
			mode := r.Mode
			if mode == "" {
				mode = "managed"
			}
			in := &instance{module: m.Address, mode: mode, typ: r.Type, name: r.Name, index: r.Index, values: r.Values}
			k := resKey(m.Address, mode, r.Type, r.Name)
			x.byRes[k] = append(x.byRes[k], in)
			x.modules[m.Address] = true
			x.indexZone(in)
		}
		for i := range m.ChildModules {
			walk(&m.ChildModules[i])
		}
	}
	if p.PlannedValues != nil {
		walk(&p.PlannedValues.RootModule)
	}
	if p.PriorState != nil && p.PriorState.Values != nil {
		walk(&p.PriorState.Values.RootModule)
	}
	return x
}

func (x *index) indexZone(in *instance) {
	zt, ok := zoneTypes[in.typ]
	if !ok {
		return
	}
	name := zoneName(in)
	if name == "" {
		return
	}
	for _, a := range zt.ids {
		if id, ok := in.values[a].(string); ok && id != "" {
			x.zoneByID[id] = appendUnique(x.zoneByID[id], name)
		}
	}
}

// zoneName is the name of a zone instance, lower-case without a trailing dot, or "".
func zoneName(in *instance) string {
	for _, a := range zoneTypes[in.typ].names {
		if s, ok := lookup(in.values, a).(string); ok && strings.TrimSpace(s) != "" {
			return strings.TrimSuffix(strings.ToLower(strings.TrimSpace(s)), ".")
		}
	}
	return ""
}

// lookup reads a dotted path of object attributes (filter.name); a list of one object
// on the way (a nested block) is stepped into.
func lookup(v map[string]any, path string) any {
	var cur any = v
	for _, part := range strings.Split(path, ".") {
		if l, ok := cur.([]any); ok && len(l) == 1 {
			cur = l[0]
		}
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = m[part]
	}
	return cur
}

func appendUnique(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// configModule returns the configuration of the module instance at address module ("" is
// the root), or nil when the plan has no configuration for it.
func (x *index) configModule(module string) *ConfigModule {
	if x.p.Configuration == nil {
		return nil
	}
	m := &x.p.Configuration.RootModule
	for _, call := range moduleCalls(module) {
		c, ok := m.ModuleCalls[call]
		if !ok {
			return nil
		}
		m = &c.Module
	}
	return m
}

// configResource is the resource block of an instance.
func (x *index) configResource(module, mode, typ, name string) *ConfigResource {
	m := x.configModule(module)
	if m == nil {
		return nil
	}
	if x.configs == nil {
		x.configs = map[*ConfigModule]map[string]*ConfigResource{}
	}
	byName, ok := x.configs[m]
	if !ok {
		byName = make(map[string]*ConfigResource, len(m.Resources))
		for i := range m.Resources {
			r := &m.Resources[i]
			rm := r.Mode
			if rm == "" {
				rm = "managed"
			}
			byName[rm+"|"+r.Type+"."+r.Name] = r
		}
		x.configs[m] = byName
	}
	return byName[mode+"|"+typ+"."+name]
}

// step is one part of a traversal: a name and, when it has one, the raw text of its
// index (`0`, `"a"`).
type step struct {
	name     string
	index    string
	hasIndex bool
}

// parseTraversal splits an address or reference ("module.a[\"x.y\"].aws_route53_zone.z[0].zone_id")
// into its steps; dots inside brackets and quotes do not split.
func parseTraversal(s string) []step {
	var out []step
	var cur step
	inIndex, inQuote, escaped := false, false, false
	var b strings.Builder
	flush := func() {
		cur.name = b.String()
		b.Reset()
	}
	for _, r := range s {
		switch {
		case inQuote:
			b.WriteRune(r)
			switch {
			case escaped:
				escaped = false
			case r == '\\':
				escaped = true
			case r == '"':
				inQuote = false
			}
		case inIndex:
			switch r {
			case '"':
				inQuote = true
				b.WriteRune(r)
			case ']':
				cur.index, cur.hasIndex = b.String(), true
				b.Reset()
				inIndex = false
			default:
				b.WriteRune(r)
			}
		case r == '[':
			flush()
			inIndex = true
		case r == '.':
			if !cur.hasIndex {
				flush()
			}
			out = append(out, cur)
			cur = step{}
		default:
			b.WriteRune(r)
		}
	}
	if !cur.hasIndex {
		flush()
	}
	if cur.name != "" || cur.hasIndex {
		out = append(out, cur)
	}
	return out
}

// moduleCalls are the module call names of a module instance address:
// module.a[0].module.b → [a b].
func moduleCalls(module string) []string {
	var out []string
	steps := parseTraversal(module)
	for i := 0; i+1 < len(steps); i += 2 {
		if steps[i].name != "module" {
			break
		}
		out = append(out, steps[i+1].name)
	}
	return out
}

// parentModule splits a module instance address into its parent's address and the
// module call's name: module.a[0].module.b → (module.a[0], b).
func parentModule(module string) (parent, call string, ok bool) {
	steps := parseTraversal(module)
	if len(steps) < 2 || steps[len(steps)-2].name != "module" {
		return "", "", false
	}
	var b strings.Builder
	for i := 0; i+1 < len(steps)-2; i += 2 {
		if b.Len() > 0 {
			b.WriteString(".")
		}
		b.WriteString("module." + steps[i+1].name)
		if steps[i+1].hasIndex {
			b.WriteString("[" + steps[i+1].index + "]")
		}
	}
	return b.String(), steps[len(steps)-1].name, true
}

// indexMatches reports whether an instance key (a number or a string, as the plan
// writes it) is the raw index text of a reference (`0`, `"a"`).
func indexMatches(key any, raw string) bool {
	switch k := key.(type) {
	case float64:
		n, err := strconv.ParseFloat(raw, 64)
		return err == nil && n == k
	case string:
		s, err := strconv.Unquote(raw)
		return err == nil && s == k
	}
	return false
}

// references are the references an argument's expression makes, in the module's
// configuration: expressions[attr].references.
func references(expr map[string]any, attr string) []string {
	e, ok := lookupExpr(expr, attr).(map[string]any)
	if !ok {
		return nil
	}
	refs, _ := e["references"].([]any)
	out := make([]string, 0, len(refs))
	for _, r := range refs {
		if s, ok := r.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// lookupExpr steps into a nested block's expressions (a list of one expression map).
func lookupExpr(expr map[string]any, path string) any {
	var cur any = expr
	for _, part := range strings.Split(path, ".") {
		if l, ok := cur.([]any); ok && len(l) > 0 {
			cur = l[0]
		}
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = m[part]
	}
	return cur
}

// maxRefDepth bounds how many variables and module outputs a reference is followed
// through.
const maxRefDepth = 16

// zonesReferenced follows the references of an argument to the zone instances they
// name: a zone resource or data source in the same module, through input variables to
// the module call's argument in the parent module, and through module outputs into the
// child module. References the plan cannot follow (locals, each, count) yield nothing.
func (x *index) zonesReferenced(module string, refs []string, depth int) []*instance {
	if depth > maxRefDepth {
		return nil
	}
	var out []*instance
	for _, ref := range refs {
		steps := parseTraversal(ref)
		if len(steps) < 2 {
			continue
		}
		switch steps[0].name {
		case "var":
			parent, call, ok := parentModule(module)
			if !ok {
				continue // a root variable: its value is known, or it names no zone
			}
			pm := x.configModule(parent)
			if pm == nil {
				continue
			}
			mc, ok := pm.ModuleCalls[call]
			if !ok {
				continue
			}
			out = append(out, x.zonesReferenced(parent, references(mc.Expressions, steps[1].name), depth+1)...)
		case "module":
			if len(steps) < 3 {
				continue
			}
			cm := x.configModule(module)
			if cm == nil {
				continue
			}
			mc, ok := cm.ModuleCalls[steps[1].name]
			if !ok {
				continue
			}
			o, ok := mc.Module.Outputs[steps[2].name]
			if !ok {
				continue
			}
			for _, child := range x.childModules(module, steps[1]) {
				out = append(out, x.zonesReferenced(child, references(map[string]any{"o": o.Expression}, "o"), depth+1)...)
			}
		case "local", "each", "count", "path", "terraform", "self":
		case "data":
			if len(steps) >= 3 {
				out = append(out, x.zoneInstances(module, "data", steps[1].name, steps[2])...)
			}
		default:
			out = append(out, x.zoneInstances(module, "managed", steps[0].name, steps[1])...)
		}
	}
	return out
}

// zoneInstances are the instances of a zone resource (mode, type, name) in module; s is
// the reference's name step, whose index (when it has one) selects the instance.
func (x *index) zoneInstances(module, mode, typ string, s step) []*instance {
	if _, ok := zoneTypes[typ]; !ok {
		return nil
	}
	var out []*instance
	for _, in := range x.byRes[resKey(module, mode, typ, s.name)] {
		if !s.hasIndex || indexMatches(in.index, s.index) {
			out = append(out, in)
		}
	}
	return out
}

// childModules are the instance addresses of the module call s in module (all its
// instances when the reference names no key).
func (x *index) childModules(module string, s step) []string {
	prefix := "module." + s.name
	if module != "" {
		prefix = module + "." + prefix
	}
	if s.hasIndex {
		return []string{prefix + "[" + s.index + "]"}
	}
	var out []string
	seen := map[string]bool{}
	for m := range x.modules {
		var inst string
		switch {
		case m == prefix:
			inst = m
		case strings.HasPrefix(m, prefix+"["):
			end := strings.Index(m[len(prefix):], "]")
			if end < 0 {
				continue
			}
			inst = m[:len(prefix)+end+1]
		case strings.HasPrefix(m, prefix+"."):
			inst = prefix
		default:
			continue
		}
		if !seen[inst] {
			seen[inst] = true
			out = append(out, inst)
		}
	}
	return out
}

// zoneOf resolves the name of the zone a record's zone argument (attr: zone_id) names:
// by its value, when the plan knows it, against the zones of the plan and its prior
// state; else by the references of the argument's expression. It returns the name, or
// "" and why it could not be found.
func (x *index) zoneOf(module string, cfg *ConfigResource, attr string, value string, known bool) (string, string) {
	if known && value != "" {
		switch names := x.zoneByID[value]; len(names) {
		case 1:
			return names[0], ""
		case 0:
		default:
			return "", fmt.Sprintf("%s = %q names more than one zone in the plan (%s)", attr, value, strings.Join(names, ", "))
		}
	}
	var refs []string
	if cfg != nil {
		refs = references(cfg.Expressions, attr)
	}
	var names []string
	for _, in := range x.zonesReferenced(module, refs, 0) {
		if n := zoneName(in); n != "" {
			names = appendUnique(names, n)
		}
	}
	switch {
	case len(names) == 1:
		return names[0], ""
	case len(names) > 1:
		return "", fmt.Sprintf("%s refers to more than one zone (%s)", attr, strings.Join(names, ", "))
	case known && value != "":
		return "", fmt.Sprintf("%s = %q is not the id of a zone resource or data source in the plan", attr, value)
	case len(refs) > 0:
		return "", fmt.Sprintf("%s is known only after apply and comes from %s, which names no zone resource or data source the plan holds", attr, strings.Join(refs, ", "))
	}
	return "", fmt.Sprintf("%s is known only after apply", attr)
}
