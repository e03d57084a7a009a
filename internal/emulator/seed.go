package emulator

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// What the control API and seed files put into the emulator: the seed types (their JSON is the documented control API), and adding them to the state.

// DomainSeed is an owned (registered) domain; POST /_emulator/domains.
type DomainSeed struct {
	Domain string `json:"domain"`
	// RealNameStatus is NONAUDIT, AUDITING, SUCCEED or FAILED; default SUCCEED.
	RealNameStatus string `json:"real_name_status,omitempty"`
	// RegistrationDate and ExpirationDate are YYYY-MM-DD; defaults: one year ago, in two years.
	RegistrationDate string `json:"registration_date,omitempty"`
	ExpirationDate   string `json:"expiration_date,omitempty"`
	// AutoRenew defaults to false.
	AutoRenew bool `json:"auto_renew,omitempty"`
	// DNSEdition is the Alidns edition of the zone created with the domain; default "mianfei".
	DNSEdition string `json:"dns_edition,omitempty"`
	// InstanceID optionally fixes the Domain API instance id (default generated, "S2026…").
	InstanceID string `json:"instance_id,omitempty"`
	// RegistrantOrganization optionally sets ZhRegistrantOrganization.
	RegistrantOrganization string `json:"registrant_organization,omitempty"`
	// RenewStatus (extension) fixes the BSS RenewStatus: AutoRenewal, ManualRenewal or
	// NotRenewal (the model's three values). Default: from auto_renew. SetupDomainAutoRenew
	// replaces it.
	RenewStatus string `json:"renew_status,omitempty"`
}

// Risk is a rectification item (整改) on a filing: one RiskList entry of
// QuerySuccessIcpData, with its deadline (DeadLine) and what it is about (RiskDetailList).
// Type and Description are the control API's original fields; each becomes one
// RiskDetailList item (RiskSource = Type, RectifySuggestList = [Description]). Details
// (extension) gives the items in full.
type Risk struct {
	Type        string       `json:"type,omitempty"`
	Description string       `json:"description,omitempty"`
	Deadline    string       `json:"deadline,omitempty"` // DeadLine, YYYY-MM-DD
	Details     []RiskDetail `json:"details,omitempty"`
}

// RiskDetail is one RiskDetailList item of a risk.
type RiskDetail struct {
	RiskSource         string   `json:"risk_source"`
	RectifySuggestions []string `json:"rectify_suggestions,omitempty"`
}

// AppSeed (extension) is an app or mini-program filing (App/小程序备案) of the entity:
// an AppList item of QuerySuccessIcpData.
type AppSeed struct {
	AppName               string   `json:"app_name"`
	AppRecordNum          string   `json:"app_record_num"`
	DomainList            []string `json:"domain_list,omitempty"`
	ResponsiblePersonName string   `json:"responsible_person_name,omitempty"`
}

// FilingSeed is an approved ICP filing for a domain; POST /_emulator/filings. Filings
// sharing an icp_number are one entity (主体); filings sharing a site_record_num are one
// website with several domains.
type FilingSeed struct {
	Domain          string `json:"domain"`
	ICPNumber       string `json:"icp_number"`
	SiteRecordNum   string `json:"site_record_num,omitempty"`  // default ICPNumber + "-1"
	Organizer       string `json:"organizer,omitempty"`        // OrganizersName
	OrganizerNature string `json:"organizer_nature,omitempty"` // OrganizersNature; default "企业"
	SiteName        string `json:"site_name,omitempty"`        // default the domain
	// ResponsiblePersonName (extension) is the entity's responsible person (负责人);
	// SiteResponsiblePersonName the website's.
	ResponsiblePersonName     string `json:"responsible_person_name,omitempty"`
	SiteResponsiblePersonName string `json:"site_responsible_person_name,omitempty"`
	Risks                     []Risk `json:"risks,omitempty"`
	// Apps (extension) are the entity's app and mini-program filings.
	Apps []AppSeed `json:"apps,omitempty"`
}

// ICPFailure (extension) makes QuerySuccessIcpData answer HTTP 200 with Success false,
// this ErrorCode and ErrorMessage, and no filings; POST /_emulator/icp_failure sets it,
// DELETE /_emulator/icp_failure clears it.
type ICPFailure struct {
	ErrorCode    int    `json:"error_code"`
	ErrorMessage string `json:"error_message"`
}

// ServerSeed is a server (or other holder of a public address) in the caller's account;
// POST /_emulator/servers. servers.go says which product answers for each kind and which
// billing fields each kind has.
type ServerSeed struct {
	// Kind is ecs, eip, slb, swas (Simple Application Server), alb, nlb or nat.
	Kind   string `json:"kind"`
	Region string `json:"region"`
	IP     string `json:"ip"`
	ID     string `json:"id,omitempty"`   // default generated (i-…, eip-…, lb-…, alb-…, nlb-…, ngw-…; a Simple Application Server 32 hex digits)
	Name   string `json:"name,omitempty"` // default the id
	// Status is the product's own status word; default Running (ecs, swas), active
	// (slb, alb, nlb), Available (eip, nat).
	Status string `json:"status,omitempty"`
	// ChargeType is PrePaid (subscription, the default) or PostPaid (pay-as-you-go).
	// swas is subscription only, alb and nlb pay-as-you-go only (their official models).
	ChargeType string `json:"charge_type,omitempty"`
	// PeriodMonths is how long the subscription was bought for (default 12), and
	// ExpiresInDays when it ends, counted from when the server is added (default 365;
	// negative: expired). Both are ignored for PostPaid.
	PeriodMonths  int  `json:"period_months,omitempty"`
	ExpiresInDays *int `json:"expires_in_days,omitempty"`
}

// ProfileSeed is a domain registrant profile; POST /_emulator/registrant_profiles.
// ID is numeric, as in the Domain API; JSON accepts a number or a decimal string.
type ProfileSeed struct {
	ID             FlexInt `json:"id"`
	RealNameStatus string  `json:"real_name_status,omitempty"` // default SUCCEED
	Organization   string  `json:"organization,omitempty"`     // extension: ZhRegistrantOrganization
}

// FlexInt is an int64 that unmarshals from a JSON number or a decimal string.
type FlexInt int64

// UnmarshalJSON implements json.Unmarshaler.
func (f *FlexInt) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	if s == "" || s == "null" {
		*f = 0
		return nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return fmt.Errorf("id: %w", err)
	}
	*f = FlexInt(n)
	return nil
}

// Record is a DNS record as the control API shows it.
type Record struct {
	Domain   string `json:"domain,omitempty"`
	RecordID string `json:"record_id,omitempty"`
	RR       string `json:"rr"`
	Type     string `json:"type"`
	Value    string `json:"value"`
	TTL      int64  `json:"ttl,omitempty"`      // default 600
	Line     string `json:"line,omitempty"`     // default "default"
	Status   string `json:"status,omitempty"`   // ENABLE or DISABLE; default ENABLE
	Priority int64  `json:"priority,omitempty"` // MX only
	Remark   string `json:"remark,omitempty"`
}

// TaskFailure makes the registration task of a domain fail; POST /_emulator/task_failures.
type TaskFailure struct {
	Domain string `json:"domain"`
	// Reason is the failed task's FailReason, and its ErrorMsg unless ErrorMsg is set.
	Reason string `json:"reason"`
	// ErrorMsg (extension), when present (even empty), is the failed task's ErrorMsg in
	// place of Reason: no source says which of the two fields the service fills, so a
	// test can make them differ.
	ErrorMsg *string `json:"error_msg,omitempty"`
}

// OtherAccountZoneSeed is a zone hosted in Alibaba Cloud DNS by another Alibaba Cloud
// account; POST /_emulator/other_account_zones. Alidns actions naming it answer 400
// IncorrectDomainUser; it is not listed, and records cannot be added to it.
type OtherAccountZoneSeed struct {
	Domain string `json:"domain"`
}

// Settings are emulator behaviour knobs; POST /_emulator/settings.
type Settings struct {
	// TaskDelayMs is how long Domain API tasks run before they finish (default 2000).
	TaskDelayMs int `json:"task_delay_ms"`
	// ResourceCenter (extension) is the account's Resource Center: "enabled" (the default,
	// also written ""), "disabled" (SearchResources answers ServiceNotEnabled) or
	// "initializing" (enabled, InitialStatus Pending: SearchResources lists nothing yet).
	ResourceCenter string `json:"resource_center,omitempty"`
	// DeniedActions (extension) are "Product.Action" keys the credentials may not call, as
	// a RAM policy that leaves them out: each answers NoPermission where the action's
	// metadata lists it, else 403 Forbidden.RAM. Null keeps the list, [] clears it.
	DeniedActions []string `json:"denied_actions"`
	// InstanceRAMRole (extension) is the RAM role attached to the ECS instance the
	// metadata service answers for (metadata.go); "" = none.
	InstanceRAMRole string `json:"instance_ram_role,omitempty"`
}

// Seed is the seed-file format.
type Seed struct {
	Domains            []DomainSeed  `json:"domains,omitempty"`
	Filings            []FilingSeed  `json:"filings,omitempty"`
	Servers            []ServerSeed  `json:"servers,omitempty"`
	RegistrantProfiles []ProfileSeed `json:"registrant_profiles,omitempty"`
	Records            []Record      `json:"records,omitempty"`
	// OtherAccountZones are zones of another Alibaba Cloud account.
	OtherAccountZones []OtherAccountZoneSeed `json:"other_account_zones,omitempty"`
}

// LoadSeed applies a seed file (see Seed) on top of the current state.
func (e *Emulator) LoadSeed(r io.Reader) error {
	var s Seed
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		return fmt.Errorf("emulator: parsing seed: %w", err)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, p := range s.RegistrantProfiles {
		if err := e.addProfileLocked(p); err != nil {
			return err
		}
	}
	for _, d := range s.Domains {
		if err := e.addDomainLocked(d); err != nil {
			return err
		}
	}
	for _, f := range s.Filings {
		if err := e.addFilingLocked(f); err != nil {
			return err
		}
	}
	for _, sv := range s.Servers {
		if err := e.addServerLocked(sv); err != nil {
			return err
		}
	}
	for _, rec := range s.Records {
		if _, err := e.addRecordLocked(rec); err != nil {
			return err
		}
	}
	for _, z := range s.OtherAccountZones {
		if err := e.addOtherAccountZoneLocked(z); err != nil {
			return err
		}
	}
	return e.saveIfDirtyLocked()
}

// cst is China Standard Time, in which the Domain API reports dates.
var cst = time.FixedZone("CST", 8*3600)

func parseDay(s string) (time.Time, error) {
	return time.ParseInLocation("2006-01-02", s, cst)
}

var realNameStatuses = map[string]bool{"NONAUDIT": true, "AUDITING": true, "SUCCEED": true, "FAILED": true}

func (e *Emulator) addDomainLocked(d DomainSeed) error {
	name := controlDomain(d.Domain)
	if !strings.Contains(name, ".") {
		return fmt.Errorf("domain %q: not a domain name", d.Domain)
	}
	now := e.now().UTC()
	reg := now.AddDate(-1, 0, 0)
	exp := now.AddDate(2, 0, 0)
	var err error
	if d.RegistrationDate != "" {
		if reg, err = parseDay(d.RegistrationDate); err != nil {
			return fmt.Errorf("registration_date: %w", err)
		}
	}
	if d.ExpirationDate != "" {
		if exp, err = parseDay(d.ExpirationDate); err != nil {
			return fmt.Errorf("expiration_date: %w", err)
		}
	}
	rn := strings.ToUpper(d.RealNameStatus)
	if rn == "" {
		rn = "SUCCEED"
	}
	if !realNameStatuses[rn] {
		return fmt.Errorf("real_name_status %q: want NONAUDIT, AUDITING, SUCCEED or FAILED", d.RealNameStatus)
	}
	ds, ok := e.st.Domains[name]
	if !ok {
		ds = &domainState{Name: name, DNS: defaultDNSServers()}
		e.st.Domains[name] = ds
	}
	ds.InstanceID = d.InstanceID
	if ds.InstanceID == "" {
		ds.InstanceID = e.newInstanceIDLocked()
	}
	ds.RegistrationDate, ds.ExpirationDate = reg, exp
	ds.RealNameStatus = rn
	ds.AutoRenew = d.AutoRenew
	switch d.RenewStatus {
	case "", "AutoRenewal", "ManualRenewal", "NotRenewal":
		ds.RenewStatus = d.RenewStatus
	default:
		return fmt.Errorf("renew_status %q: want AutoRenewal, ManualRenewal or NotRenewal", d.RenewStatus)
	}
	ds.Organization = d.RegistrantOrganization
	e.ensureZoneLocked(name, d.DNSEdition)
	e.dirty = true
	return nil
}

func (e *Emulator) addFilingLocked(f FilingSeed) error {
	name := controlDomain(f.Domain)
	if name == "" || f.ICPNumber == "" {
		return errors.New("filing: domain and icp_number are required")
	}
	f.Domain = name
	if f.SiteRecordNum == "" {
		f.SiteRecordNum = f.ICPNumber + "-1"
	}
	if f.OrganizerNature == "" {
		f.OrganizerNature = "企业"
	}
	if f.SiteName == "" {
		f.SiteName = name
	}
	for i, a := range f.Apps {
		if a.AppName == "" || a.AppRecordNum == "" {
			return fmt.Errorf("filing %s: apps[%d]: app_name and app_record_num are required", name, i)
		}
		ds := make([]string, 0, len(a.DomainList))
		for _, d := range a.DomainList {
			ds = append(ds, controlDomain(d))
		}
		f.Apps[i].DomainList = ds
	}
	for i, r := range f.Risks {
		if r.Deadline != "" {
			if _, err := parseDay(r.Deadline); err != nil {
				return fmt.Errorf("filing %s: risks[%d].deadline %q: want YYYY-MM-DD", name, i, r.Deadline)
			}
		}
	}
	e.st.Filings[name] = &f
	e.dirty = true
	return nil
}

func (e *Emulator) addServerLocked(s ServerSeed) error {
	sv, err := newServer(s, e.now(), e.st.nextID)
	if err != nil {
		return err
	}
	for i, old := range e.st.Servers {
		if old.Kind == sv.Kind && old.ID == sv.ID {
			e.st.Servers[i] = sv
			e.dirty = true
			return nil
		}
	}
	e.st.Servers = append(e.st.Servers, sv)
	e.dirty = true
	return nil
}

func (e *Emulator) addProfileLocked(p ProfileSeed) error {
	if p.ID <= 0 {
		return errors.New("registrant profile: positive numeric id is required")
	}
	rn := strings.ToUpper(p.RealNameStatus)
	if rn == "" {
		rn = "SUCCEED"
	}
	if !realNameStatuses[rn] {
		return fmt.Errorf("real_name_status %q: want NONAUDIT, AUDITING, SUCCEED or FAILED", p.RealNameStatus)
	}
	e.st.Profiles[int64(p.ID)] = &profileState{ID: int64(p.ID), RealNameStatus: rn, Organization: p.Organization, CreateTime: e.now().UTC()}
	e.dirty = true
	return nil
}

// addOtherAccountZoneLocked records a zone hosted by another account. A zone of the
// emulated account cannot also be another's: that is refused, naming the fix.
func (e *Emulator) addOtherAccountZoneLocked(z OtherAccountZoneSeed) error {
	name := controlDomain(z.Domain)
	if !strings.Contains(name, ".") {
		return fmt.Errorf("other-account zone %q: not a domain name", z.Domain)
	}
	if _, ok := e.st.Zones[name]; ok {
		return fmt.Errorf("other-account zone %s: the emulated account hosts this zone itself; use another name (a sub-zone such as sub.%s is fine) or POST /_emulator/reset first", name, name)
	}
	e.st.OtherAccountZones[name] = true
	e.dirty = true
	return nil
}

// addRecordLocked adds a record out of band (no TTL or duplicate checks).
func (e *Emulator) addRecordLocked(r Record) (string, error) {
	name := controlDomain(r.Domain)
	if _, ok := e.st.Zones[name]; !ok {
		return "", fmt.Errorf("record: zone %q does not exist", r.Domain)
	}
	if r.Type == "" || r.Value == "" {
		return "", errors.New("record: type and value are required")
	}
	rec := &recordState{
		Domain: name, RR: normRR(r.RR), Type: strings.ToUpper(r.Type), Value: r.Value,
		TTL: r.TTL, Line: r.Line, Status: strings.ToUpper(r.Status), Priority: r.Priority, Remark: r.Remark, Weight: 1,
	}
	if rec.TTL == 0 {
		rec.TTL = 600
	}
	if rec.Line == "" {
		rec.Line = "default"
	}
	if rec.Status == "" {
		rec.Status = "ENABLE"
	}
	if rec.Type == "MX" && rec.Priority == 0 {
		rec.Priority = 10
	}
	e.insertRecordLocked(rec)
	return rec.ID, nil
}

func (e *Emulator) insertRecordLocked(rec *recordState) {
	rec.seq = e.st.nextID()
	rec.ID = strconv.FormatInt(rec.seq, 10)
	e.st.Records[rec.ID] = rec
	e.dirty = true
}
func (r Risk) riskDetails() []RiskDetail {
	if len(r.Details) > 0 {
		return r.Details
	}
	if r.Type == "" && r.Description == "" {
		return nil
	}
	d := RiskDetail{RiskSource: r.Type}
	if r.Description != "" {
		d.RectifySuggestions = []string{r.Description}
	}
	return []RiskDetail{d}
}
