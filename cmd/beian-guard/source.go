package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/beian-dev/terraform-provider-beian/internal/planjson"
)

// The plan JSON says which resource a record is, not where its block is written. For
// file-and-line annotations the block is looked up in the configuration: the root module
// is the directory the plan was made in (--chdir), a module's directory is the one
// `init` recorded in .terraform/modules/modules.json, else its local source path.

// block is where a resource block starts.
type block struct {
	file string // as given to the parser: a path under the root directory
	line int
}

// locator finds resource blocks, parsing each module directory once.
type locator struct {
	root    string
	plan    *planjson.Plan
	modules map[string]string           // modules.json: key (a.b) → dir
	parsed  map[string]map[string]block // dir → "type.name" → block
}

// locateBlocks fills in each result's file and line, where the configuration has them.
func locateBlocks(rep *report, plan *planjson.Plan, root string) {
	l := &locator{root: root, plan: plan, parsed: map[string]map[string]block{}}
	l.readModulesJSON()
	for i := range rep.results {
		r := &rep.results[i]
		if b, ok := l.find(r.rec.ModuleCalls, r.rec.ConfigAddress); ok {
			r.file, r.line = b.file, b.line
		}
	}
}

// readModulesJSON reads the module directories that init installed.
func (l *locator) readModulesJSON() {
	b, err := os.ReadFile(filepath.Join(l.root, ".terraform", "modules", "modules.json"))
	if err != nil {
		return
	}
	var m struct {
		Modules []struct{ Key, Dir string }
	}
	if json.Unmarshal(b, &m) != nil {
		return
	}
	l.modules = map[string]string{}
	for _, mod := range m.Modules {
		if mod.Key != "" {
			l.modules[mod.Key] = mod.Dir
		}
	}
}

// dir is the directory of the module at the end of calls.
func (l *locator) dir(calls []string) (string, bool) {
	if len(calls) == 0 {
		return l.root, true
	}
	if d, ok := l.modules[strings.Join(calls, ".")]; ok {
		if filepath.IsAbs(d) {
			return d, true
		}
		return filepath.Join(l.root, d), true
	}
	sources := l.plan.ModuleSources(calls)
	if len(sources) != len(calls) {
		return "", false
	}
	dir := l.root
	for _, s := range sources {
		if !strings.HasPrefix(s, "./") && !strings.HasPrefix(s, "../") {
			return "", false // a registry or remote module not installed under .terraform
		}
		dir = filepath.Join(dir, filepath.FromSlash(s))
	}
	return dir, true
}

func (l *locator) find(calls []string, configAddress string) (block, bool) {
	dir, ok := l.dir(calls)
	if !ok {
		return block{}, false
	}
	blocks, ok := l.parsed[dir]
	if !ok {
		blocks = parseDir(dir)
		l.parsed[dir] = blocks
	}
	b, ok := blocks[configAddress]
	return b, ok
}

// parseDir finds the resource blocks of the .tf files of dir (a file that does not parse
// is skipped: the CLI that made the plan parsed it, so this only costs an annotation).
func parseDir(dir string) map[string]block {
	out := map[string]block{}
	files, _ := filepath.Glob(filepath.Join(dir, "*.tf"))
	sort.Strings(files)
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		file, diags := hclsyntax.ParseConfig(src, f, hcl.InitialPos)
		if diags.HasErrors() || file == nil {
			continue
		}
		body, ok := file.Body.(*hclsyntax.Body)
		if !ok {
			continue
		}
		for _, b := range body.Blocks {
			if b.Type == "resource" && len(b.Labels) == 2 {
				out[b.Labels[0]+"."+b.Labels[1]] = block{file: f, line: b.DefRange().Start.Line}
			}
		}
	}
	return out
}

// repoRoot is the directory holding .git above dir (the root GitHub code scanning
// resolves paths against), or "" when there is none.
func repoRoot(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	for d := abs; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, ".git")); err == nil {
			return d
		}
		if filepath.Dir(d) == d {
			return ""
		}
	}
}

// relTo writes path relative to base with forward slashes, or as given when it cannot.
func relTo(base, path string) string {
	absBase, err1 := filepath.Abs(base)
	absPath, err2 := filepath.Abs(path)
	if err1 != nil || err2 != nil {
		return filepath.ToSlash(path)
	}
	rel, err := filepath.Rel(absBase, absPath)
	if err != nil {
		return filepath.ToSlash(path)
	}
	return filepath.ToSlash(rel)
}
