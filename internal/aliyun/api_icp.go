package aliyun

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/responses"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/beian"

	"github.com/beian-dev/terraform-provider-beian/internal/memo"
)

// IcpFiling is one approved filing entity of the caller, from companyreg
// QuerySuccessIcpData.
type IcpFiling struct {
	IcpNumber       string
	OrganizerName   string
	OrganizerNature string
	Websites        []IcpWebsite
	Risks           []IcpRisk
}

// IcpWebsite is one website (网站) of a filing.
type IcpWebsite struct {
	SiteRecordNum string
	SiteName      string
	DomainList    []string
}

// IcpRisk is a rectification item (整改) on a filing.
type IcpRisk struct {
	Type        string
	Description string
	Deadline    string // YYYY-MM-DD or ""
}

// companyregPageSize is the largest page QuerySuccessIcpData serves.
const companyregPageSize = 100

type icpCache struct {
	filings memo.Value[[]IcpFiling]
	status  memo.Map[AccessorDomainStatus]
}

// QuerySuccessIcpData lists every approved ICP filing of the caller (companyreg
// 2026-04-23, called as a common request: the SDK has no typed client for it). The
// listing is made once per provider run and shared by every caller.
func (c *Client) QuerySuccessIcpData(ctx context.Context) ([]IcpFiling, error) {
	return c.icp.filings.Get(ctx, 0, func(ctx context.Context) ([]IcpFiling, error) {
		return ListAll(ctx, companyregPageSize, 2, func(ctx context.Context, page int) (Page[IcpFiling], error) {
			req := requests.NewCommonRequest()
			req.Product = "companyreg"
			req.Version = "2026-04-23"
			req.ApiName = "QuerySuccessIcpData"
			req.Method = "POST"
			req.QueryParams["PageNum"] = fmt.Sprint(page)
			req.QueryParams["PageSize"] = fmt.Sprint(companyregPageSize)
			req.TransToAcsRequest()
			resp := responses.NewCommonResponse()
			if err := c.Call(ctx, ProductCompanyreg, "", req, resp); err != nil {
				return Page[IcpFiling]{}, err
			}
			var body struct {
				Data []struct {
					IcpNumber       string `json:"IcpNumber"`
					OrganizerName   string `json:"OrganizerName"`
					OrganizerNature string `json:"OrganizerNature"`
					WebsiteList     []struct {
						SiteRecordNum string   `json:"SiteRecordNum"`
						SiteName      string   `json:"SiteName"`
						DomainList    []string `json:"DomainList"`
					} `json:"WebsiteList"`
					Risks []struct {
						Type        string `json:"Type"`
						Description string `json:"Description"`
						Deadline    string `json:"Deadline"`
					} `json:"Risks"`
				} `json:"Data"`
				TotalCount int `json:"TotalCount"`
			}
			if err := json.Unmarshal(resp.GetHttpContentBytes(), &body); err != nil {
				return Page[IcpFiling]{}, &Error{Product: ProductCompanyreg, Action: "QuerySuccessIcpData", Class: ClassOther,
					Message: "unexpected response: " + err.Error(), RequestID: requestID(resp)}
			}
			out := make([]IcpFiling, 0, len(body.Data))
			for _, d := range body.Data {
				f := IcpFiling{IcpNumber: d.IcpNumber, OrganizerName: d.OrganizerName, OrganizerNature: d.OrganizerNature}
				for _, w := range d.WebsiteList {
					f.Websites = append(f.Websites, IcpWebsite{SiteRecordNum: w.SiteRecordNum, SiteName: w.SiteName, DomainList: w.DomainList})
				}
				for _, r := range d.Risks {
					f.Risks = append(f.Risks, IcpRisk{Type: r.Type, Description: r.Description, Deadline: r.Deadline})
				}
				out = append(out, f)
			}
			return Page[IcpFiling]{Items: out, Total: body.TotalCount}, nil
		})
	})
}

// AccessorDomainStatus is Beian QueryAccessorDomainStatus's answer for one domain.
type AccessorDomainStatus struct {
	Domain string
	Status string // e.g. NORMAL when filed and accessed, NOT_FILED …
	Reason string
}

// Approved reports whether the status means an approved filing.
func (s AccessorDomainStatus) Approved() bool { return strings.EqualFold(s.Status, "NORMAL") }

// QueryAccessorDomainStatus asks the Beian API (2016-08-10, for access-provider accounts)
// about one domain, once per domain and provider run.
func (c *Client) QueryAccessorDomainStatus(ctx context.Context, domain string) (AccessorDomainStatus, error) {
	return c.icp.status.Get(ctx, domain, 0, func(ctx context.Context) (AccessorDomainStatus, error) {
		req := beian.CreateQueryAccessorDomainStatusRequest()
		req.Domain = domain
		resp := beian.CreateQueryAccessorDomainStatusResponse()
		if err := c.Call(ctx, ProductBeian, "", req, resp); err != nil {
			return AccessorDomainStatus{}, err
		}
		return AccessorDomainStatus{Domain: domain, Status: resp.Data.Status, Reason: resp.Data.Reason}, nil
	})
}
