package main

// The one file of beian-guard that uses the guard's API (guard.New, Settings, JudgeAll,
// Judgement, Finding, End): everything else works on the report types of report.go, so
// a change of the guard's API is absorbed here.

import (
	"context"

	"github.com/beian-dev/terraform-provider-beian/internal/aliyun"
	"github.com/beian-dev/terraform-provider-beian/internal/guard"
	"github.com/beian-dev/terraform-provider-beian/internal/guardconfig"
	"github.com/beian-dev/terraform-provider-beian/internal/mainland"
	"github.com/beian-dev/terraform-provider-beian/internal/planjson"
)

// judge is the guard, built from the settings as the provider builds it.
type judge struct {
	g *guard.Guard
}

// newJudge builds the guard. client is nil offline.
func newJudge(s guardconfig.Guard, client *aliyun.Client) (*judge, []guardconfig.Problem) {
	gs, problems := s.Settings(client, nil)
	return &judge{g: guard.New(gs)}, problems
}

// judgeAll judges the records of a plan as the provider judges them: every record that
// can be judged, CNAME targets followed through the plan's other records first, then
// through the account's zones; records the plan creates or re-points in the plan phase
// (with the enforcement setting), the others as live records (warnings only).
func (j *judge) judgeAll(ctx context.Context, recs []planjson.Record) []judged {
	out := make([]judged, len(recs))
	var all []guard.Record
	var at []int // index into recs of each of all
	changed, unchanged := false, false
	for i, r := range recs {
		out[i].phase = phasePlan
		if !r.Changed {
			out[i].phase = phaseUnchanged
		}
		if !r.Judgeable() {
			continue
		}
		all = append(all, guard.Record{Name: r.Name, Type: r.Type, Value: r.Value, Enabled: r.Enabled})
		at = append(at, i)
		changed = changed || r.Changed
		unchanged = unchanged || !r.Changed
	}
	fill := func(phase guard.Phase, want string) {
		for k, jd := range j.g.JudgeAll(ctx, all, phase) {
			if i := at[k]; out[i].phase == want {
				out[i].fromJudgement(jd)
			}
		}
	}
	if changed {
		fill(guard.Plan, phasePlan)
	}
	if unchanged {
		fill(guard.Unchanged, phaseUnchanged)
	}
	return out
}

// fromJudgement copies what the guard found into d, as beian_record_guard shows it.
func (d *judged) fromJudgement(j guard.Judgement) {
	d.allowed = j.Allowed()
	location := mainland.Offshore
	if len(j.Ends) == 0 {
		location = mainland.Unknown // a disabled record, a type that serves no website
	}
	for _, e := range j.Ends {
		target := e.Host
		if e.Address.IsValid() {
			target = e.Address.String()
		}
		d.ends = append(d.ends, end{Target: target, Via: append([]string{}, e.Via...), Location: e.Location.String(), Evidence: e.Evidence, Host: e.Host})
		switch {
		case e.Location == mainland.Mainland:
			location = mainland.Mainland
		case e.Location == mainland.Unknown && location != mainland.Mainland:
			location = mainland.Unknown
		}
		if e.Registrable != "" {
			d.registrable = e.Registrable
			d.filingApproved = e.Filing.Approved()
		}
	}
	d.location = location.String()
	for _, f := range j.Findings {
		sev := severityWarning
		if f.Severity == guard.Error {
			sev = severityError
		}
		d.findings = append(d.findings, finding{Kind: string(f.Kind), Severity: sev, Blocks: f.Blocks, Summary: f.Summary, Detail: f.Detail})
	}
}

// kindCannotJudge is the guard's kind of a finding that the guard could not judge a
// record (fail closed); beian-guard uses it too for a record whose zone the plan lacks.
const kindCannotJudge = string(guard.KindCannotJudge)
