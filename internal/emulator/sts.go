package emulator

import (
	"crypto/rand"
	"encoding/hex"
	"regexp"
	"strconv"
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
	id, secret, token := "STS."+randomHex(12), randomHex(16), "CAIS"+randomHex(32)
	expires := e.now().Add(time.Duration(duration) * time.Second).UTC()
	if e.stsKeys == nil {
		e.stsKeys = map[string]stsKey{}
	}
	e.stsKeys[id] = stsKey{secret: secret, token: token, expires: expires}
	return obj{
		"AssumedRoleUser": obj{"Arn": "acs:ram::" + m[1] + ":assumed-role/" + m[2] + "/" + session, "AssumedRoleId": "3" + randomHex(8) + ":" + session},
		"Credentials": obj{"AccessKeyId": id, "AccessKeySecret": secret, "SecurityToken": token,
			"Expiration": expires.Format("2006-01-02T15:04:05Z")},
	}, nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return hex.EncodeToString(b)
}
