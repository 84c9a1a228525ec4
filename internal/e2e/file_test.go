package e2e

import (
	"fmt"
	"testing"
)

// Reading a file: the decoder and the triage page take a file dropped on
// their paste area or chosen with "Open a file…"; it is read in the
// browser and never uploaded.

// fileJS builds a DataTransfer holding one text file, as a drag from the
// desktop or a file picker would.
func fileJS(name, text string) string {
	return fmt.Sprintf(`(() => { const dt = new DataTransfer(); dt.items.add(new File([%s], %s, {type: "text/plain"})); return dt })()`, jsString(text), jsString(name))
}

// dropFile drops a file named name holding text onto the element sel.
func (b *tab) dropFile(sel, name, text string) {
	b.t.Helper()
	var ok bool
	b.eval(fmt.Sprintf(`(() => {
		const e = document.querySelector(%s);
		if (!e) return false;
		const dt = %s;
		e.dispatchEvent(new DragEvent("dragover", {dataTransfer: dt, bubbles: true, cancelable: true}));
		e.dispatchEvent(new DragEvent("drop", {dataTransfer: dt, bubbles: true, cancelable: true}));
		return true;
	})()`, jsString(sel), fileJS(name, text)), &ok)
	if !ok {
		b.t.Fatalf("nothing to drop a file on at %s on %s", sel, b.location())
	}
}

// chooseFile puts a file into the file input sel and fires change, as the
// file picker does.
func (b *tab) chooseFile(sel, name, text string) {
	b.t.Helper()
	var ok bool
	b.eval(fmt.Sprintf(`(() => {
		const e = document.querySelector(%s);
		if (!e) return false;
		e.files = %s.files;
		e.dispatchEvent(new Event("change", {bubbles: true}));
		return true;
	})()`, jsString(sel), fileJS(name, text)), &ok)
	if !ok {
		b.t.Fatalf("no file input %s on %s", sel, b.location())
	}
}

func TestReadFile(t *testing.T) {
	tests := []struct {
		name, page string
		drop       bool   // drop the file on field; else choose it with the file input
		field      string // the paste area, or the file input
		file, want string // the testdata file and a code its report shows
		output     string
		note, said string // the page's note and what it says of the file
	}{
		{"decoder drop", "/decode", true, "#decode-input", "curl_i_429.txt", "BSE1005", "#decode-output", "#decode-note", "Decoded curl_i_429.txt"},
		{"decoder file input", "/decode", false, "#decode-file", "curl_v_503.txt", "BSE4005", "#decode-output", "#decode-note", "Decoded curl_v_503.txt"},
		{"triage drop", "/triage", true, "#triage-input", "triage_retry.har", "BSE1005", "#triage-groups", "#triage-note", "Analysed triage_retry.har"},
		{"triage file input", "/triage", false, "#triage-file", "triage_retry.har", "BSE1005", "#triage-groups", "#triage-note", "Analysed triage_retry.har"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := newTab(t)
			b.open(tt.page)
			if tt.drop {
				b.dropFile(tt.field, tt.file, readTestdata(t, tt.file))
			} else {
				b.chooseFile(tt.field, tt.file, readTestdata(t, tt.file))
			}
			b.waitText(tt.output, tt.want)
			b.waitText(tt.note, tt.said)
			if tt.drop && b.has(".dropzone.dragging") {
				t.Error("the paste area still looks dragged over after the drop")
			}
		})
	}
}
