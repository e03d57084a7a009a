package emulator

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"golang.org/x/net/idna"
)

// The control API under /_emulator/ (docs/guides/emulator.md): requests and responses
// are JSON; errors are {"error": "..."} with status 400, 404, 405 or 500. Routing is
// Go's method+path patterns; a path registered for other methods answers 405 with the
// methods it takes, any other path 404.

// controlMux builds the control API's router for e.
func (e *Emulator) controlMux() *http.ServeMux {
	m := http.NewServeMux()
	route := func(pattern string, h func(w http.ResponseWriter, r *http.Request)) { m.HandleFunc(pattern, h) }
	// only answers 405 on path for any method other than those it is served with, naming
	// them in the message and in the Allow header (RFC 9110 §15.5.6); a GET route serves
	// HEAD too (Go's router).
	only := func(path string, methods ...string) {
		allow := methods
		if slices.Contains(methods, http.MethodGet) {
			allow = append(slices.Clone(methods), http.MethodHead)
		}
		msg := "use " + strings.Join(methods, " or ")
		route(path, func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Allow", strings.Join(allow, ", "))
			controlFail(w, http.StatusMethodNotAllowed, msg)
		})
	}

	route("POST /_emulator/reset", func(w http.ResponseWriter, r *http.Request) {
		e.mutate(w, r, nil, func() error {
			e.st = newState()
			e.nonces = map[string]time.Time{}
			e.stsKeys = nil
			e.metadataTokens = nil
			e.faults = newFaultState(Faults{})
			e.resetStatsLocked()
			e.dirty = true
			return nil
		})
	})
	only("/_emulator/reset", http.MethodPost)

	route("GET /_emulator/domains", e.listDomains)
	route("POST /_emulator/domains", seedRoute(e, e.addDomainLocked))
	only("/_emulator/domains", http.MethodGet, http.MethodPost)

	route("POST /_emulator/filings", seedRoute(e, e.addFilingLocked))
	only("/_emulator/filings", http.MethodPost)
	route("DELETE /_emulator/filings/{domain}", e.deleteFiling)
	only("/_emulator/filings/{domain}", http.MethodDelete)

	route("POST /_emulator/icp_failure", func(w http.ResponseWriter, r *http.Request) {
		var f ICPFailure
		e.mutate(w, r, &f, func() error {
			e.st.ICPFailure = &f
			e.dirty = true
			return nil
		})
	})
	route("DELETE /_emulator/icp_failure", func(w http.ResponseWriter, r *http.Request) {
		e.locked(w, func() error {
			e.dirty = e.dirty || e.st.ICPFailure != nil
			e.st.ICPFailure = nil
			return nil
		})
	})
	only("/_emulator/icp_failure", http.MethodPost, http.MethodDelete)

	route("POST /_emulator/servers", seedRoute(e, e.addServerLocked))
	only("/_emulator/servers", http.MethodPost)

	route("POST /_emulator/registrant_profiles", seedRoute(e, e.addProfileLocked))
	only("/_emulator/registrant_profiles", http.MethodPost)

	domainReason := func(set func(domain, reason string)) func(w http.ResponseWriter, r *http.Request) {
		return func(w http.ResponseWriter, r *http.Request) {
			var u struct {
				Domain string `json:"domain"`
				Reason string `json:"reason"`
			}
			e.mutate(w, r, &u, func() error {
				set(controlDomain(u.Domain), u.Reason)
				e.dirty = true
				return nil
			})
		}
	}
	route("POST /_emulator/unavailable", domainReason(func(d, reason string) {
		if reason == "" {
			reason = "Domain name is not available for registration."
		}
		e.st.Unavailable[d] = reason
	}))
	only("/_emulator/unavailable", http.MethodPost)
	route("POST /_emulator/task_failures", func(w http.ResponseWriter, r *http.Request) {
		var f TaskFailure
		e.mutate(w, r, &f, func() error {
			d := controlDomain(f.Domain)
			e.st.TaskFailures[d] = f.Reason
			if f.ErrorMsg != nil {
				e.st.TaskFailureErrorMsgs[d] = *f.ErrorMsg
			} else {
				delete(e.st.TaskFailureErrorMsgs, d)
			}
			e.dirty = true
			return nil
		})
	})
	only("/_emulator/task_failures", http.MethodPost)

	route("POST /_emulator/other_account_zones", seedRoute(e, e.addOtherAccountZoneLocked))
	only("/_emulator/other_account_zones", http.MethodPost)

	route("POST /_emulator/settings", func(w http.ResponseWriter, r *http.Request) {
		// The body is decoded before the lock is taken (mutate does that), so a slow client
		// cannot stall every other request. Fields absent from the body keep their value.
		var patch struct {
			TaskDelayMs     *int      `json:"task_delay_ms"`
			InstanceRAMRole *string   `json:"instance_ram_role"`
			ResourceCenter  *string   `json:"resource_center"`
			DeniedActions   *[]string `json:"denied_actions"`
		}
		e.mutate(w, r, &patch, func() error {
			if patch.ResourceCenter != nil {
				switch v := *patch.ResourceCenter; v {
				case "", rcEnabled, rcDisabled, rcInitializing:
				default:
					return fmt.Errorf("resource_center %q: want enabled, disabled or initializing", v)
				}
			}
			if patch.DeniedActions != nil {
				for _, k := range *patch.DeniedActions {
					if _, ok := actions.byKey[k]; !ok {
						return fmt.Errorf("denied_actions: %q is not an action the emulator serves (write Product.Action, e.g. ResourceCenter.SearchResources)", k)
					}
				}
			}
			if patch.TaskDelayMs != nil {
				e.st.Settings.TaskDelayMs = max(*patch.TaskDelayMs, 0)
			}
			if patch.ResourceCenter != nil {
				e.st.Settings.ResourceCenter = *patch.ResourceCenter
			}
			if patch.DeniedActions != nil {
				e.st.Settings.DeniedActions = append([]string(nil), *patch.DeniedActions...)
			}
			if patch.InstanceRAMRole != nil {
				e.st.Settings.InstanceRAMRole = *patch.InstanceRAMRole
			}
			e.dirty = true
			return nil
		})
	})
	only("/_emulator/settings", http.MethodPost)

	route("POST /_emulator/faults", func(w http.ResponseWriter, r *http.Request) {
		var f Faults
		e.mutate(w, r, &f, func() error { e.faults = newFaultState(f); return nil })
	})
	only("/_emulator/faults", http.MethodPost)

	route("GET /_emulator/stats", func(w http.ResponseWriter, _ *http.Request) {
		e.mu.Lock()
		s := e.statsLocked()
		e.mu.Unlock()
		writeJSON(w, http.StatusOK, s)
	})
	only("/_emulator/stats", http.MethodGet)
	route("POST /_emulator/stats/reset", func(w http.ResponseWriter, r *http.Request) {
		e.mutate(w, r, nil, func() error { e.resetStatsLocked(); return nil })
	})
	only("/_emulator/stats/reset", http.MethodPost)

	route("GET /_emulator/records", e.listRecords)
	route("POST /_emulator/records", e.addRecord)
	only("/_emulator/records", http.MethodGet, http.MethodPost)
	route("DELETE /_emulator/records/{id}", e.deleteRecord)
	only("/_emulator/records/{id}", http.MethodDelete)

	unknown := func(w http.ResponseWriter, r *http.Request) {
		controlFail(w, http.StatusNotFound, "unknown control endpoint "+r.Method+" "+r.URL.Path)
	}
	route("/_emulator/", unknown)
	route("/_emulator", unknown)
	return m
}

// serveControl answers the control API. A trailing slash is ignored (/_emulator/reset/
// is /_emulator/reset).
func (e *Emulator) serveControl(w http.ResponseWriter, r *http.Request) {
	if p := r.URL.Path; len(p) > len("/_emulator/") && strings.HasSuffix(p, "/") {
		r2 := r.Clone(r.Context())
		r2.URL.Path = strings.TrimSuffix(p, "/")
		r2.URL.RawPath = ""
		r = r2
	}
	e.control.ServeHTTP(w, r)
}

func controlFail(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}

func controlOK(w http.ResponseWriter) { writeJSON(w, http.StatusOK, map[string]bool{"ok": true}) }

// mutate decodes a JSON body into v (when not nil) before taking the lock, then applies
// fn under the lock and saves the state.
func (e *Emulator) mutate(w http.ResponseWriter, r *http.Request, v any, fn func() error) {
	if v != nil {
		if err := readJSONBody(r.Body, v); err != nil {
			controlFail(w, http.StatusBadRequest, "bad JSON body: "+err.Error())
			return
		}
	}
	e.locked(w, fn)
}

// locked applies fn under the lock, saves the state and answers {"ok": true}.
func (e *Emulator) locked(w http.ResponseWriter, fn func() error) {
	e.mu.Lock()
	err := fn()
	saveErr := e.saveIfDirtyLocked()
	e.mu.Unlock()
	if err != nil {
		controlFail(w, http.StatusBadRequest, err.Error())
		return
	}
	if saveErr != nil {
		controlFail(w, http.StatusInternalServerError, "saving state: "+saveErr.Error())
		return
	}
	controlOK(w)
}

func (e *Emulator) listDomains(w http.ResponseWriter, _ *http.Request) {
	e.mu.Lock()
	e.advanceTasksLocked()
	out := []DomainSeed{}
	for _, d := range e.st.Domains {
		z := e.st.Zones[d.Name]
		ed := ""
		if z != nil {
			ed = z.Edition
		}
		out = append(out, DomainSeed{Domain: d.Name, RealNameStatus: d.RealNameStatus,
			RegistrationDate: d.RegistrationDate.Format("2006-01-02"), ExpirationDate: d.ExpirationDate.Format("2006-01-02"),
			AutoRenew: d.AutoRenew, DNSEdition: ed, InstanceID: d.InstanceID, RegistrantOrganization: d.Organization, RenewStatus: d.RenewStatus})
	}
	saveErr := e.saveIfDirtyLocked()
	e.mu.Unlock()
	if saveErr != nil {
		controlFail(w, http.StatusInternalServerError, "saving state: "+saveErr.Error())
		return
	}
	writeJSON(w, http.StatusOK, out)
}

func (e *Emulator) deleteFiling(w http.ResponseWriter, r *http.Request) {
	name := controlDomain(r.PathValue("domain"))
	e.mu.Lock()
	_, found := e.st.Filings[name]
	if found {
		delete(e.st.Filings, name)
		e.dirty = true
	}
	e.finishDeleteLocked(w, found, "no filing for "+name)
}

func (e *Emulator) listRecords(w http.ResponseWriter, r *http.Request) {
	name := controlDomain(r.URL.Query().Get("domain"))
	e.mu.Lock()
	_, zoneOK := e.st.Zones[name]
	out := []Record{}
	for _, rec := range e.zoneRecordsLocked(name) {
		out = append(out, rec.control())
	}
	e.mu.Unlock()
	if !zoneOK {
		controlFail(w, http.StatusNotFound, "no zone "+name)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

func (e *Emulator) addRecord(w http.ResponseWriter, r *http.Request) {
	var rec Record
	if err := readJSONBody(r.Body, &rec); err != nil {
		controlFail(w, http.StatusBadRequest, "bad JSON body: "+err.Error())
		return
	}
	e.mu.Lock()
	id, err := e.addRecordLocked(rec)
	saveErr := e.saveIfDirtyLocked()
	e.mu.Unlock()
	if err != nil {
		controlFail(w, http.StatusBadRequest, err.Error())
		return
	}
	if saveErr != nil {
		controlFail(w, http.StatusInternalServerError, saveErr.Error())
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"record_id": id})
}

func (e *Emulator) deleteRecord(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	e.mu.Lock()
	_, found := e.st.Records[id]
	delete(e.st.Records, id)
	if found {
		e.dirty = true
	}
	e.finishDeleteLocked(w, found, "no record "+id)
}

// finishDeleteLocked ends a control API delete: saves the state, unlocks e.mu, and
// answers 404 with notFound when nothing was deleted, the save error if any, or OK.
func (e *Emulator) finishDeleteLocked(w http.ResponseWriter, found bool, notFound string) {
	saveErr := e.saveIfDirtyLocked()
	e.mu.Unlock()
	switch {
	case !found:
		controlFail(w, http.StatusNotFound, notFound)
	case saveErr != nil:
		controlFail(w, http.StatusInternalServerError, saveErr.Error())
	default:
		controlOK(w)
	}
}

// seedRoute is the handler of a control API POST that adds one JSON object of type T to
// the state with add (called with e.mu held, through mutate).
func seedRoute[T any](e *Emulator, add func(T) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var v T
		e.mutate(w, r, &v, func() error { return add(v) })
	}
}

// controlDomain normalises a domain name given to the control API or a seed file: lower
// case, no trailing dot, and punycode (IDNA lookup profile) for an internationalised name,
// so that a zone seeded as 例子.中国 is the xn--fsqu00a.xn--fiqs8s the provider asks for.
// A name IDNA rejects is kept as given (lower case) and fails later checks as before.
func controlDomain(d string) string {
	n := normDomain(d)
	if n == "" {
		return n
	}
	if a, err := idna.Lookup.ToASCII(n); err == nil {
		return a
	}
	return n
}
