package search

// Exported for the tests of package search_test, which build sites (and
// so import the generator, which imports search).
type Posting = posting

const Digits = digits

var (
	MakePosting = makePosting
	Encode      = encode
	WriteString = writeString
)
