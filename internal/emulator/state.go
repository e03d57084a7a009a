package emulator

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// The emulator's state: domains, zones and records, filings, servers, registrant profiles and
// tasks, kept in memory and, with -state, in a JSON file.

type domainState struct {
	Name             string    `json:"name"`
	InstanceID       string    `json:"instance_id"`
	RegistrationDate time.Time `json:"registration_date"`
	ExpirationDate   time.Time `json:"expiration_date"`
	RealNameStatus   string    `json:"real_name_status"`
	AutoRenew        bool      `json:"auto_renew"`
	DNS              []string  `json:"dns"`
	Organization     string    `json:"organization"`
	ProfileID        int64     `json:"profile_id"`
	ProxyService     bool      `json:"proxy_service"`
	RenewStatus      string    `json:"renew_status,omitempty"` // "" = from AutoRenew
}

// renewStatus is the domain's BSS RenewStatus.
func (d *domainState) renewStatus() string {
	switch {
	case d.RenewStatus != "":
		return d.RenewStatus
	case d.AutoRenew:
		return "AutoRenewal"
	}
	return "ManualRenewal"
}

type zoneState struct {
	Name       string    `json:"name"`
	DomainID   string    `json:"domain_id"`
	Edition    string    `json:"edition"`
	CreateTime time.Time `json:"create_time"`
}

type recordState struct {
	ID       string `json:"id"`
	seq      int64
	Domain   string `json:"domain"`
	RR       string `json:"rr"`
	Type     string `json:"type"`
	Value    string `json:"value"`
	TTL      int64  `json:"ttl"`
	Line     string `json:"line"`
	Status   string `json:"status"`
	Priority int64  `json:"priority"`
	Weight   int    `json:"weight"`
	Remark   string `json:"remark"`
}

type profileState struct {
	ID             int64     `json:"id"`
	RealNameStatus string    `json:"real_name_status"`
	Organization   string    `json:"organization"`
	CreateTime     time.Time `json:"create_time"`
}

type taskState struct {
	TaskNo     string    `json:"task_no"`
	DetailNo   string    `json:"detail_no"`
	Type       string    `json:"type"` // ORDER_ACTIVATE, ORDER_RENEW, SET_AUTO_RENEW
	Domain     string    `json:"domain"`
	InstanceID string    `json:"instance_id"`
	Created    time.Time `json:"created"`
	Due        time.Time `json:"due"`
	Done       bool      `json:"done"`
	Failed     bool      `json:"failed"`
	Reason     string    `json:"reason"`
	// ErrorMsg, when set, is the failed task's ErrorMsg; otherwise ErrorMsg is Reason too.
	ErrorMsg  *string   `json:"error_msg,omitempty"`
	Updated   time.Time `json:"updated"`
	Years     int       `json:"years"`
	ProfileID int64     `json:"profile_id"`
	DNS       []string  `json:"dns"`
	Proxy     bool      `json:"proxy"`
	Org       string    `json:"org"`
}

type state struct {
	Domains      map[string]*domainState `json:"domains"`
	Zones        map[string]*zoneState   `json:"zones"`
	Records      map[string]*recordState `json:"records"`
	Filings      map[string]*FilingSeed  `json:"filings"`
	Servers      []serverState           `json:"servers"`
	Profiles     map[int64]*profileState `json:"profiles"`
	Unavailable  map[string]string       `json:"unavailable"`
	TaskFailures map[string]string       `json:"task_failures"`
	// TaskFailureErrorMsgs is the ErrorMsg of a task failure whose ErrorMsg differs from its
	// reason (FailReason); absent for the others.
	TaskFailureErrorMsgs map[string]string `json:"task_failure_error_msgs,omitempty"`
	// OtherAccountZones are zones hosted in Alibaba Cloud DNS by another account.
	OtherAccountZones map[string]bool       `json:"other_account_zones,omitempty"`
	Tasks             map[string]*taskState `json:"tasks"`
	TaskOrder         []string              `json:"task_order"`
	Settings          Settings              `json:"settings"`
	NextID            int64                 `json:"next_id"`
	ICPFailure        *ICPFailure           `json:"icp_failure,omitempty"`
}

const firstRecordID = 1884593045583640576

func newState() *state {
	return &state{
		Domains:              map[string]*domainState{},
		Zones:                map[string]*zoneState{},
		Records:              map[string]*recordState{},
		Filings:              map[string]*FilingSeed{},
		Profiles:             map[int64]*profileState{},
		Unavailable:          map[string]string{},
		TaskFailures:         map[string]string{},
		TaskFailureErrorMsgs: map[string]string{},
		OtherAccountZones:    map[string]bool{},
		Tasks:                map[string]*taskState{},
		Settings:             Settings{TaskDelayMs: 2000},
		NextID:               firstRecordID,
	}
}

func (s *state) nextID() int64 {
	s.NextID++
	return s.NextID
}

// defaultDNSServers returns (a new slice of) Alibaba Cloud DNS's default name servers,
// which domains use until their DNS servers are modified.
func defaultDNSServers() []string { return []string{"dns1.hichina.com", "dns2.hichina.com"} }

// inDomain reports whether name is domain or one of its subdomains: a filing or zone for
// domain covers name. Both are normalised (normDomain).
func inDomain(name, domain string) bool {
	return name == domain || strings.HasSuffix(name, "."+domain)
}

func normDomain(d string) string {
	return strings.TrimSuffix(strings.ToLower(strings.TrimSpace(d)), ".")
}

func (e *Emulator) loadState(path string) error {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("emulator: reading state: %w", err)
	}
	if len(strings.TrimSpace(string(b))) == 0 {
		return nil
	}
	st := newState()
	if err := json.Unmarshal(b, st); err != nil {
		return fmt.Errorf("emulator: parsing state %s: %w", path, err)
	}
	// Maps may be null in hand-written files.
	fresh := newState()
	orEmpty(&st.Domains, fresh.Domains)
	orEmpty(&st.Zones, fresh.Zones)
	orEmpty(&st.Records, fresh.Records)
	orEmpty(&st.Filings, fresh.Filings)
	orEmpty(&st.Profiles, fresh.Profiles)
	orEmpty(&st.Unavailable, fresh.Unavailable)
	orEmpty(&st.TaskFailures, fresh.TaskFailures)
	orEmpty(&st.TaskFailureErrorMsgs, fresh.TaskFailureErrorMsgs)
	orEmpty(&st.OtherAccountZones, fresh.OtherAccountZones)
	orEmpty(&st.Tasks, fresh.Tasks)
	if st.NextID < firstRecordID {
		st.NextID = firstRecordID
	}
	for _, r := range st.Records {
		r.seq, _ = strconv.ParseInt(r.ID, 10, 64)
	}
	// A state file written before servers had billing dates: date them from now, with the
	// defaults of POST /_emulator/servers.
	for i, sv := range st.Servers {
		if sv.Created.IsZero() {
			if dated, err := newServer(sv.ServerSeed, e.now(), st.nextID); err == nil {
				st.Servers[i] = dated
			}
		}
	}
	e.st = st
	e.stateLoaded = true
	return nil
}

// saveIfDirtyLocked persists the state when a mutation happened. Callers hold e.mu. The
// dirty flag is cleared only once the file is written, so a failed save is retried by the
// next call instead of being forgotten.
func (e *Emulator) saveIfDirtyLocked() error {
	if !e.dirty {
		return nil
	}
	if e.cfg.StatePath == "" {
		e.dirty = false
		return nil
	}
	if err := writeFileAtomic(e.cfg.StatePath, e.st); err != nil {
		return err
	}
	e.dirty = false
	return nil
}

// writeFileAtomic writes v as indented JSON to a temporary file beside path and renames it
// over path. The temporary file is removed whenever the rename did not happen.
func writeFileAtomic(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return WriteFileAtomic(path, b, 0o600) // the state holds the accounts' keys
}

// WriteFileAtomic writes data to path through a temporary file in the same directory and a
// rename: a reader sees the old content or the new, never a part (the state file, and
// beian-emulator's -addr-file, which CI steps wait for).
func WriteFileAtomic(path string, data []byte, perm os.FileMode) (err error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			// Best effort: the write, close, chmod or rename error is the one to report.
			_ = os.Remove(tmp)
		}
	}()
	if _, err := f.Write(data); err != nil {
		_ = f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp, perm); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// StateLoaded reports whether New loaded a non-empty state file from Config.StatePath.
// The command applies its seed file only when it did not, so that a restart with the
// same -state and -seed-file keeps the saved state instead of re-seeding it.
func (e *Emulator) StateLoaded() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.stateLoaded
}

func (e *Emulator) newInstanceIDLocked() string {
	return fmt.Sprintf("S%s%07d", e.now().UTC().Format("20060102"), e.st.nextID()%10000000)
}

func (e *Emulator) ensureZoneLocked(name, edition string) *zoneState {
	z, ok := e.st.Zones[name]
	if !ok {
		if edition == "" {
			edition = "mianfei"
		}
		z = &zoneState{Name: name, DomainID: newUUID(), Edition: edition, CreateTime: e.now().UTC()}
		e.st.Zones[name] = z
		e.dirty = true
	} else if edition != "" && z.Edition != edition {
		z.Edition = edition
		e.dirty = true
	}
	return z
}

func normRR(rr string) string {
	rr = strings.ToLower(strings.TrimSpace(rr))
	if rr == "" {
		return "@"
	}
	return rr
}

// zoneRecordsLocked returns the zone's records in creation order.
func (e *Emulator) zoneRecordsLocked(zone string) []*recordState {
	var out []*recordState
	for _, r := range e.st.Records {
		if r.Domain == zone {
			out = append(out, r)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].seq < out[j].seq })
	return out
}

func (r *recordState) control() Record {
	return Record{Domain: r.Domain, RecordID: r.ID, RR: r.RR, Type: r.Type, Value: r.Value, TTL: r.TTL,
		Line: r.Line, Status: r.Status, Priority: r.Priority, Remark: r.Remark}
}

// orEmpty sets a nil map to empty.
func orEmpty[M ~map[K]V, K comparable, V any](m *M, empty M) {
	if *m == nil {
		*m = empty
	}
}
