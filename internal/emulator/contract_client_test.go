package emulator_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/constant"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/beian-dev/terraform-provider-beian/internal/apicatalog"
	"github.com/beian-dev/terraform-provider-beian/internal/emulator/emulatortest"
)

// The client side of the contract: every key internal/aliyun reads from an answer, and
// every parameter it sets on a request, must be in the official model of its action
// (testdata/contract.json), with the official type.
//
// internal/aliyun is type-checked here (go/types, dependencies from `go list -export`),
// so what is checked is what the code reads, not a list kept by hand:
//   - SDK typed calls: each Create<Action>Response() of an alibaba-cloud-sdk-go service
//     package roots a response type; every field of that type (or of a struct reachable
//     from it) that the package selects is a read, checked at its JSON path.
//   - Common requests (no typed SDK client): the function that sets Product and ApiName
//     on a CommonRequest decodes the body with json.Unmarshal into a struct of its own;
//     every field of that struct is a read.
//   - Requests: every field of a Create<Action>Request() type the package selects must be
//     an official parameter (its `name` tag) or a common one.

// sdkProducts maps alibaba-cloud-sdk-go service packages to contract products: a product's
// endpoint key in the action table (internal/apicatalog) is its SDK package's directory,
// with "_" for the "-" an endpoints attribute may not hold (antiddos-public, swas-open).
var sdkProducts = func() map[string]string {
	m := map[string]string{}
	for _, p := range apicatalog.Products() {
		m[p.Endpoint] = p.Code
		m[strings.ReplaceAll(p.Endpoint, "_", "-")] = p.Code
	}
	return m
}()

// commonProducts maps a CommonRequest's Product (the endpoint key, as internal/aliyun
// spells it) to the contract's.
var commonProducts = sdkProducts

const sdkServices = "github.com/aliyun/alibaba-cloud-sdk-go/services/"

type clientPackage struct {
	fset  *token.FileSet
	files []*ast.File
	info  *types.Info
	pkg   *types.Package
}

var loadedClient *clientPackage

// loadClientPackage type-checks internal/aliyun (without its tests).
func loadClientPackage(t *testing.T) *clientPackage {
	t.Helper()
	if loadedClient != nil {
		return loadedClient
	}
	dir, err := filepath.Abs(filepath.Join("..", "aliyun"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "list", "-export", "-deps", "-json=ImportPath,Export,Dir,GoFiles,Standard", ".")
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.String())
	}
	exports := map[string]string{}
	var self struct {
		ImportPath, Dir string
		GoFiles         []string
	}
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p struct {
			ImportPath, Export, Dir string
			GoFiles                 []string
		}
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		exports[p.ImportPath] = p.Export
		if p.Dir == dir {
			self.ImportPath, self.Dir, self.GoFiles = p.ImportPath, p.Dir, p.GoFiles
		}
	}
	fset := token.NewFileSet()
	var files []*ast.File
	for _, name := range self.GoFiles {
		f, err := parser.ParseFile(fset, filepath.Join(self.Dir, name), nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	imp := importer.ForCompiler(fset, "gc", func(path string) (io.ReadCloser, error) {
		f, ok := exports[path]
		if !ok || f == "" {
			return nil, fmt.Errorf("no export data for %s", path)
		}
		return os.Open(f)
	})
	info := &types.Info{Selections: map[*ast.SelectorExpr]*types.Selection{}, Types: map[ast.Expr]types.TypeAndValue{},
		Uses: map[*ast.Ident]types.Object{}, Defs: map[*ast.Ident]types.Object{}}
	pkg, err := (&types.Config{Importer: imp}).Check(self.ImportPath, fset, files, info)
	if err != nil {
		t.Fatal(err)
	}
	loadedClient = &clientPackage{fset: fset, files: files, info: info, pkg: pkg}
	return loadedClient
}

// jsonName is a struct field's JSON key ("" when it has none).
func jsonName(tag string) string {
	n, _, _ := strings.Cut(reflect.StructTag(tag).Get("json"), ",")
	if n == "-" {
		return ""
	}
	return n
}

func named(t types.Type) *types.Named {
	for {
		switch x := t.(type) {
		case *types.Pointer:
			t = x.Elem()
		case *types.Named:
			return x
		default:
			return nil
		}
	}
}

// structOf unwraps pointers, slices and names down to a struct.
func structOf(t types.Type) (*types.Struct, bool) {
	for {
		switch x := t.(type) {
		case *types.Pointer:
			t = x.Elem()
		case *types.Slice:
			t = x.Elem()
		case *types.Named:
			t = x.Underlying()
		case *types.Struct:
			return x, true
		default:
			return nil, false
		}
	}
}

// location is where a Go struct type sits in an action's response: the action's key
// and the JSON path of the objects of that type ("" = the body).
type location struct {
	action string
	path   []string
}

// locate records, for every struct type reachable from root, its JSON paths.
func locate(action string, root types.Type, path []string, into map[string][]location, depth int) {
	st, ok := structOf(root)
	if !ok || depth > 12 {
		return
	}
	if n := named(root); n != nil || isSliceOfNamed(root) {
		key := typeKey(root)
		into[key] = append(into[key], location{action: action, path: append([]string(nil), path...)})
	}
	for i := 0; i < st.NumFields(); i++ {
		f := st.Field(i)
		name := jsonName(st.Tag(i))
		if name == "" {
			continue
		}
		if _, ok := structOf(f.Type()); ok {
			locate(action, f.Type(), append(path, name), into, depth+1)
		}
	}
}

func isSliceOfNamed(t types.Type) bool {
	if s, ok := t.(*types.Slice); ok {
		return named(s.Elem()) != nil
	}
	return false
}

// typeKey names the struct type behind t (slices and pointers unwrapped).
func typeKey(t types.Type) string {
	for {
		switch x := t.(type) {
		case *types.Pointer:
			t = x.Elem()
		case *types.Slice:
			t = x.Elem()
		default:
			return types.TypeString(t, nil)
		}
	}
}

// subtree walks a contract tree along a JSON path, through lists.
func subtree(tree any, path []string) (any, bool) {
	for _, p := range path {
		for {
			if l, ok := tree.([]any); ok && len(l) == 1 {
				tree = l[0]
				continue
			}
			break
		}
		m, ok := tree.(map[string]any)
		if !ok {
			return nil, false
		}
		if tree, ok = m[p]; !ok {
			return nil, false
		}
	}
	return tree, true
}

// goKind is the contract leaf type a Go type decodes (string, integer, number, boolean,
// list, object), or "any" for a type with its own JSON decoding.
func goKind(t types.Type) string {
	if n := named(t); n != nil {
		for i := 0; i < n.NumMethods(); i++ {
			if n.Method(i).Name() == "UnmarshalJSON" {
				return "any"
			}
		}
	}
	if _, ok := t.(*types.Pointer); ok {
		return goKind(t.(*types.Pointer).Elem())
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		switch {
		case u.Info()&types.IsString != 0:
			return "string"
		case u.Info()&types.IsInteger != 0:
			return "integer"
		case u.Info()&types.IsFloat != 0:
			return "number"
		case u.Info()&types.IsBoolean != 0:
			return "boolean"
		}
	case *types.Slice:
		return "list"
	case *types.Struct, *types.Map:
		return "object"
	}
	return "any"
}

// treeKind is a contract subtree's kind, in goKind's words.
func treeKind(tree any) string {
	switch x := tree.(type) {
	case string:
		if x == "object" {
			return "object"
		}
		return x
	case []any:
		return "list"
	case map[string]any:
		return "object"
	}
	return "any"
}

func kindsMatch(goK, treeK string) bool {
	return goK == "any" || treeK == "any" || goK == treeK || (goK == "number" && treeK == "integer")
}

// clientCalls finds the actions internal/aliyun calls: SDK typed requests and responses
// (by their Create functions) and common requests (by Product and ApiName).
type clientCalls struct {
	// responses maps action key → root response type.
	responses map[string]types.Type
	// requests maps request type → action key.
	requests map[string]string
	// common maps action key → the struct types the calling function decodes into.
	common map[string][]types.Type
	// commonParams maps action key → the QueryParams/FormParams names the function sets.
	commonParams map[string][]string
}

func findClientCalls(t *testing.T, cp *clientPackage) clientCalls {
	t.Helper()
	cc := clientCalls{responses: map[string]types.Type{}, requests: map[string]string{}, common: map[string][]types.Type{}, commonParams: map[string][]string{}}
	// Function bodies: every function and method, and every function literal in a
	// package-level var (a table of calls, such as the account scan's address sources).
	type body struct {
		name string
		blk  *ast.BlockStmt
	}
	var bodies []body
	for _, f := range cp.files {
		for _, decl := range f.Decls {
			switch d := decl.(type) {
			case *ast.FuncDecl:
				if d.Body != nil {
					bodies = append(bodies, body{d.Name.Name, d.Body})
				}
			case *ast.GenDecl:
				ast.Inspect(d, func(n ast.Node) bool {
					if lit, ok := n.(*ast.FuncLit); ok {
						bodies = append(bodies, body{fmt.Sprintf("a function in the var block at %s", cp.fset.Position(lit.Pos())), lit.Body})
						return false
					}
					return true
				})
			}
		}
	}
	for _, b := range bodies {
		var product, apiName string
		var decoded []types.Type
		var params []string
		commonRequests := 0
		ast.Inspect(b.blk, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.CallExpr:
				sel, ok := x.Fun.(*ast.SelectorExpr)
				if !ok {
					return true
				}
				obj := cp.info.Uses[sel.Sel]
				if obj == nil || obj.Pkg() == nil {
					return true
				}
				path := obj.Pkg().Path()
				if svc, ok := strings.CutPrefix(path, sdkServices); ok && sdkProducts[svc] != "" {
					name := obj.Name()
					if act, ok := strings.CutSuffix(strings.TrimPrefix(name, "Create"), "Response"); ok && strings.HasPrefix(name, "Create") {
						cc.responses[sdkProducts[svc]+"."+act] = cp.info.Types[x].Type
					}
					if act, ok := strings.CutSuffix(strings.TrimPrefix(name, "Create"), "Request"); ok && strings.HasPrefix(name, "Create") {
						cc.requests[typeKey(cp.info.Types[x].Type)] = sdkProducts[svc] + "." + act
					}
				}
				if path == "github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests" && obj.Name() == "NewCommonRequest" {
					commonRequests++
				}
				if path == "encoding/json" && obj.Name() == "Unmarshal" && len(x.Args) == 2 {
					if tv, ok := cp.info.Types[x.Args[1]]; ok {
						decoded = append(decoded, tv.Type)
					}
				}
			case *ast.AssignStmt:
				for _, lhs := range x.Lhs {
					// req.QueryParams["Name"] = … / req.FormParams["Name"] = …
					ix, ok := lhs.(*ast.IndexExpr)
					if !ok {
						continue
					}
					if sel, ok := ix.X.(*ast.SelectorExpr); ok && (sel.Sel.Name == "QueryParams" || sel.Sel.Name == "FormParams") {
						if lit, ok := ix.Index.(*ast.BasicLit); ok && lit.Kind == token.STRING {
							v, _ := strconv.Unquote(lit.Value)
							params = append(params, v)
						}
					}
				}
				for i, lhs := range x.Lhs {
					sel, ok := lhs.(*ast.SelectorExpr)
					if !ok || i >= len(x.Rhs) {
						continue
					}
					// A string constant: a literal or a named constant.
					tv, ok := cp.info.Types[x.Rhs[i]]
					if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
						continue
					}
					v := constant.StringVal(tv.Value)
					switch sel.Sel.Name {
					case "Product":
						product = v
					case "ApiName":
						apiName = v
					}
				}
			}
			return true
		})
		if commonRequests > 0 && apiName == "" {
			t.Errorf("%s builds a CommonRequest whose ApiName the contract test cannot read (set it from a string constant)", b.name)
		}
		if apiName != "" {
			p := commonProducts[strings.ToLower(product)]
			if p == "" {
				t.Errorf("%s: common request for product %q, which the contract test does not map", b.name, product)
				continue
			}
			if len(decoded) == 0 {
				t.Errorf("%s: common request %s.%s decodes its answer into nothing the contract test can see", b.name, p, apiName)
			}
			cc.common[p+"."+apiName] = append(cc.common[p+"."+apiName], decoded...)
			cc.commonParams[p+"."+apiName] = append(cc.commonParams[p+"."+apiName], params...)
		}
	}
	return cc
}

// Every action internal/aliyun calls is in the contract, and every key it reads from an
// answer is in that action's official response tree, with a matching type.
func TestContractClientReads(t *testing.T) {
	contract := emulatortest.Contract(t)
	cp := loadClientPackage(t)
	cc := findClientCalls(t, cp)

	var called []string
	for k := range cc.responses {
		called = append(called, k)
	}
	for k := range cc.common {
		called = append(called, k)
	}
	sort.Strings(called)
	trees := map[string]any{}
	for _, k := range called {
		ca, ok := contract[k]
		if !ok {
			t.Errorf("internal/aliyun calls %s, which is not in testdata/contract.json", k)
			continue
		}
		trees[k] = decodeTree(t, ca.Response)
	}
	t.Logf("internal/aliyun calls %d actions: %s", len(called), strings.Join(called, ", "))

	citedSource := map[string]bool{}
	check := func(action string, path []string, goType types.Type, where string) {
		tree, ok := trees[action]
		if !ok {
			return
		}
		sub, ok := subtree(tree, path)
		if !ok {
			t.Errorf("%s: internal/aliyun reads %s.%s, which is not in the official response tree", where, action, strings.Join(path, "."))
			if !citedSource[action] {
				citedSource[action] = true
				t.Logf("contract source of %s: %s", action, contract[action].Source)
			}
			return
		}
		if gk, tk := goKind(goType), treeKind(sub); !kindsMatch(gk, tk) {
			t.Errorf("%s: internal/aliyun reads %s.%s as %s; the official model has %s", where, action, strings.Join(path, "."), gk, tk)
		}
	}

	// SDK typed responses: the fields the package selects.
	locs := map[string][]location{}
	for action, rt := range cc.responses {
		locate(action, rt, nil, locs, 0)
	}
	reads := 0
	for sel, s := range cp.info.Selections {
		if s.Kind() != types.FieldVal {
			continue
		}
		recv := typeKey(s.Recv())
		where := cp.fset.Position(sel.Pos()).String()
		where = where[strings.LastIndex(where, "/")+1:]
		if ls, ok := locs[recv]; ok {
			st, _ := structOf(s.Recv())
			name := ""
			for i := 0; i < st.NumFields(); i++ {
				if st.Field(i) == s.Obj() {
					name = jsonName(st.Tag(i))
				}
			}
			if name == "" {
				continue // the embedded BaseResponse
			}
			for _, l := range ls {
				check(l.action, append(append([]string(nil), l.path...), name), s.Obj().Type(), where)
				reads++
			}
		}
		// Request parameters the package sets or reads.
		if action, ok := cc.requests[recv]; ok {
			st, _ := structOf(s.Recv())
			for i := 0; i < st.NumFields(); i++ {
				if st.Field(i) != s.Obj() {
					continue
				}
				param := reflect.StructTag(st.Tag(i)).Get("name")
				if param == "" {
					continue // the embedded RpcRequest
				}
				ca, ok := contract[action]
				if !ok {
					continue
				}
				if _, ok := ca.Request[param]; !ok {
					t.Errorf("%s: internal/aliyun sets %s parameter %s, which is not in its official request model (contract source: %s)", where, action, param, ca.Source)
				}
			}
		}
	}
	// Common requests: the parameters they set, and every field of the structs they
	// decode into.
	for action, ps := range cc.commonParams {
		ca, ok := contract[action]
		if !ok {
			continue
		}
		for _, p := range ps {
			if _, ok := ca.Request[p]; !ok {
				t.Errorf("internal/aliyun sends %s parameter %s, which is not in its official request model (contract source: %s)", action, p, ca.Source)
			}
		}
	}
	for action, ts := range cc.common {
		for _, dt := range ts {
			var walk func(t types.Type, path []string)
			walk = func(ty types.Type, path []string) {
				st, ok := structOf(ty)
				if !ok {
					return
				}
				for i := 0; i < st.NumFields(); i++ {
					name := jsonName(st.Tag(i))
					if name == "" {
						continue
					}
					p := append(append([]string(nil), path...), name)
					check(action, p, st.Field(i).Type(), "decode of "+action)
					reads++
					if goKind(st.Field(i).Type()) != "any" {
						walk(st.Field(i).Type(), p)
					}
				}
			}
			walk(dt, nil)
		}
	}
	if reads < 50 {
		t.Fatalf("only %d reads found: the analysis of internal/aliyun is not seeing the client", reads)
	}
	t.Logf("%d reads checked", reads)
}
