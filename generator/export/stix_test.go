package export

import "testing"

// TestSTIXIdsAreUUIDv5OfTheirName: an object's id is its type and a
// version 5 UUID of its type and name in the project's namespace, the
// same in every build (the values are those of the first bundles
// published, which a rebuild must keep).
func TestSTIXIdsAreUUIDv5OfTheirName(t *testing.T) {
	for _, tc := range []struct{ typ, name, want string }{
		{"report", "https://example.org/briefings/a/", "report--e7484b42-fa46-5dfd-9a04-f9ed991732bc"},
		{"identity", "/people/vladimir-putin/", "identity--7547cafb-32c8-52cd-918a-0e8f023d4b15"},
	} {
		if got := stixID(tc.typ, tc.name); got != tc.want {
			t.Errorf("stixID(%q, %q) = %q, want %q", tc.typ, tc.name, got, tc.want)
		}
	}
}
