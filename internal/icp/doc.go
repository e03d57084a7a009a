// Package icp holds the rules of China's ICP filing (ICP备案) as pure Go
// functions without I/O: the formats of the numbers, the provinces that issue
// them, the filing status model, timelines and the footer a website must show.
//
// # Numbers
//
//   - ICP filing number (ICP备案号), issued by a provincial communications
//     administration (通信管理局) after MIIT review:
//     <province>ICP备<6–10 digits>号 for the entity (主体), followed by -N for
//     its N-th website (网站), e.g. 京ICP备10046444号-9. See ParseFilingNumber.
//   - Commercial ICP licence (经营性ICP许可证), needed to do business online:
//     <province>B2-<8 digits> (浙B2-20080101) or <province>ICP证<digits>号
//     (京ICP证030173号). See ParseLicense.
//   - Public security filing number (公安联网备案号), to be obtained within 30
//     days of going live: <province>公网安备<14 digits>号, the digits starting
//     with the province's two-digit administrative division code, e.g.
//     京公网安备11010502030143号. See ParsePublicSecurityNumber.
//
// Province abbreviations are those of the 31 mainland provincial divisions
// (Provinces), with both forms accepted where there are two: 川/蜀, 黔/贵,
// 滇/云, 甘/陇. Parsers ignore surrounding white space and accept full-width
// digits and letters and dash variants; they keep the abbreviation as
// written, and String returns a canonical form that parses to the same value.
// Errors (*ParseError) say what is wrong and show the expected form.
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
// Sites filed in Guangdong show the entity number, others the website number
// (FooterHTML).
//
// Sources: MIIT 《互联网信息服务管理办法》 and 《非经营性互联网信息服务备案管理办法》,
// the MPS filing system at https://beian.mps.gov.cn/, Alibaba Cloud ICP filing
// documentation, and GB/T 2260 for division codes. They are facts to verify
// against the current rules, not legal advice.
package icp
