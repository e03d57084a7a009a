package emulator

import (
	"net/http"
	"strings"
	"testing"

	"github.com/beian-dev/terraform-provider-beian/internal/apicatalog"
)

// The router refuses to start when the action table, the handlers and the contract
// disagree: each disagreement is named.
func TestBindActionsRefusesDisagreements(t *testing.T) {
	table := apicatalog.Actions()
	if _, err := bindActions(table, handlers); err != nil {
		t.Fatalf("the real table, handlers and contract: %v", err)
	}
	withHandlers := func(edit func(map[string]handlerFunc)) map[string]handlerFunc {
		hs := map[string]handlerFunc{}
		for k, v := range handlers {
			hs[k] = v
		}
		edit(hs)
		return hs
	}
	editRow := func(key string, edit func(*apicatalog.Action)) []apicatalog.Action {
		out := apicatalog.Actions()
		for i := range out {
			if out[i].Key() == key {
				edit(&out[i])
			}
		}
		return out
	}
	for _, tc := range []struct {
		name  string
		table []apicatalog.Action
		hs    map[string]handlerFunc
		want  string
	}{
		{"a row without a handler", table, withHandlers(func(hs map[string]handlerFunc) { delete(hs, "Alidns.AddDomainRecord") }),
			"action Alidns.AddDomainRecord of internal/apicatalog has no handler"},
		{"a handler without a row", table, withHandlers(func(hs map[string]handlerFunc) { hs["Alidns.DescribeSupportLines"] = (*Emulator).alidnsDescribeDomains }),
			"handlers without an action in internal/apicatalog: [Alidns.DescribeSupportLines]"},
		{"a row of another version than its contract", editRow("Sts.AssumeRole", func(a *apicatalog.Action) { a.Version = "2099-01-01" }), handlers,
			"action Sts.AssumeRole is version 2099-01-01 in internal/apicatalog but 2015-04-01 in the contract"},
		{"a row without a contract entry", editRow("Sts.AssumeRole", func(a *apicatalog.Action) { a.Name = "AssumeRoleWithSAML" }),
			withHandlers(func(hs map[string]handlerFunc) { hs["Sts.AssumeRoleWithSAML"] = hs["Sts.AssumeRole"] }),
			"action Sts.AssumeRoleWithSAML of internal/apicatalog has no entry in testdata/contract.json"},
		{"a contract entry without a row", table[:len(table)-1], handlers,
			"contract entries without an action in internal/apicatalog: [Sts.AssumeRole]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := bindActions(tc.table, tc.hs)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("bindActions: %v; want an error saying %q", err, tc.want)
			}
		})
	}
}

// A handler of an action the table says reads must not change the state: the client sends
// a read again when it was not answered. One that does is answered 500 InternalError (and
// logged), so the test driving it fails.
func TestReadThatChangesStateIsRefused(t *testing.T) {
	writes := func(e *Emulator, q *request) (obj, *apiError) {
		e.dirty = true
		return obj{}, nil
	}
	for _, tc := range []struct {
		access apicatalog.Access
		status int
	}{{apicatalog.Read, http.StatusInternalServerError}, {apicatalog.Write, http.StatusOK}} {
		t.Run(tc.access.String(), func(t *testing.T) {
			const key = "Alidns.TestWrites"
			actions.byKey[key] = &boundAction{
				Action:   apicatalog.Action{Product: "Alidns", Version: "2015-01-09", Name: "TestWrites", Access: tc.access},
				handler:  writes,
				contract: &ContractAction{Product: "Alidns", Version: "2015-01-09", Action: "TestWrites"},
			}
			t.Cleanup(func() { delete(actions.byKey, key) })
			e := newTestEmulator(t)
			status, out := serveSigned(t, e, "writes-"+tc.access.String(), map[string]string{"Action": "TestWrites", "Version": "2015-01-09"})
			if status != tc.status {
				t.Fatalf("a %s whose handler changes the state: HTTP %d %v, want %d", tc.access, status, out, tc.status)
			}
		})
	}
}
