package aliyun

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/sts"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// AssumeRoleInput is the provider's assume_role block.
type AssumeRoleInput struct {
	RoleARN           string
	SessionName       string
	Policy            string
	SessionExpiration int // seconds, 900–43200; 0 = 3600
	// ExternalID is the role's external ID (STS AssumeRole ExternalId), which a role
	// trusted by another account can demand against the confused deputy problem.
	ExternalID string
}

// assumeRole exchanges the credentials of base for a role session and returns the
// temporary credentials and when they expire (zero when the answer does not say in a
// form we read).
func (c *Client) assumeRole(ctx context.Context, base *sdkPool, in AssumeRoleInput) (Credentials, time.Time, error) {
	req := sts.CreateAssumeRoleRequest()
	req.RoleArn = in.RoleARN
	req.RoleSessionName = in.SessionName
	if req.RoleSessionName == "" {
		req.RoleSessionName = "terraform-provider-beian"
	}
	req.Policy = in.Policy
	req.ExternalId = in.ExternalID
	if in.SessionExpiration > 0 {
		req.DurationSeconds = requests.NewInteger(in.SessionExpiration)
	}
	resp := sts.CreateAssumeRoleResponse()
	if err := c.call(ctx, base, ProductSTS, "", req, resp); err != nil {
		return Credentials{}, time.Time{}, err
	}
	if resp.Credentials.AccessKeyId == "" || resp.Credentials.AccessKeySecret == "" {
		return Credentials{}, time.Time{}, &Error{Product: ProductSTS, Action: "AssumeRole", Class: ClassOther, RequestID: resp.RequestId,
			Message: "the answer for role " + in.RoleARN + " holds no credentials"}
	}
	// Credentials.Expiration is a string in the official model (alibaba-cloud-sdk-go
	// services/sts AssumeRoleResponse, struct Credentials); Alibaba's own credential
	// providers (credentials-go ram_role_arn) read it as UTC "2006-01-02T15:04:05Z", which
	// RFC 3339 covers. An expiry we cannot read leaves only the renewal on an
	// InvalidSecurityToken.Expired answer.
	expires, err := time.Parse(time.RFC3339, resp.Credentials.Expiration)
	if err != nil {
		tflog.Debug(ctx, "STS AssumeRole answer has no readable Expiration; the role session is renewed only when a call finds it expired",
			map[string]any{"expiration": resp.Credentials.Expiration, "request_id": resp.RequestId})
		expires = time.Time{}
	}
	return Credentials{
		AccessKeyID:     resp.Credentials.AccessKeyId,
		AccessKeySecret: resp.Credentials.AccessKeySecret,
		SecurityToken:   resp.Credentials.SecurityToken,
		Source:          fmt.Sprintf("role %s assumed with %s", in.RoleARN, base.creds.Source),
	}, expires, nil
}

// Credentials describes what the client signs with, for logs and diagnostics: the
// role session once it is assumed, else the configured credentials. Never a secret.
func (c *Client) Credentials() string {
	if c.cfg.CredentialsErr != nil {
		return "none (" + c.cfg.CredentialsErr.Error() + ")"
	}
	if p := c.role.peek(); p != nil {
		return p.creds.String()
	}
	s := c.cfg.Credentials.String()
	if c.cfg.AssumeRole.RoleARN != "" {
		s += ", to assume role " + c.cfg.AssumeRole.RoleARN + " on first use"
	}
	return s
}

// Region describes one Alibaba Cloud region.
type Region struct {
	ID        string
	LocalName string
	Endpoint  string
}

// DescribeRegions lists the regions where ECS is offered, sorted by ID. The answer is
// cached for the provider run.
func (c *Client) DescribeRegions(ctx context.Context) ([]Region, error) {
	regions, err := c.regions.Get(ctx, 0, func(ctx context.Context) ([]Region, error) {
		req := ecs.CreateDescribeRegionsRequest()
		req.AcceptLanguage = "en-US"
		resp := ecs.CreateDescribeRegionsResponse()
		if err := c.Call(ctx, ProductECS, "", req, resp); err != nil {
			return nil, err
		}
		out := make([]Region, 0, len(resp.Regions.Region))
		for _, r := range resp.Regions.Region {
			if strings.EqualFold(r.Status, "unavailable") {
				continue
			}
			out = append(out, Region{ID: r.RegionId, LocalName: r.LocalName, Endpoint: r.RegionEndpoint})
		}
		sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
		return out, nil
	})
	return slices.Clone(regions), err
}
