package e2e

import (
	"fmt"
	"strings"
	"testing"
)

// On a phone the decoder's report is below the form: a paste brings it
// into view, and a cue links to it.
func TestDecodeRevealsResultOnPhone(t *testing.T) {
	t.Parallel()
	b := newTab(t, tabOptions{phone: true})
	b.open("/decode")
	b.waitFor("#decode-input")
	// Typed (not pasted): no scroll, but a cue on the first screen.
	b.paste(readTestdata(t, "body_babysea.json"))
	b.waitFor("#decode-jump")
	b.waitJS("the cue on the first screen", `(() => {
		const r = document.querySelector("#decode-jump").getBoundingClientRect();
		return r.height > 0 && r.bottom <= innerHeight;
	})()`)
	b.eval(fmt.Sprintf(`(() => {
		const e = document.querySelector("#decode-input");
		e.focus();
		e.value = %s;
		e.dispatchEvent(new InputEvent("input", {bubbles: true, inputType: "insertFromPaste"}));
		return true;
	})()`, jsString(readTestdata(t, "curl_i_429.txt"))), new(bool))
	b.waitText("#decode-output", "req_e2e_curl_i")
	b.waitJS("the report scrolled into view", `(() => {
		const r = document.querySelector("#decode-output").getBoundingClientRect();
		return r.top >= -2 && r.top < innerHeight / 2;
	})()`)
	if !b.visible("#decode-jump") {
		t.Error("no cue to the result on a phone")
	}
}

// /errors/babysea/BSE9999 (the host's not-found page) names the code,
// searches for it and lists the nearest codes, without reloading itself.
func TestUnknownCodePage(t *testing.T) {
	t.Parallel()
	b := newTab(t)
	b.open("/errors/babysea/BSE9999")
	b.waitFor("#unknown-code-search")
	if href := b.attrs("#unknown-code-search", "href"); len(href) != 1 || !strings.HasSuffix(href[0], "/?q=BSE9999") {
		t.Errorf("search link %v, want /?q=BSE9999", href)
	}
	if h := b.text("h1"); !strings.Contains(h, "BSE9999") {
		t.Errorf("heading %q does not name the code", h)
	}
	if n := len(b.texts("#near-codes li")); n == 0 {
		t.Error("no near codes")
	}
	// #unknown-code-search is the tools binary's render (the pre-rendered
	// not-found page cannot know the path): it ran instead of reloading.
	if p := b.path(); p != "/errors/babysea/BSE9999" {
		t.Errorf("the page moved to %s", p)
	}
	// The search it links to is prefilled.
	b.open("/?q=BSE9999")
	var q string
	b.eval(`document.querySelector("#search").value`, &q)
	if q != "BSE9999" {
		t.Errorf("search box holds %q, want BSE9999", q)
	}
}
