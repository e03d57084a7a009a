package emulator

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// The official wire contract of every action the emulator serves: request parameters
// (type, required) and the response key tree, transcribed from Alibaba Cloud's API
// metadata and darabonba models (each entry names its source). The router enforces the
// required parameters and their scalar types from it; contract_test.go checks every
// answer against the response trees and internal/aliyun's reads against them too.
//
//go:embed testdata/contract.json
var contractJSON []byte

// Contract is the parsed contract table (testdata/contract.json).
type Contract struct {
	About string `json:"about"`
	// CommonParameters are the protocol parameters every RPC call may carry (signature
	// version 1.0 fields, RegionId): they are not listed per action.
	CommonParameters []string         `json:"common_parameters"`
	Actions          []ContractAction `json:"actions"`
}

// ContractAction is one action of the contract.
type ContractAction struct {
	Product string `json:"product"`
	Version string `json:"version"`
	Action  string `json:"action"`
	// Source names the official model the entry was transcribed from: module, version,
	// commit and files.
	Source string `json:"source"`
	// Notes say what the source leaves open (a key without a description, a limit two
	// official sources disagree on) and which keys of the model the emulator does not send
	// or fill, and why.
	Notes   []string                 `json:"notes,omitempty"`
	Request map[string]ContractParam `json:"request"`
	// Response is the response key tree: an object maps keys to subtrees, a one-element
	// array is a list of that element, a string names a leaf type (string, integer,
	// number, boolean, or object for a free-form map).
	Response json.RawMessage `json:"response"`
}

// Key is "Product.Action", the name used in stats and faults.
func (a ContractAction) Key() string { return a.Product + "." + a.Action }

// ContractParam is one official request parameter.
type ContractParam struct {
	Type     string `json:"type"` // string, integer, boolean, array, object
	Required bool   `json:"required,omitempty"`
	// Style is how a list or an object travels in an RPC request: "repeatList" for a list
	// (Name.1, Name.2, …; of objects: Name.1.Field), "flat" for an object (Name.Field). A
	// parameter always travels in the query or the form body. An entry with another field
	// is refused when the table is parsed.
	Style string `json:"style,omitempty"`
}

// LoadContract parses the embedded contract table.
func LoadContract() (*Contract, error) {
	var c Contract
	dec := json.NewDecoder(strings.NewReader(string(contractJSON)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("emulator: parsing testdata/contract.json: %w", err)
	}
	return &c, nil
}

// checkParams enforces an action's official request parameters: every required one must
// be present (a repeatList as Name.1), integers and booleans must parse, and — when
// strict — no parameter outside the model and the common ones may be sent.
func (c *ContractAction) checkParams(params map[string]string, common map[string]bool, strict bool) *apiError {
	names := make([]string, 0, len(c.Request))
	for n := range c.Request {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		p := c.Request[n]
		v, present := params[n]
		if p.Type == "array" && p.Style == "repeatList" {
			_, present = params[n+".1"]
		}
		if p.Required && (!present || (p.Type != "array" && strings.TrimSpace(v) == "")) {
			return missing(n)
		}
		if !present || v == "" {
			continue
		}
		switch p.Type {
		case "integer":
			if _, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64); err != nil {
				return invalidParam(n, v)
			}
		case "boolean":
			if _, err := strconv.ParseBool(strings.TrimSpace(v)); err != nil {
				return invalidParam(n, v)
			}
		}
	}
	if !strict {
		return nil
	}
	sent := make([]string, 0, len(params))
	for k := range params {
		sent = append(sent, k)
	}
	sort.Strings(sent)
	for _, k := range sent {
		if common[k] {
			continue
		}
		if _, ok := c.Request[k]; ok {
			continue
		}
		// Name.N of a repeatList, Name.N.Field of a repeated object, Name.Field of a flat
		// object.
		if base, _, ok := strings.Cut(k, "."); ok {
			if p, ok := c.Request[base]; ok && (p.Type == "array" || (p.Type == "object" && p.Style == "flat")) {
				continue
			}
		}
		return errorf(400, "InvalidParameter", "The parameter %q is not a parameter of %s %s in its official API model.", k, c.Key(), c.Version)
	}
	return nil
}
