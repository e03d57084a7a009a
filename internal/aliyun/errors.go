package aliyun

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"regexp"
	"runtime"
	"strings"
	"syscall"

	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"

	"github.com/beian-dev/terraform-provider-beian/internal/apicatalog"
)

// Class is what a caller needs to know about an error to decide what to do. The classes,
// and the class of every error code an action is declared to answer, are the action
// table's (internal/apicatalog).
type Class = apicatalog.Class

// The classes; see apicatalog.Class.
const (
	ClassOther       = apicatalog.ClassOther
	ClassNotFound    = apicatalog.ClassNotFound
	ClassConflict    = apicatalog.ClassConflict
	ClassThrottled   = apicatalog.ClassThrottled
	ClassAuth        = apicatalog.ClassAuth
	ClassUnavailable = apicatalog.ClassUnavailable
)

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
	// Timeout is set when the attempt ran out of time (client_connect_timeout or
	// client_read_timeout) rather than being refused or answered.
	Timeout bool
	// unreached is set when the request cannot have left: the endpoint refused the
	// connection (nothing listens there), no route leads to it, or its name does not
	// exist (unreachable).
	unreached bool
	// Err is the cause of a transport failure, as text without the request URL; nil for
	// service errors.
	Err error
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s.%s", e.Product, e.Action)
	if e.Code != "" {
		fmt.Fprintf(&b, ": %s", e.Code)
	}
	if e.Message != "" {
		fmt.Fprintf(&b, ": %s", redactURLs(e.Message))
	} else if e.Err != nil {
		fmt.Fprintf(&b, ": %s", redactURLs(e.Err.Error()))
	}
	var extra []string
	if e.HTTPStatus != 0 {
		extra = append(extra, fmt.Sprintf("HTTP %d", e.HTTPStatus))
	}
	if e.Err != nil && e.Endpoint != "" {
		extra = append(extra, "endpoint "+redactURLs(e.Endpoint))
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

// codeOrText is the service's error code of err (CodeOf), or its text when it has none.
func codeOrText(err error) string {
	if c := CodeOf(err); c != "" {
		return c
	}
	return err.Error()
}

// IsNotFound reports whether err is of ClassNotFound.
func IsNotFound(err error) bool { return ClassOf(err) == ClassNotFound }

// IsConflict reports whether err is of ClassConflict.
func IsConflict(err error) bool { return ClassOf(err) == ClassConflict }

// IsAuth reports whether err is of ClassAuth.
func IsAuth(err error) bool { return ClassOf(err) == ClassAuth }

// codeClass is the class of a service error code answered by product's action: the class
// the action table (internal/apicatalog) declares for it, else classifyCode's guess.
func codeClass(product Product, action, code string, status int) Class {
	if act, ok := apicatalog.ForEndpoint(string(product), action); ok {
		if c, ok := act.Code(code); ok {
			return c.Class
		}
	} else if c, ok := apicatalog.CommonCode(code); ok {
		return c.Class
	}
	return classifyCode(code, status)
}

// classifyCode guesses the class of a code the action table does not declare for the
// action — the cloud answers more codes than any reference lists — from Alibaba Cloud's
// naming conventions, then from the HTTP status.
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

// classify turns whatever DoAction returned into an *Error. Transport errors never keep
// the request URL: RPC requests carry every parameter, the signature and the STS token
// in the query string, and net/http quotes the URL in every error it returns (refused,
// reset, timed out, TLS, proxy).
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
		e.Class = codeClass(product, action, e.Code, e.HTTPStatus)
	case errors.As(err, &ce):
		e.Code = ce.ErrorCode()
		switch ce.ErrorCode() {
		case sdkerrors.TimeoutErrorCode, "SDK.ServerUnreachable":
			e.Class = ClassUnavailable
			e.Timeout = ce.ErrorCode() == sdkerrors.TimeoutErrorCode || isTimeout(ce.OriginError())
			e.unreached = !e.Timeout && unreachable(ce.OriginError()) != ""
			e.Err = sanitize(ce.OriginError())
			if e.Err == nil {
				e.Err = errors.New(ce.Message())
			}
		default:
			e.Class = ClassOther
			e.Message = ce.Message()
			e.Err = sanitize(ce.OriginError())
		}
	case isTimeout(err):
		// The per-attempt timeout of the HTTP client (client_read_timeout), or the dialer's
		// (client_connect_timeout): the service may not have seen the request, or may be
		// slow. An action safe to resend (its row in internal/apicatalog) is tried once
		// more; see callLoop.again.
		e.Class = ClassUnavailable
		e.Timeout = true
		e.Err = sanitize(err)
	case errors.Is(err, context.Canceled):
		e.Class = ClassOther
		e.Err = sanitize(err)
	case isTLSError(err):
		// A certificate problem does not go away by retrying.
		e.Class = ClassOther
		e.Err = sanitize(err)
	case strings.Contains(err.Error(), "server gave HTTP response to HTTPS client"):
		e.Class = ClassOther
		e.Err = sanitize(err)
		e.Message = "the endpoint answered plain HTTP to an HTTPS request; if it really is a plain-HTTP endpoint (a local emulator), write its URL with http://"
	default:
		// Connection refused, reset, proxy failures…: the request may or may not have
		// reached the service (a refused connection: it did not). Retried; creates are
		// written to adopt what they find.
		e.Class = ClassUnavailable
		e.Err = sanitize(err)
		e.unreached = unreachable(err) != ""
	}
	return e
}

// unreachable says why a request cannot have reached the endpoint, "" when it may have:
// the endpoint (or the proxy) refused the TCP connection (ECONNREFUSED; WSAECONNREFUSED,
// 10061, on Windows); no route leads to it (ENETUNREACH, EHOSTUNREACH; 10051 and 10065 on
// Windows) — a machine without a network —; or its name does not exist (the resolver's
// definite "no such host", not a failure to ask it), or the resolver itself cannot be
// reached for lack of a route (Go's resolver reports that only as text). Each is an answer
// that waiting does not change within a plan: callLoop tries once more, not max_retries.
func unreachable(err error) string {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		switch {
		case errno == syscall.ECONNREFUSED || (runtime.GOOS == "windows" && errno == 10061):
			return "connection refused"
		case errno == syscall.ENETUNREACH || errno == syscall.EHOSTUNREACH ||
			(runtime.GOOS == "windows" && (errno == 10051 || errno == 10065)):
			return "no route to the endpoint"
		}
		return ""
	}
	var dns *net.DNSError
	if errors.As(err, &dns) {
		switch {
		case dns.IsNotFound:
			return "no such host"
		case strings.HasSuffix(dns.Err, "network is unreachable") || strings.HasSuffix(dns.Err, "no route to host"):
			return "no route to the resolver"
		}
	}
	return ""
}

func isTLSError(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "x509:") || strings.Contains(msg, "tls:")
}

// isTimeout reports whether err is a transport timeout (dial, TLS handshake, response
// headers or body), as opposed to a cancellation of the caller's context, which Call
// handles before classify.
func isTimeout(err error) bool {
	if err == nil {
		return false
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return true
	}
	return errors.Is(err, context.DeadlineExceeded) || errors.Is(err, os.ErrDeadlineExceeded)
}

// sanitize returns err without any URL in its text: the outermost *url.Error gives way
// to its operation ("Post") and cause, and any URL left in the text (a proxy's error, a
// wrapped error that quotes the request) loses its query string and user info. The
// cause stays reachable with errors.Is / errors.As; the *url.Error does not.
func sanitize(err error) error {
	if err == nil {
		return nil
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return &redactedError{msg: redactURLs(ue.Op + ": " + ue.Err.Error()), cause: ue.Err}
	}
	return &redactedError{msg: redactURLs(err.Error()), cause: err}
}

type redactedError struct {
	msg   string
	cause error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.cause }

// urlInText matches a URL in free text: scheme, then everything up to the first white
// space or quote.
var urlInText = regexp.MustCompile(`(?i)\b[a-z][a-z0-9+.-]*://[^\s"'<>]*`)

// redactURLs rewrites every URL in s to scheme://host/path, without user info, query or
// fragment: what remains says where a call went, never what it carried. It works on
// the text alone, so a URL that does not parse (a trailing colon, a bad escape) is
// redacted all the same.
func redactURLs(s string) string {
	return urlInText.ReplaceAllStringFunc(s, func(m string) string {
		i := strings.Index(m, "://") + 3
		scheme, rest := m[:i], m[i:]
		hostEnd := strings.IndexAny(rest, "/?#")
		if hostEnd < 0 {
			hostEnd = len(rest)
		}
		if at := strings.LastIndex(rest[:hostEnd], "@"); at >= 0 {
			rest = rest[at+1:]
		}
		cut := strings.IndexAny(rest, "?#")
		if cut < 0 {
			return scheme + rest
		}
		out := scheme + rest[:cut]
		if rest[cut] == '?' {
			out += "?[redacted]"
		}
		return out
	})
}

// credentialsRejected reports whether a service error code says the credentials
// themselves are no good (unknown or disabled AccessKey, wrong secret, bad or expired STS
// token) — unlike Forbidden/NoPermission, which depend on the action and region and say
// nothing about the next call. The common codes of the action table say which codes do
// (apicatalog.Code.Credentials); a variant the table does not list is recognised by its
// prefix (InvalidAccessKeyId.*, InvalidSecurityToken.*).
func credentialsRejected(code string) bool {
	if c, ok := apicatalog.CommonCode(code); ok {
		return c.Credentials
	}
	c := strings.ToLower(code)
	return strings.HasPrefix(c, "invalidaccesskeyid") || strings.HasPrefix(c, "invalidsecuritytoken")
}

// rejectsEveryCall reports whether a rejection of the credentials says every later call
// to the same host would be rejected too: an unknown or disabled access key, a bad or
// expired STS token. A code that may be caused by the one request it answers
// (apicatalog.Code.OneRequest: SignatureDoesNotMatch, IncompleteSignature) is left out: a
// wrong secret answers it, but so can one request whose parameters were encoded
// differently from the server's canonical form, and remembering that one would refuse
// every later call of the run, writes included. With a wrong secret every call is
// refused on its own, at the cost of one request each.
func rejectsEveryCall(code string) bool {
	if c, ok := apicatalog.CommonCode(code); ok {
		return c.Credentials && !c.OneRequest
	}
	return credentialsRejected(code)
}

// CredentialsRejected reports whether err says the credentials themselves were rejected
// (see credentialsRejected), as opposed to a permission missing for one action or region.
func CredentialsRejected(err error) bool {
	var e *Error
	if !errors.As(err, &e) {
		return false
	}
	return credentialsRejected(e.Code) || IsCredentialError(err)
}

// CloudDown reports whether err means the cloud could not be asked at all — credentials
// missing or rejected, the endpoint unreachable or timing out, throttling that outlasted
// the retries — as opposed to an answer about the object (not found, invalid, no
// permission for one action). A plan-time check that needs the answer fails on it instead
// of passing with a warning: a plan gate in CI must not go green when the cloud was never
// asked.
func CloudDown(err error) bool {
	if err == nil {
		return false
	}
	if IsCredentialError(err) || CredentialsRejected(err) {
		return true
	}
	switch ClassOf(err) {
	case ClassUnavailable, ClassThrottled:
		return true
	}
	return false
}

// IsZoneOfAnotherAccount reports whether err says the DNS zone is hosted in Alibaba Cloud
// DNS by another Alibaba Cloud account (Alidns IncorrectDomainUser).
func IsZoneOfAnotherAccount(err error) bool {
	return strings.EqualFold(CodeOf(err), apicatalog.CodeZoneOfAnotherAccount)
}

// IsZoneNotFound reports whether err says the DNS zone is not in the account's Alibaba
// Cloud DNS (InvalidDomainName.NoExist).
func IsZoneNotFound(err error) bool { return CodeOf(err) == apicatalog.CodeZoneNotFound }

// IsRecordDuplicate reports whether err says a record with the same host, type, line and
// value exists (DomainRecordDuplicate): the answer of an UpdateDomainRecord that changes
// nothing, and of an AddDomainRecord of a record that exists.
func IsRecordDuplicate(err error) bool { return CodeOf(err) == apicatalog.CodeRecordDuplicate }

// IsRecordConflict reports whether err says another record of the host conflicts with
// this one (DomainRecordConflict: a CNAME beside other records).
func IsRecordConflict(err error) bool { return CodeOf(err) == apicatalog.CodeRecordConflict }

// IsTTLBelowEdition reports whether err says the TTL is below what the zone's DNS
// edition allows (QuotaExceeded.TTL).
func IsTTLBelowEdition(err error) bool { return CodeOf(err) == apicatalog.CodeRecordTTL }

// IsRegistrantProfileMissing reports whether err says the registrant profile is not one
// of the account's (RegistrantProfileNotExist).
func IsRegistrantProfileMissing(err error) bool {
	return CodeOf(err) == apicatalog.CodeRegistrantProfileNotExist
}

// IsRegistrantProfileUnverified reports whether err says the registrant profile has not
// passed real-name verification (RegistrantProfileNotVerified).
func IsRegistrantProfileUnverified(err error) bool {
	return CodeOf(err) == apicatalog.CodeRegistrantProfileNotVerified
}

// Explain is err as a user reads it: what failed and, for the common classes, what to do
// next. Diagnostics of the provider and findings of the ICP guard use it, so the same
// failure reads the same everywhere.
func Explain(err error) string {
	msg := err.Error()
	if IsCredentialError(err) {
		return "Alibaba Cloud credentials (阿里云凭证) are missing or conflicting, and this object needs the cloud: " + msg +
			"\n\n(Provider functions and beian_site_compliance need no credentials: they work without any.)"
	}
	if CredentialsRejected(err) {
		return msg + "\n\nAlibaba Cloud rejected the credentials themselves: the AccessKey does not exist or is disabled, the secret is wrong, " +
			"or the STS token is malformed or expired. Check the AccessKey (provider block, environment or profile)."
	}
	if IsZoneOfAnotherAccount(err) {
		// The answer's own message says what to do: "Transfer the domain name to the
		// current user and then try the binding and setting actions."
		return msg + "\n\nThe DNS zone belongs to another Alibaba Cloud account: it is hosted in Alibaba Cloud DNS (云解析 DNS) by an account " +
			"other than the one whose credentials this provider uses, and this account can neither read nor change its records. " +
			"As Alibaba Cloud's answer says, transfer the domain name to the current account, then apply again; or configure the " +
			"provider with credentials of the account that hosts the zone (its AccessKey, or assume_role into a role of it). " +
			"If this account hosts only a sub-zone (sub.example.com), name that zone as the domain."
	}
	switch ClassOf(err) {
	case ClassAuth:
		return msg + "\n\nAlibaba Cloud rejected the credentials or they lack permission. Check the AccessKey (provider block, environment or profile), " +
			"that it is enabled, and that its RAM policy allows this action."
	case ClassThrottled:
		return msg + "\n\nAlibaba Cloud kept throttling the requests. Lower requests_per_second or raise max_retries in the provider block."
	case ClassUnavailable:
		return msg + "\n\nThe service was unavailable or the connection failed, also after retries. Check the endpoint and network, then run again."
	}
	return msg
}
