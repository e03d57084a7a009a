// Package icptest holds record numbers as real sites and filing records write
// them, with the parts each must parse to, for the tests of every place that
// reads a number: the icp parsers, the footer scanner and the provider
// functions through the CLI. It imports nothing, so package icp's own tests
// can use it.
//
// Each row names where it was seen. "footer" rows come from public copies of
// the sites' pages (saved pages, clones and scrapes in public repositories,
// found with the project's search tool); "MIIT record" rows from answers of
// MIIT's filing system (beian.miit.gov.cn) quoted in the documentation and
// tests of public ICP lookup tools. The numbers are facts about public
// filings; no page text is copied.
package icptest

// Spelling is a record number as written somewhere, and what it must parse to.
type Spelling struct {
	// In is the number exactly as written (spaces, full-width forms kept).
	In string
	// Kind is the record kind: entity, website, app, mini_program, quick_app.
	Kind string
	// Number is the canonical form.
	Number string
	// Entity is the canonical entity number.
	Entity string
	// EntityKind is "filing" (ICP备) or "license" (ICP证 or a telecom licence).
	EntityKind string
	// CrossRegional is true for a licence issued by MIIT, without a province.
	CrossRegional bool
	// ProvinceCode is the issuing province's division code, "" when cross-regional.
	ProvinceCode string
	// Serial is the digits of the entity number.
	Serial string
	// Index is N of -N or -N<letter>, 0 for an entity number.
	Index int
	// Letter is the letter after the index (A, X, K), "" otherwise.
	Letter string
}

// Spellings are ICP record numbers (entity, website, app and mini-program
// numbers) in the forms they are really written.
var Spellings = []Spelling{
	// baidu.com: footer of www.baidu.com (the number linked to //beian.miit.gov.cn/).
	{In: "京ICP证030173号", Kind: "entity", Number: "京ICP证030173号", Entity: "京ICP证030173号", EntityKind: "license", ProvinceCode: "11", Serial: "030173"},
	// baidu.com: MIIT record, serviceLicence of the domain baidu.com.
	{In: "京ICP证030173号-1", Kind: "website", Number: "京ICP证030173号-1", Entity: "京ICP证030173号", EntityKind: "license", ProvinceCode: "11", Serial: "030173", Index: 1},
	// qq.com: MIIT record, mainLicence; also the footer of www.qq.com.
	{In: "粤B2-20090059", Kind: "entity", Number: "粤B2-20090059", Entity: "粤B2-20090059", EntityKind: "license", ProvinceCode: "44", Serial: "20090059"},
	// qq.com: MIIT record, serviceLicence of the domain qq.com.
	{In: "粤B2-20090059-5", Kind: "website", Number: "粤B2-20090059-5", Entity: "粤B2-20090059", EntityKind: "license", ProvinceCode: "44", Serial: "20090059", Index: 5},
	// Tencent's mini-program 腾讯客服: MIIT record (serviceLicence), quoted in an ICP lookup API's documentation.
	{In: "粤B2-20090059-1626X", Kind: "mini_program", Number: "粤B2-20090059-1626X", Entity: "粤B2-20090059", EntityKind: "license", ProvinceCode: "44", Serial: "20090059", Index: 1626, Letter: "X"},
	// Tencent: its business registration ("按许可证粤B2-20090059号文办") and copies of its footer ("ICP证：粤B2-20090059号").
	{In: "粤B2-20090059号", Kind: "entity", Number: "粤B2-20090059", Entity: "粤B2-20090059", EntityKind: "license", ProvinceCode: "44", Serial: "20090059"},
	// Tencent: cross-regional licence in the footer of www.qq.com and its business registration.
	{In: "B2-20090028", Kind: "entity", Number: "B2-20090028", Entity: "B2-20090028", EntityKind: "license", CrossRegional: true, Serial: "20090028"},
	// 10jqka.com.cn (同花顺): footer, "增值电信业务经营许可证：B2-20080207".
	{In: "B2-20080207", Kind: "entity", Number: "B2-20080207", Entity: "B2-20080207", EntityKind: "license", CrossRegional: true, Serial: "20080207"},
	// 10jqka.com.cn: footer, the filing number linked to www.miitbeian.gov.cn.
	{In: "浙ICP备09003598号", Kind: "entity", Number: "浙ICP备09003598号", Entity: "浙ICP备09003598号", EntityKind: "filing", ProvinceCode: "33", Serial: "09003598"},
	// taobao.com: footer, "增值电信业务经营许可证（跨地区）： B2-20150210" (space kept).
	{In: " B2-20150210", Kind: "entity", Number: "B2-20150210", Entity: "B2-20150210", EntityKind: "license", CrossRegional: true, Serial: "20150210"},
	// taobao.com: footer, "增值电信业务经营许可证：浙B2-20080224".
	{In: "浙B2-20080224", Kind: "entity", Number: "浙B2-20080224", Entity: "浙B2-20080224", EntityKind: "license", ProvinceCode: "33", Serial: "20080224"},
	// taobao.com: older footer, "ICP证：浙B2-20080224-1" linked to www.miibeian.gov.cn.
	{In: "浙B2-20080224-1", Kind: "website", Number: "浙B2-20080224-1", Entity: "浙B2-20080224", EntityKind: "license", ProvinceCode: "33", Serial: "20080224", Index: 1},
	// aliyun.com: footer, the licence linked to http://beian.miit.gov.cn/.
	{In: "浙B2-20080101", Kind: "entity", Number: "浙B2-20080101", Entity: "浙B2-20080101", EntityKind: "license", ProvinceCode: "33", Serial: "20080101"},
	// aliyun.com: footer, the website record number.
	{In: "浙B2-20080101-4", Kind: "website", Number: "浙B2-20080101-4", Entity: "浙B2-20080101", EntityKind: "license", ProvinceCode: "33", Serial: "20080101", Index: 4},
	// music.163.com (NetEase Cloud Music): footer, linked to https://beian.miit.gov.cn/#/Integrated/index.
	{In: "粤B2-20090191-18", Kind: "website", Number: "粤B2-20090191-18", Entity: "粤B2-20090191", EntityKind: "license", ProvinceCode: "44", Serial: "20090191", Index: 18},
	// NetEase (杭州乐读科技): footer, "增值电信业务经营许可证: 浙B2-20150198".
	{In: "浙B2-20150198", Kind: "entity", Number: "浙B2-20150198", Entity: "浙B2-20150198", EntityKind: "license", ProvinceCode: "33", Serial: "20150198"},
	// NetEase (杭州乐读科技): footer.
	{In: "浙ICP备15006616号-4", Kind: "website", Number: "浙ICP备15006616号-4", Entity: "浙ICP备15006616号", EntityKind: "filing", ProvinceCode: "33", Serial: "15006616", Index: 4},
	// weibo.com: footer.
	{In: "京ICP证100780号", Kind: "entity", Number: "京ICP证100780号", Entity: "京ICP证100780号", EntityKind: "license", ProvinceCode: "11", Serial: "100780"},
	// weibo.com: footer, linked to www.miibeian.gov.cn.
	{In: "京ICP备12002058号", Kind: "entity", Number: "京ICP备12002058号", Entity: "京ICP备12002058号", EntityKind: "filing", ProvinceCode: "11", Serial: "12002058"},
	// weibo.com: footer, "增值电信业务经营许可证B2-20140447".
	{In: "B2-20140447", Kind: "entity", Number: "B2-20140447", Entity: "B2-20140447", EntityKind: "license", CrossRegional: true, Serial: "20140447"},
	// jd.com: footer, "ICP备案证书号:京ICP证070359号".
	{In: "京ICP证070359号", Kind: "entity", Number: "京ICP证070359号", Entity: "京ICP证070359号", EntityKind: "license", ProvinceCode: "11", Serial: "070359"},
	// mi.com: footer.
	{In: "京ICP证110507号", Kind: "entity", Number: "京ICP证110507号", Entity: "京ICP证110507号", EntityKind: "license", ProvinceCode: "11", Serial: "110507"},
	// mi.com: footer, linked to www.miitbeian.gov.cn.
	{In: "京ICP备10046444号", Kind: "entity", Number: "京ICP备10046444号", Entity: "京ICP备10046444号", EntityKind: "filing", ProvinceCode: "11", Serial: "10046444"},
	// bilibili.com: MIIT record, mainLicence.
	{In: "沪ICP备13002172号", Kind: "entity", Number: "沪ICP备13002172号", Entity: "沪ICP备13002172号", EntityKind: "filing", ProvinceCode: "31", Serial: "13002172"},
	// bilibili.com: MIIT record, serviceLicence; also its footer.
	{In: "沪ICP备13002172号-3", Kind: "website", Number: "沪ICP备13002172号-3", Entity: "沪ICP备13002172号", EntityKind: "filing", ProvinceCode: "31", Serial: "13002172", Index: 3},
	// bilibili.com: footer, "沪ICP证：沪B2-20100043".
	{In: "沪B2-20100043", Kind: "entity", Number: "沪B2-20100043", Entity: "沪B2-20100043", EntityKind: "license", ProvinceCode: "31", Serial: "20100043"},
	// scgzyun.com: MIIT record (Sichuan, written with 蜀).
	{In: "蜀ICP备19011193号-6", Kind: "website", Number: "蜀ICP备19011193号-6", Entity: "蜀ICP备19011193号", EntityKind: "filing", ProvinceCode: "51", Serial: "19011193", Index: 6},
	// suning.com: footer, linked to www.miitbeian.gov.cn.
	{In: "苏ICP备10207551号-4", Kind: "website", Number: "苏ICP备10207551号-4", Entity: "苏ICP备10207551号", EntityKind: "filing", ProvinceCode: "32", Serial: "10207551", Index: 4},
	// suning.com: footer.
	{In: "苏B2-20130376", Kind: "entity", Number: "苏B2-20130376", Entity: "苏B2-20130376", EntityKind: "license", ProvinceCode: "32", Serial: "20130376"},
	// volcengine.com: footer.
	{In: "京ICP备20018813号-3", Kind: "website", Number: "京ICP备20018813号-3", Entity: "京ICP备20018813号", EntityKind: "filing", ProvinceCode: "11", Serial: "20018813", Index: 3},
	// volcengine.com: footer, "增值电信业务经营许可证京B2-20202418，A2.B1.B2-20202637".
	{In: "京B2-20202418", Kind: "entity", Number: "京B2-20202418", Entity: "京B2-20202418", EntityKind: "license", ProvinceCode: "11", Serial: "20202418"},
	// volcengine.com: footer, a combined cross-regional licence.
	{In: "A2.B1.B2-20202637", Kind: "entity", Number: "A2.B1.B2-20202637", Entity: "A2.B1.B2-20202637", EntityKind: "license", CrossRegional: true, Serial: "20202637"},
	// China Unicom: footer, "经营许可证编号：A2.B1.B2-20090003".
	{In: "A2.B1.B2-20090003", Kind: "entity", Number: "A2.B1.B2-20090003", Entity: "A2.B1.B2-20090003", EntityKind: "license", CrossRegional: true, Serial: "20090003"},
	// China Telecom: footer, "ICP 证号：京 ICP 备 09031924号" (spaces inside).
	{In: "京 ICP 备 09031924号", Kind: "entity", Number: "京ICP备09031924号", Entity: "京ICP备09031924号", EntityKind: "filing", ProvinceCode: "11", Serial: "09031924"},
	// China Telecom cloud (中国电信云计算分公司): footer, "京ICP备 12022551号".
	{In: "京ICP备 12022551号", Kind: "entity", Number: "京ICP备12022551号", Entity: "京ICP备12022551号", EntityKind: "filing", ProvinceCode: "11", Serial: "12022551"},
	// China Telecom Beijing Research Institute: footer, full-width hyphen.
	{In: "京ICP备12019458号－10", Kind: "website", Number: "京ICP备12019458号-10", Entity: "京ICP备12019458号", EntityKind: "filing", ProvinceCode: "11", Serial: "12019458", Index: 10},
	// A Shanghai shop (上海森画电子商务): footer, space and full-width hyphen.
	{In: "沪ICP备 15045419号－1", Kind: "website", Number: "沪ICP备15045419号-1", Entity: "沪ICP备15045419号", EntityKind: "filing", ProvinceCode: "31", Serial: "15045419", Index: 1},
	// yhd.com (1号店): footer.
	{In: "沪ICP备13044278号", Kind: "entity", Number: "沪ICP备13044278号", Entity: "沪ICP备13044278号", EntityKind: "filing", ProvinceCode: "31", Serial: "13044278"},
	// csdn.net: footer, linked to beian.miit.gov.cn/publish/query/indexFirst.action.
	{In: "京ICP备19004658号", Kind: "entity", Number: "京ICP备19004658号", Entity: "京ICP备19004658号", EntityKind: "filing", ProvinceCode: "11", Serial: "19004658"},
	// An IDC's footer, "IDC/ISP证：湘B1-20130093 粤B2-20051052" (the B2 part; the B1 one is not an ICP licence).
	{In: "粤B2-20051052", Kind: "entity", Number: "粤B2-20051052", Entity: "粤B2-20051052", EntityKind: "license", ProvinceCode: "44", Serial: "20051052"},
	// A Guizhou site's footer configuration.
	{In: "黔ICP备2026001073号-1", Kind: "website", Number: "黔ICP备2026001073号-1", Entity: "黔ICP备2026001073号", EntityKind: "filing", ProvinceCode: "52", Serial: "2026001073", Index: 1},
	// A Flutter app's about page ("备案号").
	{In: "陕ICP备2024026116号-1A", Kind: "app", Number: "陕ICP备2024026116号-1A", Entity: "陕ICP备2024026116号", EntityKind: "filing", ProvinceCode: "61", Serial: "2024026116", Index: 1, Letter: "A"},
	// FaceGlow, an app's web page: "备案号：沪ICP备2025152989号-1A".
	{In: "沪ICP备2025152989号-1A", Kind: "app", Number: "沪ICP备2025152989号-1A", Entity: "沪ICP备2025152989号", EntityKind: "filing", ProvinceCode: "31", Serial: "2025152989", Index: 1, Letter: "A"},
	// A macOS app's about view: "ICP备案号：苏ICP备2025175795号-1A".
	{In: "苏ICP备2025175795号-1A", Kind: "app", Number: "苏ICP备2025175795号-1A", Entity: "苏ICP备2025175795号", EntityKind: "filing", ProvinceCode: "32", Serial: "2025175795", Index: 1, Letter: "A"},
	// A SwiftUI app's settings view.
	{In: "鄂ICP备2024036893号-1A", Kind: "app", Number: "鄂ICP备2024036893号-1A", Entity: "鄂ICP备2024036893号", EntityKind: "filing", ProvinceCode: "42", Serial: "2024036893", Index: 1, Letter: "A"},
	// An Android app's about screen.
	{In: "渝ICP备2025052772号-1A", Kind: "app", Number: "渝ICP备2025052772号-1A", Entity: "渝ICP备2025052772号", EntityKind: "filing", ProvinceCode: "50", Serial: "2025052772", Index: 1, Letter: "A"},
	// A WeChat mini-program built with Taro: its footer.
	{In: "津ICP备2024011617号-2X", Kind: "mini_program", Number: "津ICP备2024011617号-2X", Entity: "津ICP备2024011617号", EntityKind: "filing", ProvinceCode: "12", Serial: "2024011617", Index: 2, Letter: "X"},
	// Two WeChat mini-programs of one entity (member and admin apps): the project's list of accounts.
	{In: "粤ICP备2026067180号-1X", Kind: "mini_program", Number: "粤ICP备2026067180号-1X", Entity: "粤ICP备2026067180号", EntityKind: "filing", ProvinceCode: "44", Serial: "2026067180", Index: 1, Letter: "X"},
	// A WeChat mini-program's about page.
	{In: "鲁ICP备2025137015号-2X", Kind: "mini_program", Number: "鲁ICP备2025137015号-2X", Entity: "鲁ICP备2025137015号", EntityKind: "filing", ProvinceCode: "37", Serial: "2025137015", Index: 2, Letter: "X"},
	// A mini game's registration text: "ICP备案号：闽ICP备2025100959号-2X".
	{In: "闽ICP备2025100959号-2X", Kind: "mini_program", Number: "闽ICP备2025100959号-2X", Entity: "闽ICP备2025100959号", EntityKind: "filing", ProvinceCode: "35", Serial: "2025100959", Index: 2, Letter: "X"},
}

// PublicSecuritySpelling is a public security filing number as written, and
// what it must parse to.
type PublicSecuritySpelling struct {
	In           string // exactly as written
	Number       string // canonical form
	ProvinceCode string
	Code         string // the 14 digits
}

// PublicSecuritySpellings are public security filing numbers as real footers
// write them.
var PublicSecuritySpellings = []PublicSecuritySpelling{
	// baidu.com: footer, linked to www.beian.gov.cn/portal/registerSystemInfo?recordcode=11000002000001.
	{In: "京公网安备11000002000001号", Number: "京公网安备11000002000001号", ProvinceCode: "11", Code: "11000002000001"},
	// A copy of baidu.com's footer: "京公网安备 11000002000001号" (space inside).
	{In: "京公网安备 11000002000001号", Number: "京公网安备11000002000001号", ProvinceCode: "11", Code: "11000002000001"},
	// jd.com: footer, "京公网安备 11000002000088号".
	{In: "京公网安备 11000002000088号", Number: "京公网安备11000002000088号", ProvinceCode: "11", Code: "11000002000088"},
	// aliyun.com: footer, "浙公网安备 33010602009975号" linked to www.beian.gov.cn.
	{In: "浙公网安备 33010602009975号", Number: "浙公网安备33010602009975号", ProvinceCode: "33", Code: "33010602009975"},
	// music.163.com: footer.
	{In: "浙公网安备 33010902002564号", Number: "浙公网安备33010902002564号", ProvinceCode: "33", Code: "33010902002564"},
	// qq.com: footer.
	{In: "粤公网安备44030002000001号", Number: "粤公网安备44030002000001号", ProvinceCode: "44", Code: "44030002000001"},
	// bilibili.com: footer, linked to www.beian.gov.cn/portal/registerSystemInfo?recordcode=31011002002436.
	{In: "沪公网安备31011002002436号", Number: "沪公网安备31011002002436号", ProvinceCode: "31", Code: "31011002002436"},
	// volcengine.com: footer.
	{In: "京公网安备11010802032137号", Number: "京公网安备11010802032137号", ProvinceCode: "11", Code: "11010802032137"},
	// mi.com: footer, linked to www.beian.gov.cn.
	{In: "京公网安备11010802020134号", Number: "京公网安备11010802020134号", ProvinceCode: "11", Code: "11010802020134"},
}
