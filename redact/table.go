package redact

import "strings"

// This file is the one secret table: the header names, query parameters,
// JSON, YAML, form and log field names and the token formats that the rules
// of the package, and the learners of triage and apierror, look for.
// Prefixes and lengths of the token formats are the vendors' published
// facts (as collected by gitleaks, trufflehog and GitHub secret scanning);
// the rules are the package's own.

// A Kind is the kind of a redacted secret, as a [Summary] counts it.
type Kind string

// The kinds of secret, in the order a [Summary] lists them.
const (
	KindBearer         Kind = "bearer_token"    // Authorization: Bearer …
	KindBasic          Kind = "basic_auth"      // Authorization: Basic …, curl -u
	KindAuthorization  Kind = "authorization"   // other Authorization schemes
	KindCookie         Kind = "cookie"          // Cookie, Set-Cookie, HAR cookie lists
	KindAPIKey         Kind = "api_key"         // API keys: headers, parameters, known formats
	KindToken          Kind = "access_token"    // access and session tokens of every service
	KindJWT            Kind = "jwt"             // JSON Web Tokens
	KindCloudKey       Kind = "cloud_key"       // cloud access key ids and secret keys
	KindPassword       Kind = "password"        // password fields and parameters
	KindSecret         Kind = "secret"          // client secrets, webhook secrets, credentials
	KindPrivateKey     Kind = "private_key"     // PEM private key blocks, age keys
	KindSignature      Kind = "signature"       // signed-URL signatures and credentials
	KindURLCredentials Kind = "url_credentials" // user:password@ in URLs
	KindWebhook        Kind = "webhook_url"     // Slack, Discord, Teams webhook URLs
)

// kindNames are the kinds in display order with their singular and plural
// names.
var kindNames = [...]struct {
	kind      Kind
	one, many string
}{
	{KindBearer, "Bearer token", "Bearer tokens"},
	{KindBasic, "Basic credential", "Basic credentials"},
	{KindAuthorization, "Authorization header", "Authorization headers"},
	{KindCookie, "cookie", "cookies"},
	{KindAPIKey, "API key", "API keys"},
	{KindToken, "access token", "access tokens"},
	{KindJWT, "JWT", "JWTs"},
	{KindCloudKey, "cloud access key", "cloud access keys"},
	{KindPassword, "password", "passwords"},
	{KindSecret, "secret", "secrets"},
	{KindPrivateKey, "private key", "private keys"},
	{KindSignature, "URL signature", "URL signatures"},
	{KindURLCredentials, "URL credential", "URL credentials"},
	{KindWebhook, "webhook URL", "webhook URLs"},
}

// The kinds as indexes into kindNames, for the tables.
const (
	kBearer uint8 = iota
	kBasic
	kAuthorization
	kCookie
	kAPIKey
	kToken
	kJWT
	kCloudKey
	kPassword
	kSecret
	kPrivateKey
	kSignature
	kURLCredentials
	kWebhook
	numKinds
)

// How a secret header's or field's value is hidden.
const (
	hideToken     = iota // the whole value; a known key prefix is kept
	hideAuth             // the credentials; an Authorization scheme is kept
	hideCookie           // every cookie value; the names are kept
	hideSetCookie        // the cookie's value; its name and attributes are kept
)

// A secretName is a header or field name and how its value is hidden.
type secretName struct {
	hide uint8
	kind uint8
	// eqOnly: a secret only in key=value form (a query parameter, a form
	// field, a log pair), too common a word as a JSON or YAML field.
	eqOnly bool
}

// headers are the secret header names, lower case. (Tables are slices,
// not maps: a map literal costs the browser binary code to build it.)
var headers = [...]struct {
	name string
	secretName
}{
	{"authorization", secretName{hideAuth, kAuthorization, false}},
	{"proxy-authorization", secretName{hideAuth, kAuthorization, false}},
	{"cookie", secretName{hideCookie, kCookie, false}},
	{"set-cookie", secretName{hideSetCookie, kCookie, false}},
	{"x-api-key", secretName{hideToken, kAPIKey, false}},
	{"api-key", secretName{hideToken, kAPIKey, false}},
	{"apikey", secretName{hideToken, kAPIKey, false}},
	{"x-goog-api-key", secretName{hideToken, kAPIKey, false}},
	{"ocp-apim-subscription-key", secretName{hideToken, kAPIKey, false}},
	{"x-functions-key", secretName{hideToken, kAPIKey, false}},
	{"x-auth-key", secretName{hideToken, kAPIKey, false}},
	{"x-auth-token", secretName{hideToken, kToken, false}},
	{"x-access-token", secretName{hideToken, kToken, false}},
	{"x-api-token", secretName{hideToken, kToken, false}},
	{"x-session-token", secretName{hideToken, kToken, false}},
	{"x-refresh-token", secretName{hideToken, kToken, false}},
	{"x-csrf-token", secretName{hideToken, kToken, false}},
	{"x-xsrf-token", secretName{hideToken, kToken, false}},
	{"private-token", secretName{hideToken, kToken, false}},
	{"x-gitlab-token", secretName{hideToken, kToken, false}},
	{"x-vault-token", secretName{hideToken, kToken, false}},
	{"x-shopify-access-token", secretName{hideToken, kToken, false}},
	{"x-amz-security-token", secretName{hideToken, kCloudKey, false}},
	{"x-client-secret", secretName{hideToken, kSecret, false}},
	{"stripe-signature", secretName{hideToken, kSignature, false}},
	{"x-hub-signature", secretName{hideToken, kSignature, false}},
	{"x-hub-signature-256", secretName{hideToken, kSignature, false}},
	{"x-slack-signature", secretName{hideToken, kSignature, false}},
	{"x-twilio-signature", secretName{hideToken, kSignature, false}},
}

// fields are the secret field and parameter names, normalised by
// [normName] (lower case, without '_', '-' and '.'): JSON, YAML and form
// fields, query parameters, log key=value pairs.
var fields = [...]struct {
	name string
	secretName
}{
	{"key", secretName{hideToken, kAPIKey, true}},
	{"sig", secretName{hideToken, kSignature, true}},
	{"auth", secretName{hideToken, kToken, true}},
	{"pwd", secretName{hideToken, kPassword, true}},
	{"authorization", secretName{hideAuth, kAuthorization, false}},
	{"cookie", secretName{hideCookie, kCookie, false}},
	{"setcookie", secretName{hideSetCookie, kCookie, false}},
	{"credentials", secretName{hideToken, kSecret, false}},
	{"passphrase", secretName{hideToken, kPassword, false}},
	{"dbpass", secretName{hideToken, kPassword, false}},
	{"accesskey", secretName{hideToken, kCloudKey, false}},
	{"awsaccesskey", secretName{hideToken, kCloudKey, false}},
}

// fieldSuffixes name secret fields by how their normalised name ends
// ("client_secret", "X-Amz-Signature", "aws_secret_access_key"). Longest
// first.
var fieldSuffixes = []struct {
	suffix string
	name   secretName
}{
	{"secretaccesskey", secretName{hideToken, kCloudKey, false}},
	{"subscriptionkey", secretName{hideToken, kAPIKey, false}},
	{"authorization", secretName{hideAuth, kAuthorization, false}},
	{"sharedaccesskey", secretName{hideToken, kSecret, false}},
	{"credential", secretName{hideToken, kSecret, false}},
	{"privatekey", secretName{hideToken, kPrivateKey, false}},
	{"accountkey", secretName{hideToken, kSecret, false}},
	{"signingkey", secretName{hideToken, kSecret, false}},
	{"sessionkey", secretName{hideToken, kToken, false}},
	{"signature", secretName{hideToken, kSignature, false}},
	{"masterkey", secretName{hideToken, kSecret, false}},
	{"secretkey", secretName{hideToken, kSecret, false}},
	{"password", secretName{hideToken, kPassword, false}},
	{"apikey", secretName{hideToken, kAPIKey, false}},
	{"authkey", secretName{hideToken, kAPIKey, false}},
	{"passwd", secretName{hideToken, kPassword, false}},
	{"secret", secretName{hideToken, kSecret, false}},
	{"token", secretName{hideToken, kToken, false}},
}

// notSecret are normalised names that end like a secret but are not one:
// pagination cursors and idempotency tokens.
var notSecret = [...]string{
	"pagetoken", "nextpagetoken", "nexttoken", "continuationtoken",
	"idempotencytoken", "synctoken", "cursortoken",
}

// normName lower-cases a name and drops '_', '-' and '.'.
func normName(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '_' || c == '-' || c == '.':
		case c >= 'A' && c <= 'Z':
			b = append(b, c+'a'-'A')
		default:
			b = append(b, c)
		}
	}
	return string(b)
}

// lookupField returns how the value of field or parameter name is hidden.
func lookupField(name string) (secretName, bool) {
	if len(name) < 2 || len(name) > 64 {
		return secretName{}, false
	}
	n := normName(name)
	for _, f := range fields {
		if f.name == n {
			return f.secretName, true
		}
	}
	if h, ok := lookupHeader(name); ok {
		return h, true
	}
	for _, x := range notSecret {
		if x == n {
			return secretName{}, false
		}
	}
	for _, s := range fieldSuffixes {
		if hasSuffix(n, s.suffix) {
			f := s.name
			if startsWith(n, "xamz") || startsWith(n, "xgoog") {
				f.kind = kSignature // a signed URL's X-Amz-Credential, X-Goog-Signature …
			}
			return f, true
		}
	}
	return secretName{}, false
}

// IsSecretHeader reports whether the values of header name are credentials
// (Authorization, Cookie, Set-Cookie, X-Api-Key, X-Amz-Security-Token …).
// Name is matched case-insensitively.
func IsSecretHeader(name string) bool {
	_, ok := lookupHeader(name)
	return ok
}

// lookupHeader returns how the value of header name is hidden.
func lookupHeader(name string) (secretName, bool) {
	name = strings.TrimSpace(name)
	for _, h := range headers {
		if strings.EqualFold(h.name, name) {
			return h.secretName, true
		}
	}
	return secretName{}, false
}

// IsSecretParam reports whether the values of URL query or form parameter
// name, or of a log line's name=value pair, are credentials (api_key,
// access_token, client_secret, X-Amz-Signature, sig …). Case, '_', '-' and
// '.' do not matter.
func IsSecretParam(name string) bool {
	_, ok := lookupField(strings.TrimSpace(name))
	return ok
}

// IsSecretField reports whether the values of JSON or YAML field name are
// credentials (password, apiKey, client_secret, access_token …). It is
// [IsSecretParam] less the names too common to be secrets in a JSON
// document (key, sig, auth, pwd).
func IsSecretField(name string) bool {
	f, ok := lookupField(strings.TrimSpace(name))
	return ok && !f.eqOnly
}

// Character classes of token bodies.
const (
	clAlnum  = iota // A-Z a-z 0-9
	clWord          // alnum and '_'
	clKey           // alnum, '_' and '-'
	clDotKey        // alnum, '_', '-' and '.'
	clHex           // 0-9 a-f A-F
	clUpper         // A-Z 0-9
	clAlpha         // A-Z a-z
	clPath          // a URL path: anything but white space, quotes and <>
)

// A format is a token format recognised anywhere in text by its prefix.
type format struct {
	prefix string
	class  uint8
	min    uint8 // the fewest body characters after the prefix
	exact  uint8 // when not 0, the body has exactly this many characters
	keep   bool  // keep the prefix in front of Mark
	kind   uint8
}

// formats are the token formats, longest prefix first among those that
// share a first byte (see byFirst). A body must start with a letter or
// digit and the prefix must not be glued to a preceding word.
var formats = [...]format{
	// The four APIs' keys.
	{"bye_", clKey, 6, 0, true, kAPIKey},
	{"sk-bab-", clKey, 6, 0, true, kAPIKey},
	// LLM providers.
	{"sk-ant-", clKey, 20, 0, true, kAPIKey},
	{"sk-proj-", clKey, 20, 0, true, kAPIKey},
	{"sk-svcacct-", clKey, 20, 0, true, kAPIKey},
	{"sk-admin-", clKey, 20, 0, true, kAPIKey},
	{"sk-", clKey, 16, 0, true, kAPIKey},
	{"gsk_", clAlnum, 40, 0, true, kAPIKey},
	{"xai-", clAlnum, 40, 0, true, kAPIKey},
	{"pplx-", clAlnum, 40, 0, true, kAPIKey},
	{"hf_", clAlpha, 30, 0, true, kToken},
	{"r8_", clAlnum, 30, 0, true, kToken},
	// Payments.
	{"sk_live_", clAlnum, 6, 0, true, kSecret},
	{"sk_test_", clAlnum, 6, 0, true, kSecret},
	{"rk_live_", clAlnum, 10, 0, true, kSecret},
	{"rk_test_", clAlnum, 10, 0, true, kSecret},
	{"whsec_", clAlnum, 20, 0, true, kSecret},
	{"sq0atp-", clKey, 22, 0, true, kToken},
	{"sq0csp-", clKey, 40, 0, true, kSecret},
	{"FLWSECK-", clKey, 30, 0, true, kSecret},
	{"FLWSECK_TEST-", clKey, 30, 0, true, kSecret},
	{"shippo_live_", clHex, 40, 0, true, kAPIKey},
	{"shippo_test_", clHex, 40, 0, true, kAPIKey},
	{"duffel_live_", clKey, 40, 0, true, kToken},
	{"duffel_test_", clKey, 40, 0, true, kToken},
	{"EZAK", clAlnum, 54, 0, true, kAPIKey},
	// Code hosts and package registries.
	{"ghp_", clAlnum, 6, 0, true, kToken},
	{"gho_", clAlnum, 20, 0, true, kToken},
	{"ghu_", clAlnum, 20, 0, true, kToken},
	{"ghs_", clAlnum, 20, 0, true, kToken},
	{"ghr_", clAlnum, 20, 0, true, kToken},
	{"github_pat_", clWord, 6, 0, true, kToken},
	{"glpat-", clKey, 20, 0, true, kToken},
	{"gldt-", clKey, 20, 0, true, kToken},
	{"glrt-", clKey, 20, 0, true, kToken},
	{"glptt-", clKey, 20, 0, true, kToken},
	{"glcbt-", clKey, 20, 0, true, kToken},
	{"glsoat-", clKey, 20, 0, true, kToken},
	{"ATBB", clAlnum, 28, 0, true, kToken},
	{"ATATT3", clKey, 50, 0, true, kToken},
	{"npm_", clAlnum, 30, 0, true, kToken},
	{"pypi-", clKey, 50, 0, true, kToken},
	{"rubygems_", clHex, 48, 0, true, kAPIKey},
	{"CLOJARS_", clAlnum, 40, 0, true, kToken},
	{"dckr_pat_", clKey, 20, 0, true, kToken},
	{"AKCp", clAlnum, 60, 0, true, kAPIKey},
	// Chat bots and webhooks.
	{"xoxb-", clKey, 10, 0, true, kToken},
	{"xoxp-", clKey, 10, 0, true, kToken},
	{"xoxa-", clKey, 10, 0, true, kToken},
	{"xoxr-", clKey, 10, 0, true, kToken},
	{"xoxs-", clKey, 10, 0, true, kToken},
	{"xoxe.xoxp-", clKey, 10, 0, true, kToken},
	{"xoxe-", clKey, 10, 0, true, kToken},
	{"xapp-", clKey, 10, 0, true, kToken},
	{"hooks.slack.com/services/", clPath, 8, 0, true, kWebhook},
	{"hooks.slack.com/workflows/", clPath, 8, 0, true, kWebhook},
	{"hooks.slack.com/triggers/", clPath, 8, 0, true, kWebhook},
	{"discord.com/api/webhooks/", clPath, 8, 0, true, kWebhook},
	{"discordapp.com/api/webhooks/", clPath, 8, 0, true, kWebhook},
	{"webhook.office.com/webhookb2/", clPath, 8, 0, true, kWebhook},
	// Cloud providers.
	{"AKIA", clUpper, 16, 16, true, kCloudKey},
	{"ASIA", clUpper, 16, 16, true, kCloudKey},
	{"ABIA", clUpper, 16, 16, true, kCloudKey},
	{"ACCA", clUpper, 16, 16, true, kCloudKey},
	{"LTAI", clAlnum, 12, 0, true, kCloudKey},
	{"AIza", clKey, 30, 0, true, kAPIKey},
	{"GOCSPX-", clKey, 20, 0, true, kSecret},
	{"ya29.", clDotKey, 20, 0, true, kToken},
	{"dop_v1_", clHex, 64, 0, true, kToken},
	{"doo_v1_", clHex, 64, 0, true, kToken},
	{"dor_v1_", clHex, 64, 0, true, kToken},
	{"hvs.", clKey, 20, 0, true, kToken},
	{"hvb.", clKey, 20, 0, true, kToken},
	{"sbp_", clHex, 40, 0, true, kToken},
	{"dapi", clHex, 32, 32, true, kToken},
	{"dt0c01.", clDotKey, 60, 0, true, kToken},
	{"glc_", clKey, 30, 0, true, kToken},
	{"glsa_", clKey, 30, 0, true, kToken},
	{"NRAK-", clUpper, 27, 0, true, kAPIKey},
	{"sntrys_", clKey, 50, 0, true, kToken},
	{"sntryu_", clHex, 64, 0, true, kToken},
	{"pul-", clHex, 40, 0, true, kToken},
	{"dp.pt.", clAlnum, 40, 0, true, kToken},
	{"fo1_", clKey, 40, 0, true, kToken},
	{"pscale_tkn_", clKey, 30, 0, true, kToken},
	{"pscale_pw_", clKey, 30, 0, true, kPassword},
	// Other SaaS.
	{"SG.", clDotKey, 40, 0, true, kAPIKey},
	{"SK", clHex, 32, 32, true, kAPIKey},
	{"xkeysib-", clKey, 60, 0, true, kAPIKey},
	{"key-", clHex, 32, 32, true, kAPIKey},
	{"shpat_", clHex, 32, 0, true, kToken},
	{"shpss_", clHex, 32, 0, true, kSecret},
	{"shpca_", clHex, 32, 0, true, kToken},
	{"shppa_", clHex, 32, 0, true, kToken},
	{"lin_api_", clAlnum, 30, 0, true, kAPIKey},
	{"ntn_", clAlnum, 40, 0, true, kToken},
	{"secret_", clAlnum, 43, 0, true, kToken},
	{"PMAK-", clKey, 50, 0, true, kAPIKey},
	{"figd_", clKey, 40, 0, true, kToken},
	{"tfp_", clKey, 40, 0, true, kToken},
	{"pnu_", clAlnum, 36, 0, true, kAPIKey},
	{"rdme_", clAlnum, 60, 0, true, kAPIKey},
	{"CFPAT-", clKey, 40, 0, true, kToken},
	{"EAAA", clKey, 60, 0, true, kToken},
	{"sk.eyJ", clDotKey, 40, 0, false, kToken},
	{"AGE-SECRET-KEY-1", clUpper, 50, 0, false, kPrivateKey},
	// JSON Web Tokens: checked further by jwtBody.
	{"eyJ", clDotKey, 20, 0, false, kJWT},
}

// byFirst lists the formats by the first byte of their prefix, longest
// prefix first.
var byFirst = func() (t [256][]uint8) {
	for i := range formats {
		c := formats[i].prefix[0]
		t[c] = append(t[c], uint8(i))
	}
	for _, l := range t {
		for i := 1; i < len(l); i++ {
			for j := i; j > 0 && len(formats[l[j]].prefix) > len(formats[l[j-1]].prefix); j-- {
				l[j], l[j-1] = l[j-1], l[j]
			}
		}
	}
	return t
}()

// inClass reports whether c belongs to character class cl.
func inClass(c byte, cl uint8) bool {
	alnum := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
	switch cl {
	case clAlnum:
		return alnum
	case clWord:
		return alnum || c == '_'
	case clKey:
		return alnum || c == '_' || c == '-'
	case clDotKey:
		return alnum || c == '_' || c == '-' || c == '.'
	case clHex:
		return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
	case clUpper:
		return c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
	case clAlpha:
		return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
	}
	return c > ' ' && c != '"' && c != '\'' && c != '<' && c != '>' && c != '\\' && c != '`' && c < 0x7f
}

// authSchemes are Authorization schemes whose name is kept.
var authSchemes = [...]string{
	"bearer", "basic", "token", "digest", "apikey", "api-key", "key", "hmac", "negotiate", "ntlm",
	"aws4-hmac-sha256", "dpop", "mac", "sso-key", "ssws", "splunk",
}

// authScheme returns the kind of the credentials after Authorization
// scheme name, and whether it is a scheme.
func authScheme(name string) (uint8, bool) {
	for _, a := range authSchemes {
		if strings.EqualFold(a, name) {
			switch a {
			case "bearer":
				return kBearer, true
			case "basic":
				return kBasic, true
			}
			return kAuthorization, true
		}
	}
	return 0, false
}

// setCookieAttrs are Set-Cookie attributes whose values are not secret.
var setCookieAttrs = [...]string{
	"path", "domain", "expires", "max-age", "samesite", "priority", "partitioned", "secure", "httponly",
}

// keywords start the words next to which an unknown token is taken for a
// secret when it looks random (see credentialLike), with the kind it is
// counted as. Longest first among those that share a first byte.
var keywords = []struct {
	word string
	kind uint8
}{
	{"key", kAPIKey},
	{"token", kToken},
	{"secret", kSecret},
	{"password", kPassword},
	{"passwd", kPassword},
	{"credentials", kSecret},
	{"credential", kSecret},
	{"signature", kSignature},
}
