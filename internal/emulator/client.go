package emulator

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// ControlClient calls the emulator's control API over HTTP.
type ControlClient struct {
	baseURL string
	http    *http.Client
}

// NewControlClient returns a client for the emulator at baseURL (e.g. "http://127.0.0.1:18080").
func NewControlClient(baseURL string) *ControlClient {
	return &ControlClient{baseURL: strings.TrimSuffix(baseURL, "/"), http: &http.Client{Timeout: 30 * time.Second}}
}

// do sends one control request. The control API is context-free by design (its methods
// are called from test setup, against a local emulator); c.http's timeout bounds each call.
//
//nolint:contextcheck // no caller context to inherit: the public methods take none
func (c *ControlClient) do(method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(context.Background(), method, c.baseURL+"/_emulator"+path, body)
	if err != nil {
		return err
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return err
	}
	// The body is read in full below; a Close error carries nothing for the caller.
	defer func() { _ = resp.Body.Close() }()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		var e struct {
			Error string `json:"error"`
		}
		_ = json.Unmarshal(b, &e)
		if e.Error == "" {
			e.Error = strings.TrimSpace(string(b))
		}
		return fmt.Errorf("emulator control %s %s: %s: %s", method, path, resp.Status, e.Error)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			return fmt.Errorf("emulator control %s %s: decoding response: %w", method, path, err)
		}
	}
	return nil
}

// Reset drops all state, faults and statistics and restores default settings.
func (c *ControlClient) Reset() error { return c.do(http.MethodPost, "/reset", nil, nil) }

// AddDomain adds (or replaces) an owned domain and creates its Alidns zone.
func (c *ControlClient) AddDomain(d DomainSeed) error {
	return c.do(http.MethodPost, "/domains", d, nil)
}

// Domains lists the owned domains.
func (c *ControlClient) Domains() ([]DomainSeed, error) {
	var out []DomainSeed
	err := c.do(http.MethodGet, "/domains", nil, &out)
	return out, err
}

// AddFiling adds an approved ICP filing.
func (c *ControlClient) AddFiling(f FilingSeed) error {
	return c.do(http.MethodPost, "/filings", f, nil)
}

// DeleteFiling removes the filing of a domain.
func (c *ControlClient) DeleteFiling(domain string) error {
	return c.do(http.MethodDelete, "/filings/"+url.PathEscape(domain), nil, nil)
}

// SetICPFailure (extension) makes QuerySuccessIcpData answer Success false with the code
// and message until ClearICPFailure.
func (c *ControlClient) SetICPFailure(f ICPFailure) error {
	return c.do(http.MethodPost, "/icp_failure", f, nil)
}

// ClearICPFailure makes QuerySuccessIcpData answer normally again.
func (c *ControlClient) ClearICPFailure() error {
	return c.do(http.MethodDelete, "/icp_failure", nil, nil)
}

// AddServer adds an ECS instance, EIP or SLB instance.
func (c *ControlClient) AddServer(s ServerSeed) error {
	return c.do(http.MethodPost, "/servers", s, nil)
}

// AddRegistrantProfile adds (or replaces) a registrant profile.
func (c *ControlClient) AddRegistrantProfile(p ProfileSeed) error {
	return c.do(http.MethodPost, "/registrant_profiles", p, nil)
}

// SetUnavailable marks a domain as taken: CheckDomain answers Avail "0" with the reason and
// a registration task fails with it.
func (c *ControlClient) SetUnavailable(domain, reason string) error {
	return c.do(http.MethodPost, "/unavailable", map[string]string{"domain": domain, "reason": reason}, nil)
}

// SetTaskFailure makes the registration task of a domain fail with exactly this reason.
func (c *ControlClient) SetTaskFailure(domain, reason string) error {
	return c.do(http.MethodPost, "/task_failures", map[string]string{"domain": domain, "reason": reason}, nil)
}

// AddTaskFailure makes the registration task of f.Domain fail with f.Reason as its
// FailReason and, unless f.ErrorMsg is set, its ErrorMsg.
func (c *ControlClient) AddTaskFailure(f TaskFailure) error {
	return c.do(http.MethodPost, "/task_failures", f, nil)
}

// AddOtherAccountZone adds a zone hosted in Alibaba Cloud DNS by another account: Alidns
// actions naming it answer IncorrectDomainUser.
func (c *ControlClient) AddOtherAccountZone(domain string) error {
	return c.do(http.MethodPost, "/other_account_zones", OtherAccountZoneSeed{Domain: domain}, nil)
}

// SetSettings replaces the settings.
func (c *ControlClient) SetSettings(s Settings) error {
	return c.do(http.MethodPost, "/settings", s, nil)
}

// SetFaults replaces the fault configuration (Faults{} turns faults off).
func (c *ControlClient) SetFaults(f Faults) error {
	return c.do(http.MethodPost, "/faults", f, nil)
}

// Stats returns the call and fault counters.
func (c *ControlClient) Stats() (Stats, error) {
	var s Stats
	err := c.do(http.MethodGet, "/stats", nil, &s)
	return s, err
}

// ResetStats zeroes the counters.
func (c *ControlClient) ResetStats() error { return c.do(http.MethodPost, "/stats/reset", nil, nil) }

// Records lists the records of a zone in creation order.
func (c *ControlClient) Records(domain string) ([]Record, error) {
	var out []Record
	err := c.do(http.MethodGet, "/records?domain="+url.QueryEscape(domain), nil, &out)
	return out, err
}

// AddRecord adds a record out of band (no TTL or duplicate checks) and returns its id.
func (c *ControlClient) AddRecord(r Record) (string, error) {
	var out struct {
		RecordID string `json:"record_id"`
	}
	err := c.do(http.MethodPost, "/records", r, &out)
	return out.RecordID, err
}

// DeleteRecord removes a record out of band.
func (c *ControlClient) DeleteRecord(recordID string) error {
	return c.do(http.MethodDelete, "/records/"+url.PathEscape(recordID), nil, nil)
}
