package emulator

import (
	"crypto/hmac"
	"crypto/sha1" //nolint:gosec // G505: Alibaba Cloud RPC signature version 1.0 is HMAC-SHA1 by specification; the emulator must verify it
	"encoding/base64"
	"net/url"
	"strings"
	"time"
)

// maxClockSkew is how far a request's Timestamp may be from the emulator's clock, and how
// long a SignatureNonce is remembered.
const maxClockSkew = 15 * time.Minute

// StringToSign returns the signature version 1.0 string to sign for an RPC request:
// METHOD&%2F&percentEncode(canonicalised sorted parameters without Signature).
func StringToSign(method string, params map[string]string) string {
	v := url.Values{}
	for k, val := range params {
		if k == "Signature" {
			continue
		}
		v.Set(k, val)
	}
	canon := v.Encode() // sorted by key, form-encoded
	canon = strings.ReplaceAll(canon, "+", "%20")
	canon = strings.ReplaceAll(canon, "*", "%2A")
	canon = strings.ReplaceAll(canon, "%7E", "~")
	return strings.ToUpper(method) + "&%2F&" + url.QueryEscape(canon)
}

// Sign computes the HMAC-SHA1 signature of an RPC request with the given secret.
func Sign(method string, params map[string]string, secret string) string {
	mac := hmac.New(sha1.New, []byte(secret+"&"))
	mac.Write([]byte(StringToSign(method, params)))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// verifySignature authenticates a request. Callers hold e.mu.
//
// STS: with a configured (long-term) access key a SecurityToken parameter is accepted as is;
// the temporary keys issued by Sts.AssumeRole must come with the token issued with them.
func (e *Emulator) verifySignature(method string, params map[string]string) *apiError {
	akID := params["AccessKeyId"]
	if akID == "" {
		return missing("AccessKeyId")
	}
	secret, ok := e.keys[akID]
	signedWith := "ak"
	if sk, isSTS := e.stsKeys[akID]; !ok && isSTS {
		if params["SecurityToken"] != sk.token {
			return errorf(400, "InvalidSecurityToken.MismatchWithAccessKey", "The security token does not belong to the access key.")
		}
		if e.now().After(sk.expires) {
			return errorf(400, "InvalidSecurityToken.Expired", "Specified SecurityToken is expired.")
		}
		secret, ok, signedWith = sk.secret, true, "sts"
	}
	if !ok {
		return errorf(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.")
	}
	if m := params["SignatureMethod"]; m != "" && m != "HMAC-SHA1" {
		return errorf(400, "InvalidSignatureMethod", "Specified signature method %q is not supported.", m)
	}
	if v := params["SignatureVersion"]; v != "" && v != "1.0" {
		return errorf(400, "InvalidSignatureVersion", "Specified signature version %q is not supported.", v)
	}
	sig := params["Signature"]
	if sig == "" {
		return missing("Signature")
	}
	ts := params["Timestamp"]
	if ts == "" {
		return missing("Timestamp")
	}
	// RFC 3339 covers the SDK's "2006-01-02T15:04:05Z" as well as explicit offsets.
	t, err := time.Parse(time.RFC3339, ts)
	if err != nil {
		return errorf(400, "InvalidTimeStamp.Format", "Specified time stamp or date value is not well formatted.")
	}
	now := e.now()
	if d := now.Sub(t); d > maxClockSkew || d < -maxClockSkew {
		return errorf(400, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.")
	}
	want := Sign(method, params, secret)
	if !hmac.Equal([]byte(want), []byte(sig)) {
		return errorf(400, "SignatureDoesNotMatch", "Specified signature is not matched with our calculation.")
	}
	nonce := params["SignatureNonce"]
	if nonce == "" {
		return missing("SignatureNonce")
	}
	if now.Sub(e.swept) > time.Minute {
		// Dropping expired nonces once a minute keeps a busy run linear.
		for n, seen := range e.nonces {
			if now.Sub(seen) > maxClockSkew {
				delete(e.nonces, n)
			}
		}
		e.swept = now
	}
	nk := akID + "\x00" + nonce
	if _, used := e.nonces[nk]; used {
		return errorf(400, "SignatureNonceUsed", "Specified signature nonce was used already.")
	}
	e.nonces[nk] = now
	e.stats.SignedWith[signedWith]++
	return nil
}
