//go:build !wasm

package site

import (
	"bytes"
	"image/png"
	"testing"
)

func TestIcon(t *testing.T) {
	for _, tt := range []struct {
		size     int
		maskable bool
	}{{192, false}, {512, false}, {512, true}} {
		img, err := png.Decode(bytes.NewReader(Icon(tt.size, tt.maskable)))
		if err != nil {
			t.Fatal(err)
		}
		if b := img.Bounds(); b.Dx() != tt.size || b.Dy() != tt.size {
			t.Errorf("Icon(%d) is %v", tt.size, b)
		}
		_, _, _, cornerA := img.At(0, 0).RGBA()
		_, _, _, centreA := img.At(tt.size/2, tt.size/2).RGBA()
		// A maskable icon is full bleed; the plain one has rounded corners.
		if wantOpaque := tt.maskable; (cornerA == 0xffff) != wantOpaque {
			t.Errorf("Icon(%d, maskable=%v): corner alpha %#x", tt.size, tt.maskable, cornerA)
		}
		if centreA != 0xffff {
			t.Errorf("Icon(%d): centre not opaque", tt.size)
		}
		// The glyph is drawn: some pixels are the foreground colour.
		scale := 1.0
		if tt.maskable {
			scale = 0.78
		}
		x := int(float64(tt.size) * (0.5 + (0.44-0.5)*scale))
		y := int(float64(tt.size) * (0.5 + (0.56-0.5)*scale))
		if r, g, b, _ := img.At(x, y).RGBA(); r>>8 < 0xf0 || g>>8 < 0xf0 || b>>8 < 0xf0 {
			t.Errorf("Icon(%d, maskable=%v): the exclamation dot at (%d, %d) is not white", tt.size, tt.maskable, x, y)
		}
	}
}
