package emulator_test

import (
	"errors"
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"
	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/responses"

	"github.com/beian-dev/terraform-provider-beian/internal/emulator"
	"github.com/beian-dev/terraform-provider-beian/internal/emulator/emulatortest"
)

type env struct {
	t      *testing.T
	srv    *emulatortest.Server
	client *sdk.Client
}

func newEnv(t *testing.T) *env {
	t.Helper()
	srv := emulatortest.Start(t)
	if err := srv.Control.SetSettings(emulator.Settings{TaskDelayMs: 0}); err != nil {
		t.Fatal(err)
	}
	return &env{t: t, srv: srv, client: newClient(t, srv.AccessKeyID, srv.AccessKeySecret)}
}

func newClient(t *testing.T, id, secret string) *sdk.Client {
	t.Helper()
	c, err := sdk.NewClientWithOptions("cn-hangzhou", sdk.NewConfig(), credentials.NewAccessKeyCredential(id, secret))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// call sends a typed request to the emulator with the env's client.
func (e *env) call(req requests.AcsRequest, resp responses.AcsResponse) error {
	return callWith(e.client, e.srv.Host, req, resp)
}

func callWith(c *sdk.Client, host string, req requests.AcsRequest, resp responses.AcsResponse) error {
	req.SetDomain(host)
	req.SetScheme("HTTP")
	return c.DoAction(req, resp)
}

// must fails the test on error.
func (e *env) must(req requests.AcsRequest, resp responses.AcsResponse) {
	e.t.Helper()
	if err := e.call(req, resp); err != nil {
		e.t.Fatalf("%T: %v", req, err)
	}
}

// wantCode asserts err is a server error with the code (and HTTP status when non-zero).
func wantCode(t *testing.T, err error, code string, status int) {
	t.Helper()
	var se *sdkerrors.ServerError
	if !errors.As(err, &se) {
		t.Fatalf("want server error %s, got %v", code, err)
	}
	if se.ErrorCode() != code {
		t.Fatalf("want code %s, got %s (%s)", code, se.ErrorCode(), se.Message())
	}
	if status != 0 && se.HttpStatus() != status {
		t.Fatalf("%s: want HTTP %d, got %d", code, status, se.HttpStatus())
	}
	if se.RequestId() == "" {
		t.Fatalf("%s: error without RequestId", code)
	}
}
