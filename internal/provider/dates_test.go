package provider

import (
	"testing"
	"time"

	"github.com/beian-dev/terraform-provider-beian/internal/aliyun"
)

func TestChinaDates(t *testing.T) {
	if got := chinaDate(time.Time{}); got != "unknown" {
		t.Errorf("chinaDate(zero) = %q, want unknown", got)
	}
	if got := chinaDate(time.Date(2026, 3, 1, 20, 0, 0, 0, time.UTC)); got != "2026-03-02" {
		t.Errorf("chinaDate = %q, want the China date 2026-03-02", got)
	}
	d, err := parseChinaDate(" 2026-03-02 ")
	if err != nil || !d.Equal(time.Date(2026, 3, 2, 0, 0, 0, 0, aliyun.ChinaTime)) {
		t.Errorf("parseChinaDate = %v, %v", d, err)
	}
	if _, err := parseChinaDate("2 March 2026"); err == nil {
		t.Error("parseChinaDate accepted a non-date")
	}
}
