package main

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// A fileDrop is the drag-and-drop state of a page that reads a dropped or
// chosen file (the decoder and triage). Pages embed it and pass their own
// read function to its handlers.
type fileDrop struct{ dragging bool }

func (d *fileDrop) onDragOver(ctx app.Context, e app.Event) {
	e.PreventDefault()
	d.dragging = true
}

func (d *fileDrop) onDragLeave(ctx app.Context, e app.Event) { d.dragging = false }

// onDrop returns the drop handler: it hands the dropped files to read.
func (d *fileDrop) onDrop(read func(app.Context, app.Value)) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		e.PreventDefault()
		d.dragging = false
		read(ctx, e.Get("dataTransfer").Get("files"))
	}
}

// zone returns class, plus " dragging" while a file is dragged over it.
func (d *fileDrop) zone(class string) string {
	if d.dragging {
		return class + " dragging"
	}
	return class
}

// onFileChosen returns the change handler of a file input: it hands the
// chosen files to read and clears the input, so choosing the same file
// again fires again.
func onFileChosen(read func(app.Context, app.Value)) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		read(ctx, ctx.JSSrc().Get("files"))
		ctx.JSSrc().Set("value", "")
	}
}

// A pickedFile is the first file of a FileList, read in the browser.
type pickedFile struct {
	name string
	size int    // the file's size in bytes
	cut  bool   // only the first limit bytes are read
	text string // the text read; set only when done is called
}

// readFirstFile reads at most limit bytes of the first file of files with
// the browser's File API — nothing is uploaded — and calls done with the
// text on the UI goroutine. It returns the file's name and size at once, and
// false when files is empty.
func readFirstFile(ctx app.Context, files app.Value, limit int, done func(app.Context, pickedFile)) (pickedFile, bool) {
	if !files.Truthy() || files.Get("length").Int() == 0 {
		return pickedFile{}, false
	}
	f := files.Index(0)
	pf := pickedFile{name: f.Get("name").String(), size: f.Get("size").Int()}
	blob := f
	if pf.size > limit {
		blob = f.Call("slice", 0, limit)
		pf.cut = true
	}
	blob.Call("text").Then(func(v app.Value) {
		got := pf
		got.text = v.String()
		ctx.Dispatch(func(ctx app.Context) { done(ctx, got) })
	})
	return pf, true
}
