package emulator

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// STS 2015-04-01 AssumeRole: the provider's assume_role block. Any role ARN of the right
// shape can be assumed by a configured access key or by temporary credentials (role
// chaining): Alibaba's AssumeRole reference says the requester "can only be a RAM user or
// RAM role" (https://www.alibabacloud.com/help/en/ram/api-assumerole), and the Alibaba
// Cloud CLI's ChainableRamRoleArn mode assumes a role with the credentials of another
// (https://www.alibabacloud.com/help/en/cli/ram-role-credentials). The temporary
// credentials it returns are accepted by every product afterwards, with their security token.

type stsKey struct {
	secret, token string
	expires       time.Time
}

// The request rules and error codes are STS's OpenAPI metadata for AssumeRole (snapshot
// dew-serverless/acs-sdk-php@2da261e490af93414113673cdeb6bb7305b3212d
// data/sts/2015-04-01/api-docs.json, the source testdata/contract.json names): the codes
// InvalidParameter.RoleArn, .RoleSessionName and .DurationSeconds with its messages (HTTP
// 400); RoleSessionName 2 to 64 characters of letters, digits and ".@-_"; DurationSeconds
// from 900 to the role's MaxSessionDuration, which RAM bounds to 3600–43200
// (https://www.alibabacloud.com/help/en/ram/user-guide/specify-the-maximum-session-duration-for-a-ram-role);
// the emulator has no roles, so every role takes the upper bound. The ARN form
// acs:ram::<account id>:role/<role name> is the AssumeRole reference's
// (AlibabaCloudDocs/ram, intl.en-US/API Reference/API Reference (STS)/Operation
// interfaces/AssumeRole.md).
var (
	roleARN     = regexp.MustCompile(`^acs:ram::(\d+):role/([A-Za-z0-9._-]{1,64})$`)
	sessionName = regexp.MustCompile(`^[A-Za-z0-9.@_-]{2,64}$`)
)

func (e *Emulator) stsAssumeRole(q *request) (obj, *apiError) {
	arn, ae := q.require("RoleArn")
	if ae != nil {
		return nil, ae
	}
	m := roleARN.FindStringSubmatch(arn)
	if m == nil {
		return nil, errorf(400, "InvalidParameter.RoleArn", "The parameter RoleArn is wrongly formed.")
	}
	return e.issueRoleSession(q, m[1], m[2])
}

// issueRoleSession is what AssumeRole and AssumeRoleWithOIDC share once the caller is
// accepted: RoleSessionName and DurationSeconds checked, a temporary key issued for the
// role of account in the account, and the answer's AssumedRoleUser and Credentials.
func (e *Emulator) issueRoleSession(q *request, account, role string) (obj, *apiError) {
	session, ae := q.require("RoleSessionName")
	if ae != nil {
		return nil, ae
	}
	if !sessionName.MatchString(session) {
		return nil, errorf(400, "InvalidParameter.RoleSessionName", "The parameter RoleSessionName is wrongly formed.")
	}
	duration := 3600
	if v := q.get("DurationSeconds"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 900 || n > 43200 {
			return nil, errorf(400, "InvalidParameter.DurationSeconds", "The Min/Max value of DurationSeconds is 15min/1hr.")
		}
		duration = n
	}
	expires := e.now().Add(time.Duration(duration) * time.Second).UTC()
	id, secret, token := e.mintSTSKey(expires)
	return obj{
		"AssumedRoleUser": obj{"Arn": "acs:ram::" + account + ":assumed-role/" + role + "/" + session, "AssumedRoleId": "3" + randomHex(8) + ":" + session},
		"Credentials": obj{"AccessKeyId": id, "AccessKeySecret": secret, "SecurityToken": token,
			"Expiration": expires.Format(secondTime)},
	}, nil
}

// mintSTSKey issues a temporary key (id, secret, security token) that the emulator accepts
// until expires: STS's answers and the ECS metadata service's.
func (e *Emulator) mintSTSKey(expires time.Time) (id, secret, token string) {
	id, secret, token = "STS."+randomHex(12), randomHex(16), "CAIS"+randomHex(32)
	if e.stsKeys == nil {
		e.stsKeys = map[string]stsKey{}
	}
	e.stsKeys[id] = stsKey{secret: secret, token: token, expires: expires}
	return id, secret, token
}

func randomHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return hex.EncodeToString(b)
}

// STS 2015-04-01 AssumeRoleWithOIDC: the provider's assume_role_with_oidc block and the
// OIDC environment RRSA injects. The request and response shapes are the official
// darabonba model's (github.com/alibabacloud-go/sts-20150401/v2@v2.0.4,
// AssumeRoleWithOIDCRequest and AssumeRoleWithOIDCResponseBody; testdata/contract.json),
// whose call sets AuthType "Anonymous": the request carries no access key and no
// signature — the OIDC token is the proof. RoleSessionName (2–64 letters, digits and
// ".@-_"), OIDCToken (4–20,000 characters) and DurationSeconds (900 to the role's maximum)
// follow the model's field documentation and the API reference
// (https://www.alibabacloud.com/help/doc-detail/327161.htm), which also lists
// OIDCProviderArn, RoleArn and OIDCToken as required; RoleArn's form and its error code
// are AssumeRole's above.
//
// Emulated, not verified: the emulator cannot check the token's signature against the
// identity provider's keys (it has none), so it takes any JWT (three base64url parts, a
// JSON payload with "iss" and "sub") whose "exp", when present, has not passed, from any
// identity provider ARN of the form acs:ram::<account id>:oidc-provider/<name>. The error
// codes InvalidParameter.OIDCProviderArn, InvalidParameter.OIDCToken and
// AuthenticationFail.OIDCToken.Expired and their messages are unverified: no source
// found lists this action's error codes.

// anonymousActions are served without a signature (their official models' AuthType is
// "Anonymous").
var anonymousActions = map[string]bool{"Sts.AssumeRoleWithOIDC": true}

var oidcProviderARN = regexp.MustCompile(`^acs:ram::(\d+):oidc-provider/([A-Za-z0-9._-]{1,128})$`)

func (e *Emulator) stsAssumeRoleWithOIDC(q *request) (obj, *apiError) {
	arn, ae := q.require("RoleArn")
	if ae != nil {
		return nil, ae
	}
	m := roleARN.FindStringSubmatch(arn)
	if m == nil {
		return nil, errorf(400, "InvalidParameter.RoleArn", "The parameter RoleArn is wrongly formed.")
	}
	idp, ae := q.require("OIDCProviderArn")
	if ae != nil {
		return nil, ae
	}
	if !oidcProviderARN.MatchString(idp) {
		return nil, errorf(400, "InvalidParameter.OIDCProviderArn", "The parameter OIDCProviderArn is wrongly formed.")
	}
	tok, ae := q.require("OIDCToken")
	if ae != nil {
		return nil, ae
	}
	claims, ok := jwtClaims(tok)
	if !ok || len(tok) < 4 || len(tok) > 20000 {
		return nil, errorf(400, "InvalidParameter.OIDCToken", "The parameter OIDCToken is not a valid OIDC token.")
	}
	if claims.Exp != 0 && e.now().After(time.Unix(claims.Exp, 0)) {
		return nil, errorf(400, "AuthenticationFail.OIDCToken.Expired", "The OIDCToken is expired.")
	}
	answer, ae := e.issueRoleSession(q, m[1], m[2])
	if ae != nil {
		return nil, ae
	}
	info := obj{"Issuer": claims.Iss, "Subject": claims.Sub, "ClientIds": strings.Join(claims.Aud, ","), "IssuanceTime": e.now().UTC().Format(secondTime)}
	if claims.Iat != 0 {
		info["IssuanceTime"] = time.Unix(claims.Iat, 0).UTC().Format(secondTime)
	}
	if claims.Exp != 0 {
		info["ExpirationTime"] = time.Unix(claims.Exp, 0).UTC().Format(secondTime)
	}
	answer["OIDCTokenInfo"] = info
	return answer, nil
}

// jwtPayload is what the emulator reads from an OIDC token (RFC 7519 claims).
type jwtPayload struct {
	Iss string   `json:"iss"`
	Sub string   `json:"sub"`
	Aud audience `json:"aud"`
	Exp int64    `json:"exp"`
	Iat int64    `json:"iat"`
}

// audience is the "aud" claim: one string or a list of them (RFC 7519 §4.1.3).
type audience []string

func (a *audience) UnmarshalJSON(b []byte) error {
	var one string
	if err := json.Unmarshal(b, &one); err == nil {
		*a = audience{one}
		return nil
	}
	var many []string
	if err := json.Unmarshal(b, &many); err != nil {
		return err
	}
	*a = many
	return nil
}

// jwtClaims decodes the payload of a compact JWT without checking its signature.
func jwtClaims(tok string) (jwtPayload, bool) {
	parts := strings.Split(strings.TrimSpace(tok), ".")
	if len(parts) != 3 {
		return jwtPayload{}, false
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return jwtPayload{}, false
	}
	var p jwtPayload
	if err := json.Unmarshal(raw, &p); err != nil || p.Iss == "" || p.Sub == "" {
		return jwtPayload{}, false
	}
	return p, true
}
