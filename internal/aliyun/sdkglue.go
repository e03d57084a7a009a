package aliyun

import (
	"encoding/json"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/responses"
)

func newAKCredential(c Credentials) auth.Credential {
	return credentials.NewAccessKeyCredential(c.AccessKeyID, c.AccessKeySecret)
}

func newStsCredential(c Credentials) auth.Credential {
	return credentials.NewStsTokenCredential(c.AccessKeyID, c.AccessKeySecret, c.SecurityToken)
}

func extractRequestID(body []byte) string {
	var v struct {
		RequestID string `json:"RequestId"`
	}
	if len(body) == 0 || json.Unmarshal(body, &v) != nil {
		return ""
	}
	return v.RequestID
}

func newCommonResponse() *responses.CommonResponse { return responses.NewCommonResponse() }
