//go:build !wasm

package site

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"
)

// The icon's colours; web/icon.svg uses the same ones and the same shapes.
var (
	iconBackground = color.NRGBA{0x0b, 0x5c, 0xad, 0xff}
	iconForeground = color.NRGBA{0xff, 0xff, 0xff, 0xff}
)

// Icon draws the site icon, a magnifying glass over an exclamation mark, as a
// size×size PNG. A maskable icon fills the whole square with the background
// and keeps the glyph inside the central safe zone (a circle of 40% of the
// size); the plain icon is a rounded square on a transparent background.
func Icon(size int, maskable bool) []byte {
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	const ss = 4 // supersampling per axis, for anti-aliased edges
	scale := 1.0
	if maskable {
		scale = 0.78
	}
	for py := 0; py < size; py++ {
		for px := 0; px < size; px++ {
			var bg, fg int
			for sy := 0; sy < ss; sy++ {
				for sx := 0; sx < ss; sx++ {
					x := (float64(px) + (float64(sx)+0.5)/ss) / float64(size)
					y := (float64(py) + (float64(sy)+0.5)/ss) / float64(size)
					if maskable || roundedSquare(x, y, 0.2) {
						bg++
					}
					gx := 0.5 + (x-0.5)/scale
					gy := 0.5 + (y-0.5)/scale
					if glyph(gx, gy) {
						fg++
					}
				}
			}
			n := ss * ss
			if bg == 0 {
				continue
			}
			// Blend the glyph over the background; the background's own
			// coverage becomes alpha.
			t := float64(fg) / float64(n)
			mix := func(a, b uint8) uint8 { return uint8(math.Round(float64(a)*(1-t) + float64(b)*t)) }
			img.SetNRGBA(px, py, color.NRGBA{
				mix(iconBackground.R, iconForeground.R),
				mix(iconBackground.G, iconForeground.G),
				mix(iconBackground.B, iconForeground.B),
				uint8(math.Round(255 * float64(bg) / float64(n))),
			})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		panic(err) // encoding an in-memory NRGBA image cannot fail
	}
	return b.Bytes()
}

// roundedSquare reports whether (x, y) in the unit square lies inside a
// square with corner radius r.
func roundedSquare(x, y, r float64) bool {
	dx := math.Max(math.Max(r-x, x-(1-r)), 0)
	dy := math.Max(math.Max(r-y, y-(1-r)), 0)
	return dx*dx+dy*dy <= r*r
}

// glyph reports whether (x, y) lies on the foreground: a lens ring centred at
// (0.44, 0.44), a handle to the lower right, and an exclamation mark in the
// lens.
func glyph(x, y float64) bool {
	const cx, cy = 0.44, 0.44
	d := math.Hypot(x-cx, y-cy)
	if d >= 0.215 && d <= 0.285 {
		return true // ring
	}
	if segment(x, y, 0.655, 0.655, 0.80, 0.80) <= 0.055 {
		return true // handle
	}
	if segment(x, y, cx, 0.33, cx, 0.47) <= 0.035 {
		return true // bar
	}
	return math.Hypot(x-cx, y-0.56) <= 0.038 // dot
}

// segment returns the distance from (x, y) to the segment (ax, ay)–(bx, by).
func segment(x, y, ax, ay, bx, by float64) float64 {
	vx, vy := bx-ax, by-ay
	t := ((x-ax)*vx + (y-ay)*vy) / (vx*vx + vy*vy)
	t = math.Max(0, math.Min(1, t))
	return math.Hypot(x-(ax+t*vx), y-(ay+t*vy))
}
