package aliyun

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/responses"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/beian-dev/terraform-provider-beian/internal/apicatalog"
	"github.com/beian-dev/terraform-provider-beian/internal/retry"
)

// call sends req, signed by pool, with the retry policy of Call. A failure an earlier call
// of the run had, and this one would repeat (failures.go), fails it without sending.
func (c *Client) call(ctx context.Context, pool *sdkPool, product Product, region string, req requests.AcsRequest, resp responses.AcsResponse) error {
	act, ep, err := c.address(product, region, req)
	if err != nil {
		return err
	}
	if p, why, ok := c.failures.recall(ep.Host, act.Name); ok {
		return &Error{Product: product, Action: act.Name, Class: p.Class, Code: p.Code, Endpoint: ep.URL(), Timeout: p.Timeout,
			Message: "not sent: " + why + " — " + p.Error(), Err: p}
	}
	l := &callLoop{c: c, pool: pool, product: product, act: act, ep: ep, req: req, resp: resp}
	err = retry.Do(ctx, l.policy(), l.try)
	var stopped *retry.StoppedError
	if errors.As(err, &stopped) {
		return c.ctxErr(product, act.Name, stopped.Attempts, stopped.Waiting, l.last)
	}
	return err
}

// address finds the action's row in the action table and its endpoint, and addresses req
// to it. An action without a row is not sent: the table is where every action the
// provider calls is declared.
func (c *Client) address(product Product, region string, req requests.AcsRequest) (apicatalog.Action, Endpoint, error) {
	name := req.GetActionName()
	act, ok := apicatalog.ForEndpoint(string(product), name)
	if !ok {
		return act, Endpoint{}, &Error{Product: product, Action: name, Class: ClassOther,
			Message: fmt.Sprintf("not sent: %s.%s has no row in the action table (internal/apicatalog), where every action the provider calls is declared", product, name)}
	}
	if v := req.GetVersion(); v != "" && v != act.Version {
		return act, Endpoint{}, &Error{Product: product, Action: name, Class: ClassOther,
			Message: fmt.Sprintf("not sent: the request is of API version %s, but the action table has %s at %s", v, act.Key(), act.Version)}
	}
	ep, err := c.Endpoint(product, region)
	if err != nil {
		return act, ep, &Error{Product: product, Action: name, Class: ClassOther, Err: err, Message: err.Error()}
	}
	if region == "" {
		region = c.cfg.Region
	}
	req.SetDomain(ep.Host)
	req.SetScheme(ep.Scheme)
	if _, ok := req.GetQueryParams()["RegionId"]; !ok {
		req.GetQueryParams()["RegionId"] = region
	}
	return act, ep, nil
}

// callLoop is one call's attempts: what the retry decision and the log need across them.
type callLoop struct {
	c       *Client
	pool    *sdkPool
	product Product
	act     apicatalog.Action
	ep      Endpoint
	req     requests.AcsRequest
	resp    responses.AcsResponse

	last      *Error         // the last attempt's failure
	fields    map[string]any // the last attempt's log fields, for the line of its retry
	timeouts  int            // attempts that ran out of time
	unreached int            // attempts that could not reach the endpoint (unreachable)
}

// policy is the retry loop's: the backoff of the client, and a log line for each retry.
// The attempt itself decides when to stop (again), so that the last failure is logged and
// remembered like every other final one: the policy sets no MaxAttempts of its own.
func (l *callLoop) policy() retry.Policy {
	return retry.Policy{Backoff: l.c.backoffPolicy(), Sleep: l.c.cfg.Sleep,
		Waiting: func(ctx context.Context, _ int, _ error, d time.Duration) {
			l.fields["retry_in_ms"] = d.Milliseconds()
			tflog.Debug(ctx, "Alibaba Cloud API call failed, retrying", l.fields)
		}}
}

// try is one turn of the retry loop: wait for the rate limit, send, decide.
func (l *callLoop) try(ctx context.Context, n int) (again bool, err error) {
	if err := ctx.Err(); err != nil {
		return false, l.c.ctxErr(l.product, l.act.Name, n-1, err, l.last)
	}
	if l.c.limiter != nil {
		if err := l.c.limiter.Wait(ctx); err != nil {
			return false, l.c.ctxErr(l.product, l.act.Name, n-1, ctxOr(ctx, err), l.last)
		}
	}
	e, fields := l.attempt(ctx, n)
	if e == nil {
		tflog.Debug(ctx, "Alibaba Cloud API call succeeded", fields)
		return false, nil
	}
	if ctxE := ctx.Err(); ctxE != nil {
		return false, l.c.ctxErr(l.product, l.act.Name, n, ctxE, l.last)
	}
	l.last, l.fields = e, fields
	if e.Timeout {
		l.timeouts++
	}
	if e.unreached {
		l.unreached++
	}
	if l.again(e, n) {
		return true, e
	}
	tflog.Debug(ctx, "Alibaba Cloud API call failed", fields)
	l.c.failures.remember(l.ep.Host, l.act.Name, e, l.kind(e))
	return false, e
}

// attempt sends the request once. It returns the failure (nil when it was answered) and
// the attempt's log fields: product, action, attempt, latency, endpoint, request id and,
// for a failure, its code, class, HTTP status, and whether it timed out or could not reach the endpoint.
func (l *callLoop) attempt(ctx context.Context, n int) (*Error, map[string]any) {
	start := time.Now()
	err := l.c.do(ctx, l.pool, l.req, l.resp)
	fields := map[string]any{
		"product": string(l.product), "action": l.act.Name, "attempt": n,
		"latency_ms": time.Since(start).Milliseconds(), "endpoint": l.ep.URL(),
	}
	if err == nil {
		fields["request_id"] = requestID(l.resp)
		return nil, fields
	}
	e := classify(l.product, l.act.Name, err)
	e.Message = l.c.scrub(e.Message, l.pool)
	if e.Timeout && e.Message == "" {
		// Say which limit ran out: the transport's own words ("context deadline
		// exceeded", "i/o timeout") depend on which deadline fired first.
		e.Message = fmt.Sprintf("timed out: no answer within client_read_timeout (%s), or no connection within client_connect_timeout (%s); %v",
			l.c.cfg.ReadTimeout, l.c.cfg.ConnectTimeout, e.Err)
	}
	e.Attempts, e.Endpoint = n, l.ep.URL()
	fields["request_id"], fields["error_code"], fields["error_class"], fields["http_status"] = e.RequestID, e.Code, e.Class.String(), e.HTTPStatus
	if e.Timeout {
		fields["timeout"] = true
	}
	if e.unreached {
		fields["unreached"] = true
	}
	return e, fields
}

// again decides whether failed attempt n is sent again: a retryable class, within
// max_retries; but an attempt that timed out once only, and only when the action's row
// says it is safe to resend (it may have been carried out); and an endpoint that cannot be
// reached (refused, no route, no such host: unreachable) once only, after the first, short
// backoff step — nothing was sent: the refusal is an answer, not a reason to back off for a
// minute.
func (l *callLoop) again(e *Error, n int) bool {
	switch {
	case !e.Class.Retryable() || n > l.c.cfg.MaxRetries:
		return false
	case e.Timeout:
		return l.timeouts <= 1 && l.act.Resend
	case e.unreached:
		return l.unreached <= 1
	}
	return true
}

// kind says which final failures later calls of the run would repeat.
func (l *callLoop) kind(e *Error) failureKind {
	switch {
	case l.pool.role && expiredToken(e.Code):
		// The role session ran out, not the credentials: Call assumes the role again.
		// Every other call would repeat it only with this session.
		return failureOnce
	case rejectsEveryCall(e.Code):
		return failureEveryCall
	case e.Timeout && l.timeouts > 1:
		return failureTimedOutTwice
	}
	return failureOnce
}
