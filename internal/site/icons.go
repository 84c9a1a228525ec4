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
// Edges are anti-aliased from signed distances.
func Icon(size int, maskable bool) []byte {
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	scale := 1.0
	if maskable {
		scale = 0.78
	}
	px := 1 / float64(size) // one pixel in unit coordinates
	cover := func(sd float64) float64 { return math.Max(0, math.Min(1, 0.5-sd/px)) }
	for y := 0; y < size; y++ {
		for x := 0; x < size; x++ {
			ux := (float64(x) + 0.5) * px
			uy := (float64(y) + 0.5) * px
			bg := 1.0
			if !maskable {
				bg = cover(roundedSquare(ux, uy, 0.2))
			}
			if bg == 0 {
				continue
			}
			t := cover(glyph(0.5+(ux-0.5)/scale, 0.5+(uy-0.5)/scale) * scale)
			mix := func(a, b uint8) uint8 { return uint8(math.Round(float64(a)*(1-t) + float64(b)*t)) }
			img.SetNRGBA(x, y, color.NRGBA{
				mix(iconBackground.R, iconForeground.R),
				mix(iconBackground.G, iconForeground.G),
				mix(iconBackground.B, iconForeground.B),
				uint8(math.Round(255 * bg)),
			})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		panic(err) // encoding an in-memory NRGBA image cannot fail
	}
	return b.Bytes()
}

// roundedSquare returns the signed distance from (x, y) to the unit square
// with corner radius r (negative inside).
func roundedSquare(x, y, r float64) float64 {
	qx := math.Abs(x-0.5) - (0.5 - r)
	qy := math.Abs(y-0.5) - (0.5 - r)
	out := math.Hypot(math.Max(qx, 0), math.Max(qy, 0))
	return out + math.Min(math.Max(qx, qy), 0) - r
}

// glyph returns the signed distance from (x, y) to the foreground: a lens
// ring centred at (0.44, 0.44), a handle to the lower right, and an
// exclamation mark in the lens.
func glyph(x, y float64) float64 {
	const cx, cy = 0.44, 0.44
	ring := math.Abs(math.Hypot(x-cx, y-cy)-0.25) - 0.035
	handle := segment(x, y, 0.655, 0.655, 0.80, 0.80) - 0.055
	bar := segment(x, y, cx, 0.33, cx, 0.47) - 0.035
	dot := math.Hypot(x-cx, y-0.56) - 0.038
	return math.Min(math.Min(ring, handle), math.Min(bar, dot))
}

// segment returns the distance from (x, y) to the segment (ax, ay)–(bx, by).
func segment(x, y, ax, ay, bx, by float64) float64 {
	vx, vy := bx-ax, by-ay
	t := ((x-ax)*vx + (y-ay)*vy) / (vx*vx + vy*vy)
	t = math.Max(0, math.Min(1, t))
	return math.Hypot(x-(ax+t*vx), y-(ay+t*vy))
}
