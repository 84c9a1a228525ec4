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
	kind Kind
	// eqOnly: a secret only in key=value form (a query parameter, a form
	// field, a log pair), too common a word as a JSON or YAML field.
	eqOnly bool
}

// headers are the secret header names, lower case.
var headers = map[string]secretName{
	"authorization":             {hideAuth, KindAuthorization, false},
	"proxy-authorization":       {hideAuth, KindAuthorization, false},
	"cookie":                    {hideCookie, KindCookie, false},
	"set-cookie":                {hideSetCookie, KindCookie, false},
	"x-api-key":                 {hideToken, KindAPIKey, false},
	"api-key":                   {hideToken, KindAPIKey, false},
	"apikey":                    {hideToken, KindAPIKey, false},
	"x-goog-api-key":            {hideToken, KindAPIKey, false},
	"ocp-apim-subscription-key": {hideToken, KindAPIKey, false},
	"x-functions-key":           {hideToken, KindAPIKey, false},
	"x-auth-key":                {hideToken, KindAPIKey, false},
	"x-auth-token":              {hideToken, KindToken, false},
	"x-access-token":            {hideToken, KindToken, false},
	"x-api-token":               {hideToken, KindToken, false},
	"x-session-token":           {hideToken, KindToken, false},
	"x-refresh-token":           {hideToken, KindToken, false},
	"x-csrf-token":              {hideToken, KindToken, false},
	"x-xsrf-token":              {hideToken, KindToken, false},
	"private-token":             {hideToken, KindToken, false},
	"x-gitlab-token":            {hideToken, KindToken, false},
	"x-vault-token":             {hideToken, KindToken, false},
	"x-shopify-access-token":    {hideToken, KindToken, false},
	"x-amz-security-token":      {hideToken, KindCloudKey, false},
	"x-client-secret":           {hideToken, KindSecret, false},
	"stripe-signature":          {hideToken, KindSignature, false},
	"x-hub-signature":           {hideToken, KindSignature, false},
	"x-hub-signature-256":       {hideToken, KindSignature, false},
	"x-slack-signature":         {hideToken, KindSignature, false},
	"x-twilio-signature":        {hideToken, KindSignature, false},
}

// fields are the secret field and parameter names, normalised by
// [normName] (lower case, without '_', '-' and '.'): JSON, YAML and form
// fields, query parameters, log key=value pairs.
var fields = map[string]secretName{
	"key":           {hideToken, KindAPIKey, true},
	"sig":           {hideToken, KindSignature, true},
	"auth":          {hideToken, KindToken, true},
	"pwd":           {hideToken, KindPassword, true},
	"authorization": {hideAuth, KindAuthorization, false},
	"cookie":        {hideCookie, KindCookie, false},
	"setcookie":     {hideSetCookie, KindCookie, false},
	"credentials":   {hideToken, KindSecret, false},
	"passphrase":    {hideToken, KindPassword, false},
	"dbpass":        {hideToken, KindPassword, false},
	"accesskey":     {hideToken, KindCloudKey, false},
	"awsaccesskey":  {hideToken, KindCloudKey, false},
}

// fieldSuffixes name secret fields by how their normalised name ends
// ("client_secret", "X-Amz-Signature", "aws_secret_access_key"). Longest
// first.
var fieldSuffixes = []struct {
	suffix string
	name   secretName
}{
	{"secretaccesskey", secretName{hideToken, KindCloudKey, false}},
	{"subscriptionkey", secretName{hideToken, KindAPIKey, false}},
	{"authorization", secretName{hideAuth, KindAuthorization, false}},
	{"sharedaccesskey", secretName{hideToken, KindSecret, false}},
	{"credential", secretName{hideToken, KindSecret, false}},
	{"privatekey", secretName{hideToken, KindPrivateKey, false}},
	{"accountkey", secretName{hideToken, KindSecret, false}},
	{"signingkey", secretName{hideToken, KindSecret, false}},
	{"sessionkey", secretName{hideToken, KindToken, false}},
	{"signature", secretName{hideToken, KindSignature, false}},
	{"masterkey", secretName{hideToken, KindSecret, false}},
	{"secretkey", secretName{hideToken, KindSecret, false}},
	{"password", secretName{hideToken, KindPassword, false}},
	{"apikey", secretName{hideToken, KindAPIKey, false}},
	{"authkey", secretName{hideToken, KindAPIKey, false}},
	{"passwd", secretName{hideToken, KindPassword, false}},
	{"secret", secretName{hideToken, KindSecret, false}},
	{"token", secretName{hideToken, KindToken, false}},
}

// notSecret are normalised names that end like a secret but are not one:
// pagination cursors and idempotency tokens.
var notSecret = map[string]bool{
	"pagetoken": true, "nextpagetoken": true, "nexttoken": true, "continuationtoken": true,
	"idempotencytoken": true, "synctoken": true, "cursortoken": true,
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
	if f, ok := fields[n]; ok {
		return f, true
	}
	if h, ok := headers[strings.ToLower(name)]; ok {
		return h, true
	}
	if notSecret[n] {
		return secretName{}, false
	}
	for _, s := range fieldSuffixes {
		if strings.HasSuffix(n, s.suffix) {
			f := s.name
			if strings.HasPrefix(n, "xamz") || strings.HasPrefix(n, "xgoog") {
				f.kind = KindSignature // a signed URL's X-Amz-Credential, X-Goog-Signature …
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
	_, ok := headers[strings.ToLower(strings.TrimSpace(name))]
	return ok
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
	kind   Kind
}

// formats are the token formats, longest prefix first among those that
// share a first byte (see byFirst). A body must start with a letter or
// digit and the prefix must not be glued to a preceding word.
var formats = [...]format{
	// The four APIs' keys.
	{"bye_", clKey, 6, 0, true, KindAPIKey},
	{"sk-bab-", clKey, 6, 0, true, KindAPIKey},
	// LLM providers.
	{"sk-ant-", clKey, 20, 0, true, KindAPIKey},
	{"sk-proj-", clKey, 20, 0, true, KindAPIKey},
	{"sk-svcacct-", clKey, 20, 0, true, KindAPIKey},
	{"sk-admin-", clKey, 20, 0, true, KindAPIKey},
	{"sk-", clKey, 16, 0, true, KindAPIKey},
	{"gsk_", clAlnum, 40, 0, true, KindAPIKey},
	{"xai-", clAlnum, 40, 0, true, KindAPIKey},
	{"pplx-", clAlnum, 40, 0, true, KindAPIKey},
	{"hf_", clAlpha, 30, 0, true, KindToken},
	{"r8_", clAlnum, 30, 0, true, KindToken},
	// Payments.
	{"sk_live_", clAlnum, 6, 0, true, KindSecret},
	{"sk_test_", clAlnum, 6, 0, true, KindSecret},
	{"rk_live_", clAlnum, 10, 0, true, KindSecret},
	{"rk_test_", clAlnum, 10, 0, true, KindSecret},
	{"whsec_", clAlnum, 20, 0, true, KindSecret},
	{"sq0atp-", clKey, 22, 0, true, KindToken},
	{"sq0csp-", clKey, 40, 0, true, KindSecret},
	{"FLWSECK-", clKey, 30, 0, true, KindSecret},
	{"FLWSECK_TEST-", clKey, 30, 0, true, KindSecret},
	{"shippo_live_", clHex, 40, 0, true, KindAPIKey},
	{"shippo_test_", clHex, 40, 0, true, KindAPIKey},
	{"duffel_live_", clKey, 40, 0, true, KindToken},
	{"duffel_test_", clKey, 40, 0, true, KindToken},
	{"EZAK", clAlnum, 54, 0, true, KindAPIKey},
	// Code hosts and package registries.
	{"ghp_", clAlnum, 6, 0, true, KindToken},
	{"gho_", clAlnum, 20, 0, true, KindToken},
	{"ghu_", clAlnum, 20, 0, true, KindToken},
	{"ghs_", clAlnum, 20, 0, true, KindToken},
	{"ghr_", clAlnum, 20, 0, true, KindToken},
	{"github_pat_", clWord, 6, 0, true, KindToken},
	{"glpat-", clKey, 20, 0, true, KindToken},
	{"gldt-", clKey, 20, 0, true, KindToken},
	{"glrt-", clKey, 20, 0, true, KindToken},
	{"glptt-", clKey, 20, 0, true, KindToken},
	{"glcbt-", clKey, 20, 0, true, KindToken},
	{"glsoat-", clKey, 20, 0, true, KindToken},
	{"ATBB", clAlnum, 28, 0, true, KindToken},
	{"ATATT3", clKey, 50, 0, true, KindToken},
	{"npm_", clAlnum, 30, 0, true, KindToken},
	{"pypi-", clKey, 50, 0, true, KindToken},
	{"rubygems_", clHex, 48, 0, true, KindAPIKey},
	{"CLOJARS_", clAlnum, 40, 0, true, KindToken},
	{"dckr_pat_", clKey, 20, 0, true, KindToken},
	{"AKCp", clAlnum, 60, 0, true, KindAPIKey},
	// Chat bots and webhooks.
	{"xoxb-", clKey, 10, 0, true, KindToken},
	{"xoxp-", clKey, 10, 0, true, KindToken},
	{"xoxa-", clKey, 10, 0, true, KindToken},
	{"xoxr-", clKey, 10, 0, true, KindToken},
	{"xoxs-", clKey, 10, 0, true, KindToken},
	{"xoxe.xoxp-", clKey, 10, 0, true, KindToken},
	{"xoxe-", clKey, 10, 0, true, KindToken},
	{"xapp-", clKey, 10, 0, true, KindToken},
	{"hooks.slack.com/services/", clPath, 8, 0, true, KindWebhook},
	{"hooks.slack.com/workflows/", clPath, 8, 0, true, KindWebhook},
	{"hooks.slack.com/triggers/", clPath, 8, 0, true, KindWebhook},
	{"discord.com/api/webhooks/", clPath, 8, 0, true, KindWebhook},
	{"discordapp.com/api/webhooks/", clPath, 8, 0, true, KindWebhook},
	{"webhook.office.com/webhookb2/", clPath, 8, 0, true, KindWebhook},
	// Cloud providers.
	{"AKIA", clUpper, 16, 16, true, KindCloudKey},
	{"ASIA", clUpper, 16, 16, true, KindCloudKey},
	{"ABIA", clUpper, 16, 16, true, KindCloudKey},
	{"ACCA", clUpper, 16, 16, true, KindCloudKey},
	{"LTAI", clAlnum, 12, 0, true, KindCloudKey},
	{"AIza", clKey, 30, 0, true, KindAPIKey},
	{"GOCSPX-", clKey, 20, 0, true, KindSecret},
	{"ya29.", clDotKey, 20, 0, true, KindToken},
	{"dop_v1_", clHex, 64, 0, true, KindToken},
	{"doo_v1_", clHex, 64, 0, true, KindToken},
	{"dor_v1_", clHex, 64, 0, true, KindToken},
	{"hvs.", clKey, 20, 0, true, KindToken},
	{"hvb.", clKey, 20, 0, true, KindToken},
	{"sbp_", clHex, 40, 0, true, KindToken},
	{"dapi", clHex, 32, 32, true, KindToken},
	{"dt0c01.", clDotKey, 60, 0, true, KindToken},
	{"glc_", clKey, 30, 0, true, KindToken},
	{"glsa_", clKey, 30, 0, true, KindToken},
	{"NRAK-", clUpper, 27, 0, true, KindAPIKey},
	{"sntrys_", clKey, 50, 0, true, KindToken},
	{"sntryu_", clHex, 64, 0, true, KindToken},
	{"pul-", clHex, 40, 0, true, KindToken},
	{"dp.pt.", clAlnum, 40, 0, true, KindToken},
	{"fo1_", clKey, 40, 0, true, KindToken},
	{"pscale_tkn_", clKey, 30, 0, true, KindToken},
	{"pscale_pw_", clKey, 30, 0, true, KindPassword},
	// Other SaaS.
	{"SG.", clDotKey, 40, 0, true, KindAPIKey},
	{"SK", clHex, 32, 32, true, KindAPIKey},
	{"xkeysib-", clKey, 60, 0, true, KindAPIKey},
	{"key-", clHex, 32, 32, true, KindAPIKey},
	{"shpat_", clHex, 32, 0, true, KindToken},
	{"shpss_", clHex, 32, 0, true, KindSecret},
	{"shpca_", clHex, 32, 0, true, KindToken},
	{"shppa_", clHex, 32, 0, true, KindToken},
	{"lin_api_", clAlnum, 30, 0, true, KindAPIKey},
	{"ntn_", clAlnum, 40, 0, true, KindToken},
	{"secret_", clAlnum, 43, 0, true, KindToken},
	{"PMAK-", clKey, 50, 0, true, KindAPIKey},
	{"figd_", clKey, 40, 0, true, KindToken},
	{"tfp_", clKey, 40, 0, true, KindToken},
	{"pnu_", clAlnum, 36, 0, true, KindAPIKey},
	{"rdme_", clAlnum, 60, 0, true, KindAPIKey},
	{"CFPAT-", clKey, 40, 0, true, KindToken},
	{"EAAA", clKey, 60, 0, true, KindToken},
	{"sk.eyJ", clDotKey, 40, 0, false, KindToken},
	{"AGE-SECRET-KEY-1", clUpper, 50, 0, false, KindPrivateKey},
	// JSON Web Tokens: checked further by jwtBody.
	{"eyJ", clDotKey, 20, 0, false, KindJWT},
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
var authSchemes = map[string]Kind{
	"bearer": KindBearer, "basic": KindBasic, "token": KindAuthorization, "digest": KindAuthorization,
	"apikey": KindAuthorization, "api-key": KindAuthorization, "key": KindAuthorization,
	"hmac": KindAuthorization, "negotiate": KindAuthorization, "ntlm": KindAuthorization,
	"aws4-hmac-sha256": KindAuthorization, "dpop": KindAuthorization, "mac": KindAuthorization,
	"sso-key": KindAuthorization, "ssws": KindAuthorization, "splunk": KindAuthorization,
}

// setCookieAttrs are Set-Cookie attributes whose values are not secret.
var setCookieAttrs = map[string]bool{
	"path": true, "domain": true, "expires": true, "max-age": true,
	"samesite": true, "priority": true, "partitioned": true, "secure": true, "httponly": true,
}

// keywords start the words next to which an unknown token is taken for a
// secret when it looks random (see credentialLike), with the kind it is
// counted as. Longest first among those that share a first byte.
var keywords = []struct {
	word string
	kind Kind
}{
	{"key", KindAPIKey},
	{"token", KindToken},
	{"secret", KindSecret},
	{"password", KindPassword},
	{"passwd", KindPassword},
	{"credentials", KindSecret},
	{"credential", KindSecret},
	{"signature", KindSignature},
}
