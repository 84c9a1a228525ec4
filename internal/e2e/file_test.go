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
	t.Run("decoder drop", func(t *testing.T) {
		b := newTab(t)
		b.open("/decode")
		b.dropFile("#decode-input", "curl_i_429.txt", readTestdata(t, "curl_i_429.txt"))
		b.waitText("#decode-output", "BSE1005")
		b.waitText("#decode-note", "Decoded curl_i_429.txt")
		if b.has(".dropzone.dragging") {
			t.Error("the paste area still looks dragged over after the drop")
		}
	})
	t.Run("decoder file input", func(t *testing.T) {
		b := newTab(t)
		b.open("/decode")
		b.chooseFile("#decode-file", "curl_v_503.txt", readTestdata(t, "curl_v_503.txt"))
		b.waitText("#decode-output", "BSE4005")
		b.waitText("#decode-note", "Decoded curl_v_503.txt")
	})
	t.Run("triage drop", func(t *testing.T) {
		b := newTab(t)
		b.open("/triage")
		b.dropFile("#triage-input", "triage_retry.har", readTestdata(t, "triage_retry.har"))
		b.waitText("#triage-groups", "BSE1005")
		b.waitText("#triage-note", "Analysed triage_retry.har")
	})
	t.Run("triage file input", func(t *testing.T) {
		b := newTab(t)
		b.open("/triage")
		b.chooseFile("#triage-file", "triage_retry.har", readTestdata(t, "triage_retry.har"))
		b.waitText("#triage-groups", "BSE1005")
		b.waitText("#triage-note", "Analysed triage_retry.har")
	})
}
