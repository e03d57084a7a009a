package aliyun

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"

	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
)

// Class is what a caller needs to know about an error to decide what to do.
type Class int

const (
	// ClassOther is any error that is not one of the classes below: bad input, quota, …
	ClassOther Class = iota
	// ClassNotFound: the object does not exist (or does not belong to this account).
	ClassNotFound
	// ClassConflict: the object already exists or conflicts with another one.
	ClassConflict
	// ClassThrottled: the service asked us to slow down. Retried.
	ClassThrottled
	// ClassAuth: the credentials were rejected or lack permission.
	ClassAuth
	// ClassUnavailable: a server-side or transport failure (5xx, InternalError,
	// ServiceUnavailable, LastOperationNotFinished, connection errors). Retried.
	ClassUnavailable
)

func (c Class) String() string {
	switch c {
	case ClassNotFound:
		return "not_found"
	case ClassConflict:
		return "conflict"
	case ClassThrottled:
		return "throttled"
	case ClassAuth:
		return "auth"
	case ClassUnavailable:
		return "unavailable"
	default:
		return "other"
	}
}

// Retryable reports whether a call failing with this class may be tried again.
func (c Class) Retryable() bool { return c == ClassThrottled || c == ClassUnavailable }

// Error is every failed call's error. Its message carries the product, action, code,
// message and request ID — never a parameter value or a credential.
type Error struct {
	Product    Product
	Action     string
	Code       string
	Message    string
	RequestID  string
	HTTPStatus int
	Class      Class
	Attempts   int
	Endpoint   string
	Err        error // the underlying error for transport failures; nil for service errors
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s.%s", e.Product, e.Action)
	if e.Code != "" {
		fmt.Fprintf(&b, ": %s", e.Code)
	}
	if e.Message != "" {
		fmt.Fprintf(&b, ": %s", e.Message)
	} else if e.Err != nil {
		fmt.Fprintf(&b, ": %v", e.Err)
	}
	var extra []string
	if e.HTTPStatus != 0 {
		extra = append(extra, fmt.Sprintf("HTTP %d", e.HTTPStatus))
	}
	if e.RequestID != "" {
		extra = append(extra, "request id "+e.RequestID)
	}
	if e.Attempts > 1 {
		extra = append(extra, fmt.Sprintf("after %d attempts", e.Attempts))
	}
	if len(extra) > 0 {
		fmt.Fprintf(&b, " (%s)", strings.Join(extra, ", "))
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// ClassOf returns the class of err; ClassOther for nil or unknown errors.
func ClassOf(err error) Class {
	var e *Error
	if errors.As(err, &e) {
		return e.Class
	}
	return ClassOther
}

// CodeOf returns the service error code of err, or "".
func CodeOf(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

// IsNotFound, IsConflict, IsThrottled and IsAuth test an error's class.
func IsNotFound(err error) bool  { return ClassOf(err) == ClassNotFound }
func IsConflict(err error) bool  { return ClassOf(err) == ClassConflict }
func IsThrottled(err error) bool { return ClassOf(err) == ClassThrottled }
func IsAuth(err error) bool      { return ClassOf(err) == ClassAuth }

// classifyCode maps a service error code and HTTP status to a class. The codes are the
// ones Alibaba Cloud documents for the APIs this provider uses; unknown codes fall back
// on the HTTP status.
func classifyCode(code string, status int) Class {
	c := strings.ToLower(code)
	switch {
	case strings.HasPrefix(c, "throttling") || c == "throttling" || strings.Contains(c, "flowcontrol") || c == "qps.overlimit":
		return ClassThrottled
	case c == "serviceunavailable" || strings.HasPrefix(c, "serviceunavailable") || c == "internalerror" || strings.HasPrefix(c, "internalerror") ||
		c == "internal_error" || c == "lastoperationnotfinished" || strings.HasPrefix(c, "lastoperationnotfinished") || c == "unknownerror":
		return ClassUnavailable
	case strings.HasPrefix(c, "invalidaccesskeyid") || c == "signaturedoesnotmatch" || strings.HasPrefix(c, "invalidsecuritytoken") ||
		strings.HasPrefix(c, "forbidden") || strings.HasPrefix(c, "nopermission") || c == "incompletesignature" ||
		strings.HasPrefix(c, "invalidtimestamp") || c == "signaturenonceused" || c == "accessdenied" || strings.HasPrefix(c, "unauthorized"):
		return ClassAuth
	case strings.Contains(c, "duplicate") || strings.Contains(c, "alreadyexist") || strings.HasSuffix(c, "conflict") || strings.Contains(c, ".conflict"):
		return ClassConflict
	case strings.HasSuffix(c, ".notfound") || strings.HasSuffix(c, ".noexist") || strings.HasSuffix(c, "notexist") ||
		strings.Contains(c, "notbelongtouser") || strings.HasSuffix(c, "notfound"):
		if c == "invalidaction.notfound" {
			return ClassOther
		}
		return ClassNotFound
	}
	switch {
	case status >= 500:
		return ClassUnavailable
	case status == 429:
		return ClassThrottled
	case status == 401 || status == 403:
		return ClassAuth
	}
	// A 404 without a service error code is not evidence that the object is gone: a
	// wrong endpoint or a proxy answers it too, and NotFound drops records from state.
	return ClassOther
}

// classify turns whatever DoAction returned into an *Error.
func classify(product Product, action string, err error) *Error {
	e := &Error{Product: product, Action: action}
	var se *sdkerrors.ServerError
	var ce *sdkerrors.ClientError
	switch {
	case errors.As(err, &se):
		e.Code = se.ErrorCode()
		e.Message = se.Message()
		// SignatureDoesNotMatch echoes the server's string to sign, which holds every
		// parameter (the SecurityToken among them): keep only the sentence before it.
		if i := strings.Index(e.Message, "server string to sign is:"); i >= 0 {
			e.Message = strings.TrimSpace(e.Message[:i])
		}
		e.RequestID = se.RequestId()
		e.HTTPStatus = se.HttpStatus()
		e.Class = classifyCode(e.Code, e.HTTPStatus)
	case errors.As(err, &ce):
		e.Code = ce.ErrorCode()
		switch ce.ErrorCode() {
		case sdkerrors.TimeoutErrorCode, "SDK.ServerUnreachable":
			e.Class = ClassUnavailable
			e.Err = withoutURL(ce.OriginError())
			if e.Err == nil {
				e.Err = errors.New(ce.Message())
			}
		default:
			e.Class = ClassOther
			e.Message = ce.Message()
		}
	case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
		e.Class = ClassOther
		e.Err = err
	case isTLSError(err):
		// A certificate problem does not go away by retrying.
		e.Class = ClassOther
		e.Err = withoutURL(err)
	case strings.Contains(err.Error(), "server gave HTTP response to HTTPS client"):
		e.Class = ClassOther
		e.Err = withoutURL(err)
		e.Message = "the endpoint answered plain HTTP to an HTTPS request; if it really is a plain-HTTP endpoint (a local emulator), write its URL with http://"
	default:
		// Connection refused, reset, read timeout…: the request may or may not have reached
		// the service. Retried; creates are written to adopt what they find.
		e.Class = ClassUnavailable
		e.Err = withoutURL(err)
	}
	return e
}

func isTLSError(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "x509:") || strings.Contains(msg, "tls:")
}

// withoutURL drops the request URL from a transport error: the SDK puts every parameter,
// the signature and the security token in the query string.
func withoutURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return fmt.Errorf("%s: %w", ue.Op, ue.Err)
	}
	return err
}
