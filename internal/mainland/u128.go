package mainland

import (
	"encoding/binary"
	"math"
	"math/bits"
	"net/netip"
)

// 128-bit unsigned integers: IPv6 addresses as numbers, for the location and registry tables.

type u128 struct{ hi, lo uint64 }

func toU128(a netip.Addr) u128 {
	b := a.As16()
	return u128{binary.BigEndian.Uint64(b[:8]), binary.BigEndian.Uint64(b[8:])}
}

var maxU128 = u128{math.MaxUint64, math.MaxUint64}

func fromU128(u u128) netip.Addr {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], u.hi)
	binary.BigEndian.PutUint64(b[8:], u.lo)
	return netip.AddrFrom16(b)
}

func (a u128) add1() u128 {
	lo, c := bits.Add64(a.lo, 1, 0)
	return u128{a.hi + c, lo}
}

func (a u128) sub1() u128 {
	lo, b := bits.Sub64(a.lo, 1, 0)
	return u128{a.hi - b, lo}
}

func (a u128) sub(b u128) u128 {
	lo, br := bits.Sub64(a.lo, b.lo, 0)
	return u128{a.hi - b.hi - br, lo}
}

func (a u128) add(b u128) (u128, bool) {
	lo, c := bits.Add64(a.lo, b.lo, 0)
	hi, c2 := bits.Add64(a.hi, b.hi, c)
	return u128{hi, lo}, c2 != 0
}

func (a u128) cmp(b u128) int {
	switch {
	case a.hi < b.hi || a.hi == b.hi && a.lo < b.lo:
		return -1
	case a == b:
		return 0
	}
	return 1
}

func (a u128) isZero() bool { return a.hi == 0 && a.lo == 0 }

func (a u128) trailingZeros() int {
	if a.lo != 0 {
		return bits.TrailingZeros64(a.lo)
	}
	if a.hi != 0 {
		return 64 + bits.TrailingZeros64(a.hi)
	}
	return 128
}

func (a u128) shr(n int) u128 {
	switch {
	case n == 0:
		return a
	case n >= 128:
		return u128{}
	case n >= 64:
		return u128{0, a.hi >> (n - 64)}
	}
	return u128{a.hi >> n, a.lo>>n | a.hi<<(64-n)}
}

func (a u128) shl(n int) (u128, bool) {
	switch {
	case n == 0:
		return a, true
	case n >= 128:
		return u128{}, a.isZero()
	case n >= 64:
		return u128{a.lo << (n - 64), 0}, a.hi == 0 && a.lo>>(128-n) == 0
	}
	return u128{a.hi<<n | a.lo>>(64-n), a.lo << n}, a.hi>>(64-n) == 0
}

// mul10add multiplies by 10 and adds d, reporting overflow.
func (a u128) mul10add(d uint64) (u128, bool) {
	hi1, lo := bits.Mul64(a.lo, 10)
	hi2, hi := bits.Mul64(a.hi, 10)
	if hi2 != 0 {
		return u128{}, false
	}
	hi, c := bits.Add64(hi, hi1, 0)
	if c != 0 {
		return u128{}, false
	}
	lo, c = bits.Add64(lo, d, 0)
	hi, c = bits.Add64(hi, 0, c)
	return u128{hi, lo}, c == 0
}

// ---- building a table from rows ------------------------------------------------------

// float is a as a float64 (rounded).
func (a u128) float() float64 { return float64(a.hi)*(1<<64) + float64(a.lo) }
