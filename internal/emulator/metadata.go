package emulator

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// The ECS instance metadata service's RAM role credentials, as an instance with a RAM
// role attached sees them at http://100.100.100.200. The emulator serves the same paths on
// its own port, so a client pointed at it directly — or through it as an HTTP proxy for
// 100.100.100.200, which is how Alibaba's credential providers (credentials-go) reach it,
// since they always ask that address — logs in with the instance's role.
//
// Source (Alibaba Cloud, "获取临时授权Token", help.aliyun.com/zh/ecs/user-guide/
// obtain-a-temporary-authorization-token): PUT /latest/api/token with the header
// X-aliyun-ecs-metadata-token-ttl-seconds (1–21600) answers an access token for the
// metadata server; GET /latest/meta-data/ram/security-credentials/<role name>, with the
// header X-aliyun-ecs-metadata-token, answers {AccessKeyId, AccessKeySecret, Expiration,
// SecurityToken, LastUpdated, Code}. The role list at .../security-credentials/ and the
// Code value "Success" are what credentials-go's ECS RAM role provider reads
// (providers/ecs_ram_role.go, v1.4.14). The token is optional here, as it is on an
// instance whose metadata service is not in hardened (token-only) mode; one that is sent
// must be valid. Unverified (no source settles them): the 401 and 404 answers' bodies,
// and that an unknown role name answers 404.
//
// The role attached to the "instance" is the setting instance_ram_role (POST
// /_emulator/settings); without one, no role is attached and the credential paths answer
// 404. Credentials last an hour and are accepted by every product, like those
// Sts.AssumeRole issues.

const (
	metadataTokenPath = "/latest/api/token"                           //nolint:gosec // G101: a URL path of the metadata service, not a credential
	metadataRolesPath = "/latest/meta-data/ram/security-credentials/" //nolint:gosec // G101: a URL path of the metadata service, not a credential
	// metadataStatsKey counts credential answers in Stats.Calls.
	metadataStatsKey = "EcsMetadata.SecurityCredentials"
)

// isMetadataPath reports whether a request is for the metadata service.
func isMetadataPath(p string) bool { return strings.HasPrefix(p, "/latest/") }

func (e *Emulator) serveMetadata(w http.ResponseWriter, r *http.Request) int {
	text := func(status int, body string) int {
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body)) //nolint:gosec // G705: text/plain, never rendered as HTML
		return status
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	now := e.now()
	if r.URL.Path == metadataTokenPath {
		if r.Method != http.MethodPut {
			w.Header().Set("Allow", http.MethodPut)
			return text(http.StatusMethodNotAllowed, "use PUT")
		}
		ttl, err := strconv.Atoi(r.Header.Get("X-aliyun-ecs-metadata-token-ttl-seconds"))
		if err != nil || ttl < 1 || ttl > 21600 {
			return text(http.StatusBadRequest, "X-aliyun-ecs-metadata-token-ttl-seconds must be 1 to 21600")
		}
		tok := randomHex(24)
		if e.metadataTokens == nil {
			e.metadataTokens = map[string]time.Time{}
		}
		e.metadataTokens[tok] = now.Add(time.Duration(ttl) * time.Second)
		return text(http.StatusOK, tok)
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		return text(http.StatusMethodNotAllowed, "use GET")
	}
	if tok := r.Header.Get("X-aliyun-ecs-metadata-token"); tok != "" {
		if until, ok := e.metadataTokens[tok]; !ok || now.After(until) {
			return text(http.StatusUnauthorized, "the metadata token is unknown or expired")
		}
	}
	role := e.st.Settings.InstanceRAMRole
	name, isRoles := strings.CutPrefix(r.URL.Path+"/", metadataRolesPath)
	name = strings.TrimSuffix(name, "/")
	switch {
	case !isRoles:
		return text(http.StatusNotFound, "not found")
	case role == "":
		return text(http.StatusNotFound, "no RAM role is attached to this instance (emulator setting instance_ram_role)")
	case name == "":
		return text(http.StatusOK, role)
	case name != role:
		return text(http.StatusNotFound, "no RAM role "+name+" is attached to this instance")
	}
	e.stats.Calls[metadataStatsKey]++
	expires := now.Add(time.Hour).UTC()
	id, secret, token := e.mintSTSKey(expires)
	writeJSON(w, http.StatusOK, map[string]string{
		"AccessKeyId": id, "AccessKeySecret": secret, "SecurityToken": token,
		"Expiration": expires.Format(secondTime), "LastUpdated": now.UTC().Format(secondTime), "Code": "Success",
	})
	return http.StatusOK
}
