package aliyun

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/responses"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/beian"

	"github.com/beian-dev/terraform-provider-beian/internal/memo"
)

// IcpFiling is one approved filing entity (主体) of the caller, from companyreg
// QuerySuccessIcpData (BaSuccessDataWithRiskList[]).
type IcpFiling struct {
	IcpNumber       string // 主体备案号
	OrganizerName   string // OrganizersName, 主办单位
	OrganizerNature string // OrganizersNature, 单位性质
	Websites        []IcpWebsite
	Apps            []IcpApp
	Risks           []IcpRisk
}

// IcpWebsite is one website (网站) of a filing (WebsiteList[]).
type IcpWebsite struct {
	SiteRecordNum string
	SiteName      string
	DomainList    []string
}

// IcpApp is one app or mini-program filing (App/小程序备案) of the entity (AppList[]).
type IcpApp struct {
	AppName      string
	AppRecordNum string
	DomainList   []string
}

// IcpRisk is a rectification item (整改) on a filing (RiskList[]).
type IcpRisk struct {
	DeadLine string // as the API writes it, e.g. "2026-04-24"; "" when none
	Details  []IcpRiskDetail
}

// IcpRiskDetail is one RiskDetailList item of a risk: where it comes from and what to do.
type IcpRiskDetail struct {
	RiskSource         string
	RectifySuggestList []string
}

type icpCache struct {
	filings memo.Value[[]IcpFiling]
	status  memo.Map[AccessorDomainStatus]
}

// errorCode is QuerySuccessIcpData's ErrorCode. The model types it as an integer
// (int32) but gives "NoPermission" as its example, so a string is accepted too.
type errorCode string

func (c *errorCode) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*c = errorCode(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("ErrorCode: %w", err)
	}
	*c = errorCode(n.String())
	return nil
}

// querySuccessIcpDataBody is the part of QuerySuccessIcpData's answer this client reads.
// Names and types are the darabonba model's (companyreg-20260423
// QuerySuccessIcpDataResponseBody); internal/emulator/contract_client_test.go checks
// every field against the contract table.
type querySuccessIcpDataBody struct {
	RequestID                 string    `json:"RequestId"`
	Success                   *bool     `json:"Success"`
	ErrorCode                 errorCode `json:"ErrorCode"`
	ErrorMessage              string    `json:"ErrorMessage"`
	BaSuccessDataWithRiskList []struct {
		IcpNumber        string `json:"IcpNumber"`
		OrganizersName   string `json:"OrganizersName"`
		OrganizersNature string `json:"OrganizersNature"`
		WebsiteList      []struct {
			SiteRecordNum string   `json:"SiteRecordNum"`
			SiteName      string   `json:"SiteName"`
			DomainList    []string `json:"DomainList"`
		} `json:"WebsiteList"`
		AppList []struct {
			AppName      string   `json:"AppName"`
			AppRecordNum string   `json:"AppRecordNum"`
			DomainList   []string `json:"DomainList"`
		} `json:"AppList"`
		RiskList []struct {
			DeadLine       string `json:"DeadLine"`
			RiskDetailList []struct {
				RiskSource         string   `json:"RiskSource"`
				RectifySuggestList []string `json:"RectifySuggestList"`
			} `json:"RiskDetailList"`
		} `json:"RiskList"`
	} `json:"BaSuccessDataWithRiskList"`
}

// QuerySuccessIcpData lists every approved ICP filing of the caller (companyreg
// 2026-04-23, called as a common request: the SDK has no typed client for it). The
// official model has no paging: one call answers every filing. The listing is made once
// per provider run and shared by every caller.
//
// An answer with Success false or a non-zero ErrorCode is an *Error naming ErrorCode and
// ErrorMessage — never an empty list of filings.
func (c *Client) QuerySuccessIcpData(ctx context.Context) ([]IcpFiling, error) {
	return c.icp.filings.Get(ctx, 0, func(ctx context.Context) ([]IcpFiling, error) {
		const action = "QuerySuccessIcpData"
		req := requests.NewCommonRequest()
		req.Product = "companyreg"
		req.Version = "2026-04-23"
		req.ApiName = action
		req.Method = "POST"
		req.TransToAcsRequest()
		resp := responses.NewCommonResponse()
		if err := c.Call(ctx, ProductCompanyreg, "", req, resp); err != nil {
			return nil, err
		}
		var body querySuccessIcpDataBody
		if err := json.Unmarshal(resp.GetHttpContentBytes(), &body); err != nil {
			return nil, &Error{Product: ProductCompanyreg, Action: action, Class: ClassOther,
				Message: "unexpected response: " + err.Error(), RequestID: requestID(resp)}
		}
		if code := strings.TrimSpace(string(body.ErrorCode)); (body.Success != nil && !*body.Success) || (code != "" && code != "0") {
			if code == "" {
				code = "(none)"
			}
			msg := body.ErrorMessage
			if msg == "" {
				msg = "(none)"
			}
			return nil, &Error{Product: ProductCompanyreg, Action: action, Code: code, Class: codeClass(ProductCompanyreg, action, code, 0),
				Message:   c.scrub(fmt.Sprintf("the answer says Success: false, ErrorCode %s, ErrorMessage %q; no filing was read", code, msg)),
				RequestID: body.RequestID}
		}
		out := make([]IcpFiling, 0, len(body.BaSuccessDataWithRiskList))
		for _, d := range body.BaSuccessDataWithRiskList {
			f := IcpFiling{IcpNumber: d.IcpNumber, OrganizerName: d.OrganizersName, OrganizerNature: d.OrganizersNature}
			for _, w := range d.WebsiteList {
				f.Websites = append(f.Websites, IcpWebsite{SiteRecordNum: w.SiteRecordNum, SiteName: w.SiteName, DomainList: w.DomainList})
			}
			for _, a := range d.AppList {
				f.Apps = append(f.Apps, IcpApp{AppName: a.AppName, AppRecordNum: a.AppRecordNum, DomainList: a.DomainList})
			}
			for _, r := range d.RiskList {
				risk := IcpRisk{DeadLine: r.DeadLine}
				for _, dt := range r.RiskDetailList {
					risk.Details = append(risk.Details, IcpRiskDetail{RiskSource: dt.RiskSource, RectifySuggestList: dt.RectifySuggestList})
				}
				f.Risks = append(f.Risks, risk)
			}
			out = append(out, f)
		}
		return out, nil
	})
}

// AccessorDomainStatus is Beian QueryAccessorDomainStatus's answer for one domain.
type AccessorDomainStatus struct {
	Domain string
	// Status is Data.Status. Its values are not documented in the model: NORMAL is taken to
	// mean filed (UNVERIFIED), anything else not approved.
	Status string
	Reason string
}

// Approved reports whether the status means an approved filing.
func (s AccessorDomainStatus) Approved() bool { return strings.EqualFold(s.Status, "NORMAL") }

// beianCaller is what QueryAccessorDomainStatus's Caller parameter carries. The official
// model (darabonba beian-20160810 QueryAccessorDomainStatusRequest, and
// alibaba-cloud-sdk-go services/beian) marks Caller required but documents neither its
// meaning nor its values: no description, no example, no enumeration in any of Alibaba's
// published models or API pages we could find. UNVERIFIED: it is taken to name the
// calling system, so the provider sends its own name; an access provider whose account
// was told another value by Alibaba Cloud has no setting for it yet.
const beianCaller = "terraform-provider-beian"

// QueryAccessorDomainStatus asks the Beian API (2016-08-10, for access-provider accounts)
// about one domain, once per domain and provider run.
func (c *Client) QueryAccessorDomainStatus(ctx context.Context, domain string) (AccessorDomainStatus, error) {
	return c.icp.status.Get(ctx, domain, 0, func(ctx context.Context) (AccessorDomainStatus, error) {
		req := beian.CreateQueryAccessorDomainStatusRequest()
		req.Caller = beianCaller
		req.Domain = domain
		resp := beian.CreateQueryAccessorDomainStatusResponse()
		if err := c.Call(ctx, ProductBeian, "", req, resp); err != nil {
			return AccessorDomainStatus{}, err
		}
		// Fail closed: an answer that does not say it succeeded, or says no status, is an
		// error — never "not approved" (a verified answer), after which the ICP status
		// chain would move on to the declared filings. The body carries Code (int) and
		// Message beside Data (the official model: alibaba-cloud-sdk-go v1.63.107
		// services/beian QueryAccessorDomainStatusResponse, and darabonba beian-20160810
		// QueryAccessorDomainStatusResponseBody, Code int32). UNVERIFIED: neither model
		// documents which Code means success; 0 (or absent) and 200 are taken to, as the
		// emulator answers 200. Any other value is refused.
		if resp.Code != 0 && resp.Code != 200 || strings.TrimSpace(resp.Data.Status) == "" {
			msg := resp.Message
			if msg == "" {
				msg = "(none)"
			}
			what := fmt.Sprintf("the answer says Code %d, Message %q", resp.Code, msg)
			if resp.Code == 0 || resp.Code == 200 {
				what += ", but no Data.Status"
			}
			return AccessorDomainStatus{}, &Error{Product: ProductBeian, Action: req.GetActionName(), Code: strconv.Itoa(resp.Code),
				Class: ClassOther, RequestID: resp.RequestId,
				Message: c.scrub(what + "; the domain's ICP filing (备案) status was not read")}
		}
		return AccessorDomainStatus{Domain: domain, Status: resp.Data.Status, Reason: resp.Data.Reason}, nil
	})
}
