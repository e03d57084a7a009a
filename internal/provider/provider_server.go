package provider

import (
	"context"
	"os"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
)

// The provider's protocol server: the framework's, with a provider-level failure of a
// run — no usable credentials — reported once instead of once per object.
//
// Without credentials every resource and data source that needs Alibaba Cloud fails
// the same way, often twice (a plan check and the guard), and the CLI printed the same
// twelve lines for each. The framework has no hook over the diagnostics of all objects,
// so the server that the CLI talks to filters them: the first error of the run that
// carries the failure becomes one provider-level error; later ones are dropped where
// that cannot hide a failure — plans and refreshes, where one error already fails the
// whole command — and shortened to one line elsewhere (writes, data sources), which must
// still fail.

// Serve serves the provider (the plugin server of main), blocking until the CLI is done
// with it; debug runs it for a debugger, printing TF_REATTACH_PROVIDERS.
func Serve(_ context.Context, version string, debug bool) error {
	quietUnlessAsked(os.Environ(), os.Setenv)
	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	return tf6server.Serve(RegistryAddress, func() tfprotov6.ProviderServer {
		s, _ := NewServer(version)()
		return s
	}, opts...)
}

// sdkLogLevels are the variables that set the levels of the SDK's and the provider's
// loggers (terraform-plugin-log: TF_LOG_SDK, TF_LOG_SDK_PROTO, TF_LOG_SDK_FRAMEWORK,
// TF_LOG_PROVIDER).
var sdkLogLevels = []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER"}

// quietUnlessAsked turns the provider's logs off when nobody asked for them. Left to
// themselves, the protocol and framework loggers write every request at TRACE, as JSON,
// to the provider's standard error, which the CLI reads, parses and — without TF_LOG —
// throws away: a third of the provider's CPU time in a plan of 1,000 unchanged records
// (BENCHMARKS.md). Without TF_LOG, and without any TF_LOG_PROVIDER* or TF_LOG_SDK*
// variable, the CLI shows no provider log at all, so nothing visible changes; with any of
// them set, the levels are left to the variables.
func quietUnlessAsked(environ []string, setenv func(string, string) error) {
	for _, kv := range environ {
		k, v, _ := strings.Cut(kv, "=")
		if strings.TrimSpace(v) != "" && (k == "TF_LOG" || strings.HasPrefix(k, "TF_LOG_PROVIDER") || strings.HasPrefix(k, "TF_LOG_SDK")) {
			return
		}
	}
	for _, k := range sdkLogLevels {
		_ = setenv(k, "OFF")
	}
}

// NewServer returns the factory of the provider's protocol-6 server (each server a new
// provider instance), as the acceptance tests' ProtoV6ProviderFactories take it.
func NewServer(version string) func() (tfprotov6.ProviderServer, error) {
	return func() (tfprotov6.ProviderServer, error) {
		p := New(version)().(*beianProvider) //nolint:forcetypeassert // New builds a *beianProvider
		p.failure = &runFailure{}
		inner, err := providerserver.NewProtocol6WithError(p)()
		if err != nil {
			return nil, err
		}
		return &onceServer{ProviderServer: inner, failure: p.failure}, nil
	}
}

// runFailure is the provider-level failure of a run (one ConfigureProvider): the text by
// which diagnostics that carry it are known, the diagnostic that reports it, and whether
// it has been reported.
type runFailure struct {
	mu       sync.Mutex
	marker   string
	summary  string
	detail   string
	reported bool
}

// set records the run's failure (marker "" for none), not reported yet.
func (f *runFailure) set(marker, summary, detail string) {
	if f == nil {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.marker, f.summary, f.detail, f.reported = marker, summary, detail, false
}

// filter reports the run's failure once among diags: the first error carrying it is
// replaced by the provider-level error; the later ones are dropped (drop) or shortened.
func (f *runFailure) filter(diags []*tfprotov6.Diagnostic, drop bool) []*tfprotov6.Diagnostic {
	if f == nil || len(diags) == 0 {
		return diags
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.marker == "" {
		return diags
	}
	out := diags[:0:0]
	for _, d := range diags {
		if d == nil || d.Severity != tfprotov6.DiagnosticSeverityError || !strings.Contains(d.Summary+"\n"+d.Detail, f.marker) {
			out = append(out, d)
			continue
		}
		switch {
		case !f.reported:
			f.reported = true
			out = append(out, &tfprotov6.Diagnostic{Severity: d.Severity, Summary: f.summary, Detail: f.detail, Attribute: d.Attribute})
		case drop:
		default:
			short := &tfprotov6.Diagnostic{Severity: d.Severity, Summary: "Not done: " + f.summary,
				Detail: "The cause is reported once, in full, on the first object of this run that needed Alibaba Cloud."}
			if !containsSummary(out, short.Summary) {
				out = append(out, short)
			}
		}
	}
	return out
}

func containsSummary(diags []*tfprotov6.Diagnostic, summary string) bool {
	for _, d := range diags {
		if d.Summary == summary {
			return true
		}
	}
	return false
}

// onceServer is the framework's server with the run's provider-level failure reported
// once (runFailure.filter).
type onceServer struct {
	tfprotov6.ProviderServer
	failure *runFailure
}

// A plan or a refresh that drops a repeated error cannot hide a failure: the first
// error of the run already fails the command.

func (s *onceServer) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	resp, err := s.ProviderServer.PlanResourceChange(ctx, req)
	if resp != nil {
		resp.Diagnostics = s.failure.filter(resp.Diagnostics, resp.PlannedState != nil)
	}
	return resp, err
}

func (s *onceServer) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	resp, err := s.ProviderServer.ReadResource(ctx, req)
	if resp != nil {
		resp.Diagnostics = s.failure.filter(resp.Diagnostics, resp.NewState != nil)
	}
	return resp, err
}

// Writes, imports and data sources must still fail: a repeated error is shortened.

func (s *onceServer) ApplyResourceChange(ctx context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	resp, err := s.ProviderServer.ApplyResourceChange(ctx, req)
	if resp != nil {
		resp.Diagnostics = s.failure.filter(resp.Diagnostics, false)
	}
	return resp, err
}

func (s *onceServer) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	resp, err := s.ProviderServer.ReadDataSource(ctx, req)
	if resp != nil {
		resp.Diagnostics = s.failure.filter(resp.Diagnostics, false)
	}
	return resp, err
}

func (s *onceServer) ImportResourceState(ctx context.Context, req *tfprotov6.ImportResourceStateRequest) (*tfprotov6.ImportResourceStateResponse, error) {
	resp, err := s.ProviderServer.ImportResourceState(ctx, req)
	if resp != nil {
		resp.Diagnostics = s.failure.filter(resp.Diagnostics, false)
	}
	return resp, err
}
