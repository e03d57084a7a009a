package aliyun

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"testing"

	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
)

func TestClassifyCode(t *testing.T) {
	tests := []struct {
		code   string
		status int
		want   Class
	}{
		// Throttling: retried.
		{"Throttling.User", 400, ClassThrottled},
		{"Throttling", 400, ClassThrottled},
		{"Throttling.Api", 400, ClassThrottled},
		{"Throttling.User", 200, ClassThrottled},
		{"QPS.Overlimit", 400, ClassThrottled},
		{"", 429, ClassThrottled},
		// Server-side trouble: retried.
		{"ServiceUnavailable", 503, ClassUnavailable},
		{"ServiceUnavailable", 400, ClassUnavailable},
		{"InternalError", 500, ClassUnavailable},
		{"InternalError", 400, ClassUnavailable},
		{"LastOperationNotFinished", 400, ClassUnavailable},
		{"UnknownError", 400, ClassUnavailable},
		{"SomethingNobodyDocumented", 503, ClassUnavailable},
		{"", 500, ClassUnavailable},
		// Credentials: never retried, and a missing access key is not a missing object.
		{"InvalidAccessKeyId.NotFound", 404, ClassAuth},
		{"InvalidAccessKeyId.Inactive", 400, ClassAuth},
		{"SignatureDoesNotMatch", 400, ClassAuth},
		{"IncompleteSignature", 400, ClassAuth},
		{"InvalidSecurityToken.Expired", 400, ClassAuth},
		{"Forbidden.RAM", 403, ClassAuth},
		{"Forbidden", 403, ClassAuth},
		{"NoPermission", 403, ClassAuth},
		{"InvalidTimeStamp.Expired", 400, ClassAuth},
		{"SignatureNonceUsed", 400, ClassAuth},
		{"", 401, ClassAuth},
		{"", 403, ClassAuth},
		// Conflicts.
		{"DomainRecordDuplicate", 400, ClassConflict},
		{"InvalidVSwitchId.AlreadyExists", 400, ClassConflict},
		{"Record.Conflict", 400, ClassConflict},
		// Not found.
		{"DomainRecordNotBelongToUser", 400, ClassNotFound},
		{"InvalidDomainName.NoExist", 400, ClassNotFound},
		{"InvalidInstanceId.NotFound", 404, ClassNotFound},
		{"InvalidRecordId.NotFound", 400, ClassNotFound},
		{"DomainNotExist", 400, ClassNotFound},
		{"", 404, ClassOther}, // a bare 404 (wrong endpoint, proxy) is not "the object is gone"
		// Other: bad input is the user's to fix; retrying does not help.
		{"InvalidAction.NotFound", 404, ClassOther},
		{"InvalidAction.NotFound", 400, ClassOther},
		{"InvalidParameter", 400, ClassOther},
		{"MissingParameter", 400, ClassOther},
		{"QuotaExceeded", 400, ClassOther},
		{"", 400, ClassOther},
		{"", 0, ClassOther},
	}
	for _, tt := range tests {
		if got := classifyCode(tt.code, tt.status); got != tt.want {
			t.Errorf("classifyCode(%q, %d) = %s, want %s", tt.code, tt.status, got, tt.want)
		}
	}
}

func TestClassStringAndRetryable(t *testing.T) {
	tests := []struct {
		c         Class
		name      string
		retryable bool
	}{
		{ClassOther, "other", false},
		{ClassNotFound, "not_found", false},
		{ClassConflict, "conflict", false},
		{ClassThrottled, "throttled", true},
		{ClassAuth, "auth", false},
		{ClassUnavailable, "unavailable", true},
	}
	for _, tt := range tests {
		if got := tt.c.String(); got != tt.name {
			t.Errorf("Class(%d).String() = %q, want %q", int(tt.c), got, tt.name)
		}
		if got := tt.c.Retryable(); got != tt.retryable {
			t.Errorf("%s.Retryable() = %v, want %v", tt.name, got, tt.retryable)
		}
	}
}

func TestErrorMessage(t *testing.T) {
	e := &Error{
		Product: ProductAlidns, Action: "AddDomainRecord", Code: "DomainRecordDuplicate",
		Message: "The DNS record already exists.", RequestID: "6E7B3D0C-1111-2222-3333-444455556666",
		HTTPStatus: 400, Class: ClassConflict, Attempts: 1, Endpoint: "https://alidns.aliyuncs.com",
	}
	msg := e.Error()
	for _, want := range []string{"alidns.AddDomainRecord", "DomainRecordDuplicate", "The DNS record already exists.", "request id 6E7B3D0C-1111-2222-3333-444455556666", "HTTP 400"} {
		if !strings.Contains(msg, want) {
			t.Errorf("Error() = %q, want it to contain %q", msg, want)
		}
	}
	if strings.Contains(msg, "attempts") {
		t.Errorf("Error() = %q mentions attempts after a single attempt", msg)
	}

	e.Attempts = 4
	if msg := e.Error(); !strings.Contains(msg, "after 4 attempts") {
		t.Errorf("Error() = %q, want it to say how many attempts were made", msg)
	}

	// Transport failures: the underlying error is shown and unwrapped.
	cause := errors.New("connection reset by peer")
	e = &Error{Product: ProductECS, Action: "DescribeRegions", Class: ClassUnavailable, Err: cause, Attempts: 3}
	msg = e.Error()
	if !strings.Contains(msg, "ecs.DescribeRegions") || !strings.Contains(msg, "connection reset by peer") || !strings.Contains(msg, "after 3 attempts") {
		t.Errorf("Error() = %q, want product.action, the cause and the attempts", msg)
	}
	if !errors.Is(e, cause) {
		t.Error("errors.Is(e, cause) = false: Unwrap must expose the transport error")
	}
}

func TestClassifyServerError(t *testing.T) {
	body := `{"RequestId":"req-7","HostId":"alidns.aliyuncs.com","Code":"DomainRecordNotBelongToUser","Message":"The DNS record does not belong to you."}`
	sdkErr := sdkerrors.NewServerError(400, body, "")
	e := classify(ProductAlidns, "DescribeDomainRecordInfo", sdkErr)
	if e.Product != ProductAlidns || e.Action != "DescribeDomainRecordInfo" {
		t.Errorf("product/action = %s/%s", e.Product, e.Action)
	}
	if e.Code != "DomainRecordNotBelongToUser" || e.RequestID != "req-7" || e.HTTPStatus != 400 || e.Message != "The DNS record does not belong to you." {
		t.Errorf("classify = %+v; want the code, request id, status and message of the server error", e)
	}
	if e.Class != ClassNotFound {
		t.Errorf("Class = %s, want not_found", e.Class)
	}
	// Wrapped SDK errors are recognised too.
	e = classify(ProductECS, "DescribeRegions", fmt.Errorf("wrapped: %w", sdkerrors.NewServerError(503, `{"Code":"ServiceUnavailable","RequestId":"req-8"}`, "")))
	if e.Class != ClassUnavailable || e.RequestID != "req-8" {
		t.Errorf("classify(wrapped 503) = %+v, want unavailable with request id", e)
	}
	// A non-JSON error page falls back on the HTTP status.
	e = classify(ProductECS, "DescribeRegions", sdkerrors.NewServerError(502, "<html>Bad Gateway</html>", ""))
	if e.Class != ClassUnavailable || e.HTTPStatus != 502 {
		t.Errorf("classify(502 HTML) = %+v, want unavailable", e)
	}
}

func TestClassifyTransportAndClientErrors(t *testing.T) {
	refused := &url.Error{Op: "Post", URL: "https://ecs.cn-hangzhou.aliyuncs.com/", Err: &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connect: connection refused")}}
	tlsErr := &url.Error{Op: "Post", URL: "https://127.0.0.1:1/", Err: x509.UnknownAuthorityError{}}
	tests := []struct {
		name      string
		err       error
		wantClass Class
		wantCode  string
		wantUnwrp error
	}{
		{"connection refused", refused, ClassUnavailable, "", refused.Err},
		{"EOF", &url.Error{Op: "Post", URL: "http://x/", Err: errors.New("EOF")}, ClassUnavailable, "", nil},
		{"certificate error is not retried", tlsErr, ClassOther, "", tlsErr.Err},
		{"tls handshake error is not retried", errors.New("remote error: tls: handshake failure"), ClassOther, "", nil},
		{"context canceled", fmt.Errorf("x: %w", context.Canceled), ClassOther, "", context.Canceled},
		// Not the caller's context (Call checks that first): the HTTP client's own deadline.
		{"deadline exceeded is a timeout", context.DeadlineExceeded, ClassUnavailable, "", context.DeadlineExceeded},
		{"SDK timeout", sdkerrors.NewClientError(sdkerrors.TimeoutErrorCode, "timed out", errors.New("i/o timeout")), ClassUnavailable, sdkerrors.TimeoutErrorCode, nil},
		{"SDK timeout keeps no signed URL", sdkerrors.NewClientError(sdkerrors.TimeoutErrorCode, "timed out",
			&url.Error{Op: "Get", URL: "https://alidns.aliyuncs.com/?AccessKeyId=LTAI&SecurityToken=secret", Err: errors.New("i/o timeout")}), ClassUnavailable, sdkerrors.TimeoutErrorCode, nil},
		{"SDK server unreachable", sdkerrors.NewClientError("SDK.ServerUnreachable", "unreachable", nil), ClassUnavailable, "SDK.ServerUnreachable", nil},
		{"SDK JSON error", sdkerrors.NewClientError(sdkerrors.JsonUnmarshalErrorCode, sdkerrors.JsonUnmarshalErrorMessage, errors.New("bad json")), ClassOther, sdkerrors.JsonUnmarshalErrorCode, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := classify(ProductECS, "DescribeRegions", tt.err)
			if e.Class != tt.wantClass {
				t.Errorf("Class = %s, want %s (%v)", e.Class, tt.wantClass, e)
			}
			if e.Code != tt.wantCode {
				t.Errorf("Code = %q, want %q", e.Code, tt.wantCode)
			}
			if tt.wantUnwrp != nil && !errors.Is(e, tt.wantUnwrp) {
				t.Errorf("errors.Is(classified, %v) = false", tt.wantUnwrp)
			}
			if msg := e.Error(); strings.Contains(msg, "https://") || strings.Contains(msg, "http://x/") || strings.Contains(msg, "SecurityToken") {
				t.Errorf("Error() = %q repeats the request URL (the SDK puts every parameter in it)", msg)
			}
			if msg := e.Error(); !strings.HasPrefix(msg, "ecs.DescribeRegions") || msg == "ecs.DescribeRegions" {
				t.Errorf("Error() = %q, want product.action followed by what went wrong", msg)
			}
		})
	}
}

func TestClassOfAndPredicates(t *testing.T) {
	mk := func(c Class, code string) error {
		return fmt.Errorf("reading record: %w", &Error{Product: ProductAlidns, Action: "X", Code: code, Class: c})
	}
	if ClassOf(nil) != ClassOther || CodeOf(nil) != "" {
		t.Error("ClassOf/CodeOf(nil) should be other/\"\"")
	}
	if ClassOf(errors.New("x")) != ClassOther {
		t.Error("ClassOf(plain error) should be other")
	}
	if !IsNotFound(mk(ClassNotFound, "InvalidDomainName.NoExist")) || IsNotFound(mk(ClassAuth, "InvalidAccessKeyId.NotFound")) {
		t.Error("IsNotFound wrong")
	}
	if !IsConflict(mk(ClassConflict, "DomainRecordDuplicate")) || IsConflict(mk(ClassOther, "")) {
		t.Error("IsConflict wrong")
	}
	if ClassOf(mk(ClassThrottled, "Throttling.User")) != ClassThrottled || ClassOf(mk(ClassUnavailable, "")) == ClassThrottled {
		t.Error("ClassOf does not tell throttling from unavailability")
	}
	if !IsAuth(mk(ClassAuth, "Forbidden.RAM")) || IsAuth(mk(ClassNotFound, "")) {
		t.Error("IsAuth wrong")
	}
	if got := CodeOf(mk(ClassConflict, "DomainRecordDuplicate")); got != "DomainRecordDuplicate" {
		t.Errorf("CodeOf(wrapped) = %q", got)
	}
}

// A zone hosted by another Alibaba Cloud account answers IncorrectDomainUser: not "not
// found" (a record must not be forgotten and planned again into the same answer), not a
// credentials failure, and explained with what to do, from the writes and the reads alike.
func TestZoneOfAnotherAccount(t *testing.T) {
	c, srv := emulatorClient(t)
	if err := srv.Control.AddOtherAccountZone("friend.example.com"); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	_, addErr := c.AddDomainRecord(ctx, DNSRecordInput{Domain: "friend.example.com", RR: "www", Type: "A", Value: "203.0.113.1", TTL: 600})
	_, readErr := c.ZoneRecords(ctx, "friend.example.com")
	_, infoErr := c.ZoneInfo(ctx, "friend.example.com")
	for name, err := range map[string]error{"AddDomainRecord": addErr, "ZoneRecords": readErr, "ZoneInfo": infoErr} {
		if !IsZoneOfAnotherAccount(err) || CodeOf(err) != "IncorrectDomainUser" {
			t.Errorf("%s: %v, want IncorrectDomainUser", name, err)
			continue
		}
		if ClassOf(err) != ClassOther || IsNotFound(err) || CredentialsRejected(err) {
			t.Errorf("%s: class %s (credentials rejected: %v), want other", name, ClassOf(err), CredentialsRejected(err))
		}
		msg := Explain(err)
		for _, want := range []string{"IncorrectDomainUser", "belongs to another Alibaba Cloud account", "transfer the domain name to the current account", "credentials of the account that hosts the zone"} {
			if !strings.Contains(msg, want) {
				t.Errorf("%s: Explain = %q, want it to say %q", name, msg, want)
			}
		}
	}
	if IsZoneOfAnotherAccount(nil) || IsZoneOfAnotherAccount(errors.New("IncorrectDomainUser")) {
		t.Error("IsZoneOfAnotherAccount is true for an error that is not a service answer")
	}
}
