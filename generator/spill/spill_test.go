package spill

import (
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
)

func TestPutAndReadFromManyGoroutines(t *testing.T) {
	dir := t.TempDir()
	f, err := Create(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	const n = 2000 // some 10 MB: several buffers written out
	got := make([]Bytes, n)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := g; i < n; i += 4 {
				if i%2 == 0 {
					got[i] = f.Put([]byte(body(i)))
				} else {
					got[i] = f.PutString(body(i))
				}
			}
		})
	}
	wg.Wait()
	var buf []byte
	for i, b := range got {
		if b.file == nil {
			t.Fatalf("body %d stayed in memory", i)
		}
		if b.Len() != len(body(i)) {
			t.Errorf("body %d: Len %d, want %d", i, b.Len(), len(body(i)))
		}
		if s := b.String(); s != body(i) {
			t.Errorf("body %d: String %.20q..., want %.20q...", i, s, body(i))
		}
		r, err := b.Read()
		if err != nil || string(r) != body(i) {
			t.Errorf("body %d: Read %.20q, %v", i, r, err)
		}
		// AppendTo, into a buffer that already holds the last body
		// read, as search reads them one after the other.
		buf, err = b.AppendTo(append(buf[:0], "before:"...))
		if err != nil || string(buf) != "before:"+body(i) {
			t.Errorf("body %d: AppendTo %.20q, %v", i, buf, err)
		}
	}
	if err := f.Err(); err != nil {
		t.Fatal(err)
	}
}

// body is a string of a size that differs with i.
func body(i int) string {
	return strings.Repeat(fmt.Sprintf("<p>body %d</p>", i), 1+i%700)
}

func TestTheFileLeavesNothingBehind(t *testing.T) {
	dir := t.TempDir()
	f, err := Create(dir)
	if err != nil {
		t.Fatal(err)
	}
	b := f.Put([]byte("<p>kept</p>"))
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) > 0 {
		t.Errorf("left %s in the folder", entries[0].Name())
	}
	if _, err := b.Read(); err == nil {
		t.Error("reading from a closed file did not fail")
	}
	if f.Err() == nil {
		t.Error("Err did not report the failed read")
	}
	if b.String() != "" {
		t.Error("String of an unreadable string is not empty")
	}
}

func TestNilFileKeepsStringsInMemory(t *testing.T) {
	var f *File
	html := []byte("<p>x</p>")
	b := f.Put(html)
	if r, _ := b.Read(); &r[0] != &html[0] {
		t.Error("Put on a nil File copied the slice")
	}
	if s := f.PutString("plain").String(); s != "plain" {
		t.Errorf("PutString on a nil File: %q", s)
	}
	for _, b := range []Bytes{b, f.PutString("<p>x</p>")} {
		if got, err := b.AppendTo([]byte("a")); err != nil || string(got) != "a<p>x</p>" {
			t.Errorf("AppendTo in memory: %q, %v", got, err)
		}
	}
	if f.Err() != nil || f.Close() != nil {
		t.Error("a nil File reports an error")
	}
	if b.Len() != len(html) || f.PutString("plain").Len() != len("plain") {
		t.Error("Len of a string in memory is wrong")
	}
	var zero Bytes
	if zero.String() != "" || zero.Len() != 0 {
		t.Error("the zero Bytes is not empty")
	}
	if r, err := zero.Read(); len(r) != 0 || err != nil {
		t.Errorf("the zero Bytes reads %q, %v", r, err)
	}
}

func TestCreateInAMissingFolderFails(t *testing.T) {
	if _, err := Create(t.TempDir() + "/missing"); err == nil {
		t.Fatal("Create in a missing folder succeeded")
	}
}

func TestStringsStayInMemoryWhenTheFileCannotBeWritten(t *testing.T) {
	f, err := Create(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	f.f.Close() // every write fails from now on
	var got []Bytes
	for i := range 300 { // several times pendingSize
		got = append(got, f.PutString(strings.Repeat("x", 10000)+fmt.Sprint(i)))
	}
	for i, b := range got {
		if want := strings.Repeat("x", 10000) + fmt.Sprint(i); b.String() != want {
			t.Fatalf("string %d was lost", i)
		}
	}
	if f.Err() == nil {
		t.Error("Err did not report the failed write")
	}
}

// TestSliceReadsPartOfAString: a slice of a string reads those bytes
// alone, whether the string is in the file (still in the buffer, or
// written out), in memory as bytes, or in memory as a string.
func TestSliceReadsPartOfAString(t *testing.T) {
	f, err := Create(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	const s = "Putin spoke at length. Merkel left early."
	pending := f.PutString(s)
	f.Put(make([]byte, pendingSize)) // writes pending out
	written := f.PutString(s)
	var nilFile *File
	for name, b := range map[string]Bytes{"pending": pending, "written": written, "bytes": nilFile.Put([]byte(s)), "string": nilFile.PutString(s)} {
		for _, c := range []struct{ i, j int }{{0, 22}, {23, len(s)}, {6, 11}, {0, len(s)}, {5, 5}} {
			part := b.Slice(c.i, c.j)
			if got, want := part.String(), s[c.i:c.j]; got != want {
				t.Errorf("%s: Slice(%d, %d) reads %q, want %q", name, c.i, c.j, got, want)
			}
			if part.Len() != c.j-c.i {
				t.Errorf("%s: Slice(%d, %d).Len() = %d, want %d", name, c.i, c.j, part.Len(), c.j-c.i)
			}
		}
	}
	if err := f.Err(); err != nil {
		t.Fatal(err)
	}
}
