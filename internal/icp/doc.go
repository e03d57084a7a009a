// Package icp holds the rules of China's ICP filing (ICP备案) as pure Go
// functions without I/O: the formats of the numbers, the provinces that issue
// them, the filing status model, timelines and the footer a website must show.
//
// # Numbers
//
//   - ICP record numbers (ICP备案号, FilingNumber, ParseFilingNumber), issued
//     by a provincial communications administration (通信管理局) after MIIT
//     review. The entity number (主体备案号) is the organiser's filing number
//     <province>ICP备<6–10 digits>号 (京ICP备10046444号) or, for a commercial
//     organiser, its licence number: <province>ICP证<digits>号
//     (京ICP证030173号) or a value-added telecommunications licence
//     <province>B2-<8 digits> (粤B2-20090059), without a province when MIIT
//     issued it cross-regionally (B2-20080207). A website's record number is
//     the entity number followed by -N (京ICP备10046444号-9, 京ICP证030173号-1,
//     粤B2-20090059-5); an app's, mini-program's or quick app's by -N and a
//     letter A, X or K (陕ICP备2024026116号-1A).
//   - Commercial ICP licence (经营性ICP许可证), needed to do business online:
//     the licence forms above (ParseLicense, which also accepts a record
//     number and names its licence).
//   - Public security filing number (公安联网备案号), to be obtained within 30
//     days of going live: <province>公网安备<14 digits>号, the digits starting
//     with the province's two-digit administrative division code, e.g.
//     京公网安备11010502030143号. See ParsePublicSecurityNumber.
//
// Province abbreviations are those of the 31 mainland provincial divisions
// (Provinces), with both forms accepted where there are two: 川/蜀, 黔/贵,
// 滇/云, 甘/陇. Parsers ignore white space anywhere in a number (footers often
// write 京ICP备 10046444号) and accept full-width digits and letters and dash
// variants; they keep the abbreviation as written, and String returns a
// canonical form that parses to the same value. Errors (*ParseError) say what
// is wrong and show the expected form. The package's tests read every number
// of icptest.Spellings, numbers as real sites and filing records write them.
//
// # Where a filing is needed
//
// A website served from mainland China needs an approved ICP filing before its
// domain may resolve there; Hong Kong, Macau, Taiwan and abroad need none. For
// Alibaba Cloud that means regions cn-* except cn-hongkong (IsMainlandRegion).
// A filing is made for a registrable domain and covers its subdomains
// (RegistrableDomain).
//
// # Footer
//
// The ICP number must be shown linked to https://beian.miit.gov.cn/ (MIITURL),
// and the public security number linked to its record on beian.mps.gov.cn.
// A footer may show the entity number or the website's own record number
// (sources disagree on which a province wants); FooterHTML shows the licence
// number of a commercial site, the entity number in Guangdong and the number
// as given elsewhere (FooterNumber).
//
// Sources: MIIT 《互联网信息服务管理办法》 (art. 12: show the licence or filing
// number) and 《非经营性互联网信息服务备案管理办法》, MIIT's 《电信业务分类目录》 for
// licence categories, Huawei Cloud's ICP filing FAQ for the letters of app,
// mini-program and quick-app numbers,
// the MPS filing system at https://beian.mps.gov.cn/, Alibaba Cloud ICP filing
// documentation, and GB/T 2260 for division codes. They are facts to verify
// against the current rules, not legal advice.
package icp
