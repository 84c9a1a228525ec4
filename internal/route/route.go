// Package route holds the site's paths for catalog entries, the one place
// the reference's URLs are spelled, so that the SDK's catalog carries no
// site concerns. It imports only the catalog and builds for js/wasm.
package route

import "github.com/errscope/errscope/catalog"

// Code returns the site path of an entry's page: "/errors/babysea/BSE1005".
func Code(e catalog.Entry) string { return "/errors/" + string(e.API) + "/" + string(e.Code) }
