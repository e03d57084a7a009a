// Package emulatortest starts the Alibaba Cloud emulator in-process for Go tests.
package emulatortest

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/beian-dev/terraform-provider-beian/internal/emulator"
)

// Server is a running in-process emulator.
type Server struct {
	// URL is the base URL, e.g. "http://127.0.0.1:41234".
	URL string
	// Host is URL without the scheme ("127.0.0.1:41234"): the SDK request Domain.
	Host     string
	Control  *emulator.ControlClient
	Emulator *emulator.Emulator
	// AccessKeyID and AccessKeySecret are the credentials the emulator accepts.
	AccessKeyID, AccessKeySecret string
}

// Start starts an emulator on a random free loopback port with the default test
// credentials, and closes it in t.Cleanup. Domain API tasks take the default 2 s; tests that
// register domains usually call Control.SetSettings(emulator.Settings{TaskDelayMs: 0}).
// A parameter that is not in the action's official model is refused
// (emulator.Config.RejectUnknownParameters), so every test through it also checks that
// its client sends official parameters only.
func Start(t testing.TB) *Server {
	t.Helper()
	return StartWithConfig(t, emulator.Config{RejectUnknownParameters: true})
}

// StartWithConfig is Start with a custom emulator configuration.
func StartWithConfig(t testing.TB, cfg emulator.Config) *Server {
	t.Helper()
	emu, err := emulator.New(cfg)
	if err != nil {
		t.Fatalf("emulatortest: %v", err)
	}
	ts := httptest.NewServer(emu)
	t.Cleanup(ts.Close)
	s := &Server{
		URL:             ts.URL,
		Host:            strings.TrimPrefix(ts.URL, "http://"),
		Control:         emulator.NewControlClient(ts.URL),
		Emulator:        emu,
		AccessKeyID:     emulator.DefaultAccessKeyID,
		AccessKeySecret: emulator.DefaultAccessKeySecret,
	}
	if len(cfg.AccessKeys) > 0 {
		s.AccessKeyID, s.AccessKeySecret = "", ""
		for id, secret := range cfg.AccessKeys {
			if s.AccessKeyID == "" || id < s.AccessKeyID {
				s.AccessKeyID, s.AccessKeySecret = id, secret
			}
		}
	}
	return s
}

// Contract is the contract table (the emulator's testdata/contract.json) by action key
// ("Product.Action"), for tests that look an action's official shape up. A table that
// cannot be read or lists an action twice fails the test.
func Contract(t testing.TB) map[string]emulator.ContractAction {
	t.Helper()
	c, err := emulator.LoadContract()
	if err != nil {
		t.Fatalf("emulatortest: %v", err)
	}
	out := make(map[string]emulator.ContractAction, len(c.Actions))
	for _, a := range c.Actions {
		if _, dup := out[a.Key()]; dup {
			t.Fatalf("emulatortest: the contract lists %s twice", a.Key())
		}
		out[a.Key()] = a
	}
	return out
}
