package mainland

import (
	"bufio"
	"bytes"
	"compress/flate"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
)

// The binary form of a LocationTable, the file embedded in the provider
// (locationdata/location.bin, written by the generator in internal/mainland/internal/locgen):
//
//	"BEIANLOC" format-version(uvarint, 2)
//	source, date, integrity, meta: each a uvarint length and UTF-8 bytes; meta is the JSON
//	  of LocationMeta for a table of several sources, empty for a table of one source
//	raw DEFLATE (RFC 1951) of the tables:
//	  n4 (uvarint), then n4 × uvarint(delta<<3 | location): IPv4 range starts as
//	    differences from the previous start (the first start is 0), each followed, in a
//	    table of several sources, by uvarint(code) (location_multi.go; the location field
//	    is then 0 and the location is LocationMeta.Decide's answer for the code)
//	  n6 (uvarint), then n6 × (uvarint(shift<<3 | location), uvarint128(m)[, uvarint(code)]):
//	    IPv6 range starts as differences m<<shift from the previous one (m odd; 0 for the first)
//	  the byte 0xE0 (end marker)
//
// Location values are the constants of this package (0 unknown … 5 offshore). Adjacent
// ranges differ in location (one source) or in code (several sources).
const (
	locationMagic         = "BEIANLOC"
	locationFormat        = 2
	maxLocationMeta       = 64 << 10
	locationEndMarker     = 0xE0
	maxLocationRanges     = 1 << 24 // far above any real table (~170,000 ranges)
	maxLocationHeaderText = 1 << 10
)

// MarshalBinary encodes the table in the embedded file's form.
func (t *LocationTable) MarshalBinary() ([]byte, error) {
	var out bytes.Buffer
	out.WriteString(locationMagic)
	out.Write(binary.AppendUvarint(nil, locationFormat))
	for _, s := range []string{t.info.Source, t.info.Date, t.info.Integrity} {
		if len(s) > maxLocationHeaderText {
			return nil, fmt.Errorf("header text of %d bytes is too long", len(s))
		}
		out.Write(binary.AppendUvarint(nil, uint64(len(s))))
		out.WriteString(s)
	}
	var meta []byte
	if t.meta != nil {
		var err error
		if meta, err = json.Marshal(t.meta); err != nil {
			return nil, err
		}
		if len(meta) > maxLocationMeta {
			return nil, fmt.Errorf("metadata of %d bytes is too long", len(meta))
		}
	}
	out.Write(binary.AppendUvarint(nil, uint64(len(meta))))
	out.Write(meta)
	zw, err := flate.NewWriter(&out, flate.BestCompression)
	if err != nil {
		return nil, err
	}
	coded := t.meta != nil
	var body []byte
	body = binary.AppendUvarint(body, uint64(len(t.v4start)))
	prev4 := uint32(0)
	for i, s := range t.v4start {
		if coded {
			body = binary.AppendUvarint(body, uint64(s-prev4)<<3)
			body = binary.AppendUvarint(body, uint64(t.v4code[i]))
		} else {
			body = binary.AppendUvarint(body, uint64(s-prev4)<<3|uint64(t.v4loc[i]))
		}
		prev4 = s
	}
	body = binary.AppendUvarint(body, uint64(len(t.v6start)))
	var prev6 u128
	for i, s := range t.v6start {
		d := s.sub(prev6)
		shift := 0
		if !d.isZero() {
			shift = d.trailingZeros()
		}
		if coded {
			body = binary.AppendUvarint(body, uint64(shift)<<3)
		} else {
			body = binary.AppendUvarint(body, uint64(shift)<<3|uint64(t.v6loc[i]))
		}
		body = appendUvarint128(body, d.shr(shift))
		if coded {
			body = binary.AppendUvarint(body, uint64(t.v6code[i]))
		}
		prev6 = s
	}
	body = append(body, locationEndMarker)
	if _, err := zw.Write(body); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

func appendUvarint128(b []byte, v u128) []byte {
	for v.hi != 0 || v.lo >= 0x80 {
		b = append(b, byte(v.lo&0x7f)|0x80)
		v = v.shr(7)
	}
	return append(b, byte(v.lo))
}

func readUvarint128(r io.ByteReader) (u128, error) {
	var v u128
	for shift := 0; shift < 133; shift += 7 {
		c, err := r.ReadByte()
		if err != nil {
			return u128{}, err
		}
		part, ok := u128{0, uint64(c & 0x7f)}.shl(shift)
		if !ok {
			return u128{}, errors.New("a 128-bit number overflows")
		}
		v = u128{v.hi | part.hi, v.lo | part.lo}
		if c < 0x80 {
			return v, nil
		}
	}
	return u128{}, errors.New("a 128-bit number is too long")
}

// decodeLocationHeader reads the header of an encoded table (cheap, no tables built) and
// returns the rest.
func decodeLocationHeader(b []byte) (LocationInfo, *LocationMeta, []byte, error) {
	if !bytes.HasPrefix(b, []byte(locationMagic)) {
		return LocationInfo{}, nil, nil, errors.New("not a location table (no BEIANLOC header)")
	}
	b = b[len(locationMagic):]
	v, n := binary.Uvarint(b)
	if n <= 0 || v != locationFormat {
		return LocationInfo{}, nil, nil, fmt.Errorf("location table format %d is not supported (want %d)", v, locationFormat)
	}
	b = b[n:]
	var texts [4]string
	for i := range texts {
		limit := uint64(maxLocationHeaderText)
		if i == 3 {
			limit = maxLocationMeta
		}
		l, n := binary.Uvarint(b)
		if n <= 0 || l > limit {
			return LocationInfo{}, nil, nil, errors.New("damaged location table header")
		}
		size := int(l) //nolint:gosec // G115: at most maxLocationMeta, checked above
		if len(b)-n < size {
			return LocationInfo{}, nil, nil, errors.New("damaged location table header")
		}
		texts[i] = string(b[n : n+size])
		b = b[n+size:]
	}
	var meta *LocationMeta
	if texts[3] != "" {
		meta = &LocationMeta{}
		if err := json.Unmarshal([]byte(texts[3]), meta); err != nil {
			return LocationInfo{}, nil, nil, fmt.Errorf("damaged location table metadata: %w", err)
		}
		if len(meta.Networks) > MaxNetworks {
			return LocationInfo{}, nil, nil, errors.New("damaged location table metadata: too many networks")
		}
	}
	return LocationInfo{Source: texts[0], Date: texts[1], Integrity: texts[2]}, meta, b, nil
}

// DecodeLocationTable decodes a table written by MarshalBinary, checking its structure:
// ranges start at 0 and strictly increase, locations are known, nothing follows the end.
func DecodeLocationTable(b []byte) (*LocationTable, error) {
	info, meta, rest, err := decodeLocationHeader(b)
	if err != nil {
		return nil, err
	}
	coded := meta != nil
	var decided *codeLocations
	if coded {
		decided = new(codeLocations)
	}
	compressed := bytes.NewReader(rest) // an io.ByteReader: flate reads no further than its stream
	r := bufio.NewReaderSize(flate.NewReader(compressed), 64<<10)
	t := &LocationTable{info: info, meta: meta}
	damaged := func(what string, err error) error {
		if err != nil {
			return fmt.Errorf("damaged location table: %s: %w", what, err)
		}
		return fmt.Errorf("damaged location table: %s", what)
	}
	n4, err := binary.ReadUvarint(r)
	if err != nil || n4 > maxLocationRanges {
		return nil, damaged("IPv4 range count", err)
	}
	// Capacity grows with what is read: a damaged count cannot make the decoder allocate
	// much before it fails.
	t.v4start = make([]uint32, 0, min(n4, 1<<18))
	t.v4loc = make([]Location, 0, min(n4, 1<<18))
	if coded {
		t.v4code = make([]uint16, 0, min(n4, 1<<18))
	}
	var cur4 uint64
	for i := 0; i < int(n4); i++ {
		v, err := binary.ReadUvarint(r)
		if err != nil {
			return nil, damaged("IPv4 ranges", err)
		}
		loc, d := Location(v&7), v>>3
		var code uint16
		if coded {
			c, err := binary.ReadUvarint(r)
			if err != nil || c > math.MaxUint16 || loc != 0 || i > 0 && uint16(c) == t.v4code[i-1] {
				return nil, damaged(fmt.Sprintf("IPv4 range %d", i), err)
			}
			code = uint16(c)
			loc = decided.location(meta, code)
		} else if i > 0 && loc == t.v4loc[i-1] {
			return nil, damaged(fmt.Sprintf("IPv4 range %d", i), nil)
		}
		if loc >= numLocations || (i == 0) != (d == 0) || cur4+d > 0xFFFFFFFF {
			return nil, damaged(fmt.Sprintf("IPv4 range %d", i), nil)
		}
		cur4 += d
		t.v4start, t.v4loc = append(t.v4start, uint32(cur4)), append(t.v4loc, loc) //nolint:gosec // G115: cur4 <= 0xFFFFFFFF, checked above
		if coded {
			t.v4code = append(t.v4code, code)
		}
	}
	n6, err := binary.ReadUvarint(r)
	if err != nil || n6 > maxLocationRanges {
		return nil, damaged("IPv6 range count", err)
	}
	t.v6start = make([]u128, 0, min(n6, 1<<18))
	t.v6loc = make([]Location, 0, min(n6, 1<<18))
	if coded {
		t.v6code = make([]uint16, 0, min(n6, 1<<18))
	}
	var cur6 u128
	for i := 0; i < int(n6); i++ {
		v, err := binary.ReadUvarint(r)
		if err != nil {
			return nil, damaged("IPv6 ranges", err)
		}
		m, err := readUvarint128(r)
		if err != nil {
			return nil, damaged("IPv6 ranges", err)
		}
		loc, shift := Location(v&7), int(v>>3)
		d, ok := m.shl(shift)
		if shift > 127 || !ok {
			return nil, damaged(fmt.Sprintf("IPv6 range %d", i), nil)
		}
		var code uint16
		if coded {
			c, err := binary.ReadUvarint(r)
			if err != nil || c > math.MaxUint16 || loc != 0 || i > 0 && uint16(c) == t.v6code[i-1] {
				return nil, damaged(fmt.Sprintf("IPv6 range %d", i), err)
			}
			code = uint16(c)
			loc = decided.location(meta, code)
		} else if i > 0 && loc == t.v6loc[i-1] {
			return nil, damaged(fmt.Sprintf("IPv6 range %d", i), nil)
		}
		next, carry := cur6.add(d)
		if loc >= numLocations || (i == 0) != d.isZero() || carry {
			return nil, damaged(fmt.Sprintf("IPv6 range %d", i), nil)
		}
		cur6 = next
		t.v6start, t.v6loc = append(t.v6start, cur6), append(t.v6loc, loc)
		if coded {
			t.v6code = append(t.v6code, code)
		}
	}
	if c, err := r.ReadByte(); err != nil || c != locationEndMarker {
		return nil, damaged("no end marker", err)
	}
	if _, err := r.ReadByte(); err != io.EOF || compressed.Len() != 0 {
		return nil, damaged("data after the end marker", nil)
	}
	t.index()
	return t, nil
}
