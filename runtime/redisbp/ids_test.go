package redisbp

import (
	"slices"
	"testing"
)

func TestCompareOrdersIDsNumerically(t *testing.T) {
	// Sorted as Compare must sort them: malformed ids first (by bytes),
	// then by milliseconds, then by sequence, never by text.
	sorted := []string{
		"", "01-0", "1-", "abc",
		"0-0", "0-1", "1-0", "1-2", "1-10", "9-0", "10-0", "10-1",
		"1795433441104-0", "1795433441104-18446744073709551615", "18446744073709551615-0",
	}
	for i, a := range sorted {
		for j, b := range sorted {
			want := 0
			switch {
			case i < j:
				want = -1
			case i > j:
				want = 1
			}
			if got := compareIDs(a, b); got != want {
				t.Errorf("Compare(%q, %q) = %d, want %d", a, b, got, want)
			}
		}
	}
	shuffled := slices.Clone(sorted)
	slices.Reverse(shuffled)
	slices.SortFunc(shuffled, compareIDs)
	if !slices.Equal(shuffled, sorted) {
		t.Errorf("sorted with Compare: %q, want %q", shuffled, sorted)
	}
}

func TestParseIDAcceptsOnlyCanonicalIDs(t *testing.T) {
	for _, id := range []string{"0-0", "1-0", "1795433441104-7", "18446744073709551615-18446744073709551615"} {
		if _, _, ok := parseID(id); !ok {
			t.Errorf("parseID(%q) refused", id)
		}
		if ms, seq, _ := parseID(id); formatID(ms, seq) != id {
			t.Errorf("formatID(parseID(%q)) = %q", id, formatID(ms, seq))
		}
	}
	for _, id := range []string{"", "-", "1", "1-", "-1", "00-1", "1-00", "+1-1", "1-+1", "1-1-1", " 1-1", "1_0-1", "18446744073709551616-0", "١-٠"} {
		if _, _, ok := parseID(id); ok {
			t.Errorf("parseID(%q) accepted", id)
		}
	}
}

func TestParseNote(t *testing.T) {
	n, ok := parseNote("a/b", "1-0\n2-0\nName\nline\nline\r\n")
	if !ok || n.prev != "1-0" || n.event.ID != "2-0" || n.event.Name != "Name" ||
		string(n.event.Data) != "line\nline\r\n" || n.event.Topic != "a/b" {
		t.Errorf("parseNote = %+v, %v", n, ok)
	}
	if n, ok := parseNote("a/b", "0-0\n2-0\nName\n"); !ok || len(n.event.Data) != 0 {
		t.Errorf("empty data: %+v, %v", n, ok)
	}
	for _, bad := range []string{"", "garbage", "1-0\n2-0\nName", "x\n2-0\nN\nd", "1-0\ny\nN\nd"} {
		if _, ok := parseNote("a/b", bad); ok {
			t.Errorf("parseNote(%q) accepted", bad)
		}
	}
}
