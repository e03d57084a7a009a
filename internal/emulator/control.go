package emulator

import (
	"net/http"
	"net/url"
	"strings"
	"time"
)

// serveControl answers the control API under /_emulator/. Requests and responses are JSON;
// errors are {"error": "..."} with status 400, 404 or 405.
func (e *Emulator) serveControl(w http.ResponseWriter, r *http.Request) {
	path := strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/_emulator"), "/")
	fail := func(status int, msg string) { writeJSON(w, status, map[string]string{"error": msg}) }
	ok := func() { writeJSON(w, http.StatusOK, map[string]bool{"ok": true}) }

	// mutate decodes a JSON body into v and applies fn under the lock.
	mutate := func(v any, fn func() error) {
		if r.Method != http.MethodPost {
			fail(http.StatusMethodNotAllowed, "use POST")
			return
		}
		if v != nil {
			if err := readJSONBody(r.Body, v); err != nil {
				fail(http.StatusBadRequest, "bad JSON body: "+err.Error())
				return
			}
		}
		e.mu.Lock()
		err := fn()
		saveErr := e.saveIfDirtyLocked()
		e.mu.Unlock()
		if err != nil {
			fail(http.StatusBadRequest, err.Error())
			return
		}
		if saveErr != nil {
			fail(http.StatusInternalServerError, "saving state: "+saveErr.Error())
			return
		}
		ok()
	}

	switch {
	case path == "/reset":
		mutate(nil, func() error {
			e.st = newState()
			e.nonces = map[string]time.Time{}
			e.stsKeys = nil
			e.faults = newFaultState(Faults{})
			e.resetStatsLocked()
			e.dirty = true
			return nil
		})
	case path == "/domains" && r.Method == http.MethodGet:
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
				AutoRenew: d.AutoRenew, DNSEdition: ed, InstanceID: d.InstanceID, RegistrantOrganization: d.Organization})
		}
		saveErr := e.saveIfDirtyLocked()
		e.mu.Unlock()
		if saveErr != nil {
			fail(http.StatusInternalServerError, "saving state: "+saveErr.Error())
			return
		}
		writeJSON(w, http.StatusOK, out)
	case path == "/domains":
		var d DomainSeed
		mutate(&d, func() error { return e.addDomainLocked(d) })
	case path == "/filings":
		var f FilingSeed
		mutate(&f, func() error { return e.addFilingLocked(f) })
	case strings.HasPrefix(path, "/filings/"):
		if r.Method != http.MethodDelete {
			fail(http.StatusMethodNotAllowed, "use DELETE")
			return
		}
		name, _ := url.PathUnescape(strings.TrimPrefix(path, "/filings/"))
		name = normDomain(name)
		e.mu.Lock()
		_, found := e.st.Filings[name]
		if found {
			delete(e.st.Filings, name)
			e.dirty = true
		}
		saveErr := e.saveIfDirtyLocked()
		e.mu.Unlock()
		if !found {
			fail(http.StatusNotFound, "no filing for "+name)
			return
		}
		if saveErr != nil {
			fail(http.StatusInternalServerError, saveErr.Error())
			return
		}
		ok()
	case path == "/servers":
		var s ServerSeed
		mutate(&s, func() error { return e.addServerLocked(s) })
	case path == "/registrant_profiles":
		var p ProfileSeed
		mutate(&p, func() error { return e.addProfileLocked(p) })
	case path == "/unavailable":
		var u struct {
			Domain string `json:"domain"`
			Reason string `json:"reason"`
		}
		mutate(&u, func() error {
			if u.Reason == "" {
				u.Reason = "Domain name is not available for registration."
			}
			e.st.Unavailable[normDomain(u.Domain)] = u.Reason
			e.dirty = true
			return nil
		})
	case path == "/task_failures":
		var u struct {
			Domain string `json:"domain"`
			Reason string `json:"reason"`
		}
		mutate(&u, func() error {
			e.st.TaskFailures[normDomain(u.Domain)] = u.Reason
			e.dirty = true
			return nil
		})
	case path == "/settings":
		// The body is decoded before the lock is taken (mutate does that), so a slow client
		// cannot stall every other request. Fields absent from the body keep their value.
		var patch struct {
			TaskDelayMs *int `json:"task_delay_ms"`
		}
		mutate(&patch, func() error {
			s := e.st.Settings
			if patch.TaskDelayMs != nil {
				s.TaskDelayMs = max(*patch.TaskDelayMs, 0)
			}
			e.st.Settings = s
			e.dirty = true
			return nil
		})
	case path == "/faults":
		var f Faults
		mutate(&f, func() error {
			e.faults = newFaultState(f)
			return nil
		})
	case path == "/stats" && r.Method == http.MethodGet:
		e.mu.Lock()
		s := e.statsLocked()
		e.mu.Unlock()
		writeJSON(w, http.StatusOK, s)
	case path == "/stats/reset":
		mutate(nil, func() error { e.resetStatsLocked(); return nil })
	case path == "/records" && r.Method == http.MethodGet:
		name := normDomain(r.URL.Query().Get("domain"))
		e.mu.Lock()
		_, zoneOK := e.st.Zones[name]
		out := []Record{}
		for _, rec := range e.zoneRecordsLocked(name) {
			out = append(out, rec.control())
		}
		e.mu.Unlock()
		if !zoneOK {
			fail(http.StatusNotFound, "no zone "+name)
			return
		}
		writeJSON(w, http.StatusOK, out)
	case path == "/records":
		if r.Method != http.MethodPost {
			fail(http.StatusMethodNotAllowed, "use GET or POST")
			return
		}
		var rec Record
		if err := readJSONBody(r.Body, &rec); err != nil {
			fail(http.StatusBadRequest, "bad JSON body: "+err.Error())
			return
		}
		e.mu.Lock()
		id, err := e.addRecordLocked(rec)
		saveErr := e.saveIfDirtyLocked()
		e.mu.Unlock()
		if err != nil {
			fail(http.StatusBadRequest, err.Error())
			return
		}
		if saveErr != nil {
			fail(http.StatusInternalServerError, saveErr.Error())
			return
		}
		writeJSON(w, http.StatusOK, map[string]string{"record_id": id})
	case strings.HasPrefix(path, "/records/"):
		if r.Method != http.MethodDelete {
			fail(http.StatusMethodNotAllowed, "use DELETE")
			return
		}
		id := strings.TrimPrefix(path, "/records/")
		e.mu.Lock()
		_, found := e.st.Records[id]
		delete(e.st.Records, id)
		if found {
			e.dirty = true
		}
		saveErr := e.saveIfDirtyLocked()
		e.mu.Unlock()
		if !found {
			fail(http.StatusNotFound, "no record "+id)
			return
		}
		if saveErr != nil {
			fail(http.StatusInternalServerError, saveErr.Error())
			return
		}
		ok()
	default:
		fail(http.StatusNotFound, "unknown control endpoint "+r.Method+" "+r.URL.Path)
	}
}
