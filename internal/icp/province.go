package icp

// Province is one of the 31 provincial-level divisions of mainland China
// (provinces, autonomous regions and municipalities). Hong Kong, Macau and
// Taiwan are not included: they issue no ICP filings.
type Province struct {
	// Abbr is the one-character abbreviation (简称) most commonly used, e.g. "京".
	Abbr string
	// AltAbbr is the alternative abbreviation accepted for the same province,
	// or "" when there is none: 川/蜀 (Sichuan), 黔/贵 (Guizhou), 滇/云 (Yunnan),
	// 甘/陇 (Gansu). ICP numbers commonly use 蜀, 黔, 滇 and 陇, public security
	// numbers commonly use 川, 贵, 云 and 甘; both forms are accepted everywhere.
	AltAbbr string
	// Name is the Chinese name, e.g. "北京".
	Name string
	// EnglishName is the pinyin name, e.g. "Beijing".
	EnglishName string
	// Code is the two-digit administrative division code (行政区划代码) prefix,
	// e.g. "11" for Beijing. Public security filing numbers start with it.
	Code string
}

// String returns the province as "北京 (Beijing)".
func (p Province) String() string {
	if p.Name == "" {
		return ""
	}
	return p.Name + " (" + p.EnglishName + ")"
}

var provinces = [...]Province{
	{Abbr: "京", Name: "北京", EnglishName: "Beijing", Code: "11"},
	{Abbr: "津", Name: "天津", EnglishName: "Tianjin", Code: "12"},
	{Abbr: "冀", Name: "河北", EnglishName: "Hebei", Code: "13"},
	{Abbr: "晋", Name: "山西", EnglishName: "Shanxi", Code: "14"},
	{Abbr: "蒙", Name: "内蒙古", EnglishName: "Inner Mongolia (Nei Mongol)", Code: "15"},
	{Abbr: "辽", Name: "辽宁", EnglishName: "Liaoning", Code: "21"},
	{Abbr: "吉", Name: "吉林", EnglishName: "Jilin", Code: "22"},
	{Abbr: "黑", Name: "黑龙江", EnglishName: "Heilongjiang", Code: "23"},
	{Abbr: "沪", Name: "上海", EnglishName: "Shanghai", Code: "31"},
	{Abbr: "苏", Name: "江苏", EnglishName: "Jiangsu", Code: "32"},
	{Abbr: "浙", Name: "浙江", EnglishName: "Zhejiang", Code: "33"},
	{Abbr: "皖", Name: "安徽", EnglishName: "Anhui", Code: "34"},
	{Abbr: "闽", Name: "福建", EnglishName: "Fujian", Code: "35"},
	{Abbr: "赣", Name: "江西", EnglishName: "Jiangxi", Code: "36"},
	{Abbr: "鲁", Name: "山东", EnglishName: "Shandong", Code: "37"},
	{Abbr: "豫", Name: "河南", EnglishName: "Henan", Code: "41"},
	{Abbr: "鄂", Name: "湖北", EnglishName: "Hubei", Code: "42"},
	{Abbr: "湘", Name: "湖南", EnglishName: "Hunan", Code: "43"},
	{Abbr: "粤", Name: "广东", EnglishName: "Guangdong", Code: "44"},
	{Abbr: "桂", Name: "广西", EnglishName: "Guangxi", Code: "45"},
	{Abbr: "琼", Name: "海南", EnglishName: "Hainan", Code: "46"},
	{Abbr: "渝", Name: "重庆", EnglishName: "Chongqing", Code: "50"},
	{Abbr: "川", AltAbbr: "蜀", Name: "四川", EnglishName: "Sichuan", Code: "51"},
	{Abbr: "黔", AltAbbr: "贵", Name: "贵州", EnglishName: "Guizhou", Code: "52"},
	{Abbr: "滇", AltAbbr: "云", Name: "云南", EnglishName: "Yunnan", Code: "53"},
	{Abbr: "藏", Name: "西藏", EnglishName: "Tibet (Xizang)", Code: "54"},
	{Abbr: "陕", Name: "陕西", EnglishName: "Shaanxi", Code: "61"},
	{Abbr: "甘", AltAbbr: "陇", Name: "甘肃", EnglishName: "Gansu", Code: "62"},
	{Abbr: "青", Name: "青海", EnglishName: "Qinghai", Code: "63"},
	{Abbr: "宁", Name: "宁夏", EnglishName: "Ningxia", Code: "64"},
	{Abbr: "新", Name: "新疆", EnglishName: "Xinjiang", Code: "65"},
}

var (
	provinceByAbbr = map[string]Province{}
	provinceByCode = map[string]Province{}
)

func init() {
	for _, p := range provinces {
		provinceByAbbr[p.Abbr] = p
		if p.AltAbbr != "" {
			provinceByAbbr[p.AltAbbr] = p
		}
		provinceByCode[p.Code] = p
	}
}

// Provinces returns the 31 mainland provincial divisions ordered by division
// code. The slice is a fresh copy.
func Provinces() []Province {
	out := make([]Province, len(provinces))
	copy(out, provinces[:])
	return out
}

// ProvinceByAbbr looks a province up by its one-character abbreviation,
// accepting either form where there are two (川/蜀, 黔/贵, 滇/云, 甘/陇).
func ProvinceByAbbr(abbr string) (Province, bool) {
	p, ok := provinceByAbbr[abbr]
	return p, ok
}

// ProvinceByCode looks a province up by its two-digit administrative division
// code, e.g. "44" for Guangdong.
func ProvinceByCode(code string) (Province, bool) {
	p, ok := provinceByCode[code]
	return p, ok
}
