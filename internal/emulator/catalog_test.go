package emulator_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/beian-dev/terraform-provider-beian/internal/apicatalog"
	"github.com/beian-dev/terraform-provider-beian/internal/emulator"
)

// The action table (internal/apicatalog) has three readers: the emulator's router, the
// contract (testdata/contract.json) and internal/aliyun. These tests fail when one of
// them disagrees with it. (internal/aliyun reads the table at run time too, and its own
// tests check its retry, resend and error-class decisions against every row.)

// The emulator serves exactly the table's actions, under the table's versions, with the
// table's read/write: a row without a handler, or a handler without a row, stops the
// package from loading (bindActions), and this lists what it serves.
func TestCatalogIsWhatTheEmulatorServes(t *testing.T) {
	table := apicatalog.Actions()
	served := emulator.Actions()
	if len(served) != len(table) {
		t.Fatalf("the emulator serves %d actions, internal/apicatalog lists %d", len(served), len(table))
	}
	for i, a := range table {
		s := served[i]
		if s.Key() != a.Key() || s.Version != a.Version || s.Access != a.Access.String() {
			t.Errorf("served %s %s (%s), the table says %s %s (%s)", s.Key(), s.Version, s.Access, a.Key(), a.Version, a.Access)
		}
	}
}

// Every action internal/aliyun calls is a row of the table, under the product its SDK
// service package names (the package name is the product's endpoint key).
func TestCatalogListsEveryActionTheClientCalls(t *testing.T) {
	cc := findClientCalls(t, loadClientPackage(t))
	var called []string
	for k := range cc.responses {
		called = append(called, k)
	}
	for k := range cc.common {
		called = append(called, k)
	}
	sort.Strings(called)
	if len(called) < 20 {
		t.Fatalf("found only %d actions called by internal/aliyun: the analysis is broken", len(called))
	}
	for _, k := range called {
		product, action, _ := strings.Cut(k, ".")
		if _, ok := apicatalog.Lookup(product, action); !ok {
			t.Errorf("internal/aliyun calls %s, which has no row in internal/apicatalog", k)
		}
	}
}

// emulatorFunc is what the scan of the emulator's sources found in one function or method.
type emulatorFunc struct {
	codes map[string]answered // error code → where and with which status it is answered
	uses  map[string]bool     // names of the package's functions and methods it refers to
}

// answered is one errorf call: where it is and its HTTP status (0 when not a literal).
type answered struct {
	where  string
	status int
}

// scanEmulatorCodes parses the emulator's non-test sources and returns, per function and
// method name, the error codes it answers itself (errorf with a constant code; "Missing"+
// a parameter counts as "Missing*") and the package functions it refers to; and the
// handler method of each action, from the handlers map.
func scanEmulatorCodes(t *testing.T) (funcs map[string]*emulatorFunc, handlerOf map[string]string) {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var parsed []*ast.File
	declared := map[string]bool{}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		parsed = append(parsed, f)
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok {
				declared[fd.Name.Name] = true
			}
		}
	}
	funcs, handlerOf = map[string]*emulatorFunc{}, map[string]string{}
	for _, f := range parsed {
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Body != nil {
					fn := funcs[d.Name.Name]
					if fn == nil {
						fn = &emulatorFunc{codes: map[string]answered{}, uses: map[string]bool{}}
						funcs[d.Name.Name] = fn
					}
					scanBody(fset, d.Body, declared, fn)
				}
			case *ast.GenDecl:
				collectHandlers(d, handlerOf)
			}
		}
	}
	if len(handlerOf) == 0 {
		t.Fatal("no handlers map found in the emulator's sources")
	}
	return funcs, handlerOf
}

func scanBody(fset *token.FileSet, body ast.Node, declared map[string]bool, fn *emulatorFunc) {
	ast.Inspect(body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.Ident:
			if declared[x.Name] {
				fn.uses[x.Name] = true
			}
		case *ast.CallExpr:
			id, ok := x.Fun.(*ast.Ident)
			if !ok || id.Name != "errorf" || len(x.Args) < 2 {
				return true
			}
			code := ""
			switch a := x.Args[1].(type) {
			case *ast.BasicLit:
				code, _ = strconv.Unquote(a.Value)
			case *ast.BinaryExpr: // "Missing" + name
				if lit, ok := a.X.(*ast.BasicLit); ok {
					prefix, _ := strconv.Unquote(lit.Value)
					code = prefix + "*"
				}
			}
			if code != "" {
				a := answered{where: fset.Position(x.Pos()).String()}
				if lit, ok := x.Args[0].(*ast.BasicLit); ok && lit.Kind == token.INT {
					a.status, _ = strconv.Atoi(lit.Value)
				}
				fn.codes[code] = a
			}
		}
		return true
	})
}

// collectHandlers reads `var handlers = map[string]handlerFunc{"P.A": (*Emulator).m, …}`.
func collectHandlers(d *ast.GenDecl, into map[string]string) {
	for _, spec := range d.Specs {
		vs, ok := spec.(*ast.ValueSpec)
		if !ok || len(vs.Names) != 1 || vs.Names[0].Name != "handlers" || len(vs.Values) != 1 {
			continue
		}
		lit, ok := vs.Values[0].(*ast.CompositeLit)
		if !ok {
			continue
		}
		for _, el := range lit.Elts {
			kv, ok := el.(*ast.KeyValueExpr)
			if !ok {
				continue
			}
			key, _ := kv.Key.(*ast.BasicLit)
			sel, _ := kv.Value.(*ast.SelectorExpr)
			if key != nil && sel != nil {
				k, _ := strconv.Unquote(key.Value)
				into[k] = sel.Sel.Name
			}
		}
	}
}

// reach returns every function name reachable from name through uses.
func reach(funcs map[string]*emulatorFunc, name string) map[string]bool {
	seen := map[string]bool{}
	var walk func(string)
	walk = func(n string) {
		if seen[n] || funcs[n] == nil {
			return
		}
		seen[n] = true
		for u := range funcs[n].uses {
			walk(u)
		}
	}
	walk(name)
	return seen
}

// Every error code the emulator can answer is declared by the table: for the action whose
// handler reaches it (its own codes or the common ones), or, outside every handler (the
// router, the signature check), among the common codes. A code added to a handler without
// its row fails here.
func TestCatalogDeclaresEveryCodeTheEmulatorAnswers(t *testing.T) {
	funcs, handlerOf := scanEmulatorCodes(t)
	inHandler := map[string]bool{}
	checked := 0
	for key, method := range handlerOf {
		product, name, _ := strings.Cut(key, ".")
		row, ok := apicatalog.Lookup(product, name)
		if !ok {
			t.Errorf("the handlers map has %s, which has no row in internal/apicatalog", key)
			continue
		}
		for fn := range reach(funcs, method) {
			inHandler[fn] = true
			for code, a := range funcs[fn].codes {
				checked++
				decl, ok := row.Code(strings.TrimSuffix(code, "*"))
				if !ok {
					t.Errorf("%s can answer %s (%s, reached from %s), which internal/apicatalog does not declare for it", key, code, a.where, method)
					continue
				}
				checkStatus(t, code, decl, a)
			}
		}
	}
	for fn, f := range funcs {
		if inHandler[fn] {
			continue
		}
		for code, a := range f.codes {
			checked++
			decl, ok := apicatalog.CommonCode(strings.TrimSuffix(code, "*"))
			if !ok {
				t.Errorf("the emulator answers %s outside any action's handler (%s, in %s): it must be a common code of internal/apicatalog", code, a.where, fn)
				continue
			}
			checkStatus(t, code, decl, a)
		}
	}
	if checked < 30 {
		t.Fatalf("only %d answered codes found: the scan is broken", checked)
	}
}

// checkStatus fails when the emulator answers a code with another HTTP status than the
// one the table's source gives it.
func checkStatus(t *testing.T, code string, decl apicatalog.Code, a answered) {
	t.Helper()
	if decl.Status != 0 && a.status != 0 && decl.Status != a.status {
		t.Errorf("the emulator answers %s with HTTP %d (%s); internal/apicatalog gives it %d (%s)", code, a.status, a.where, decl.Status, decl.Source)
	}
}
