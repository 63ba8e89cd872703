# Sourced by the benchmarks when BENCH_TOKENS=local: access tokens without an OIDC provider. The app verifies them
# with a local RSA public key (quarkus.oidc.public-key, bearer tokens only: application type "service"); the bench
# signs them with openssl. They carry the claims the bundled Keycloak puts in an access token (same size, same
# roles claim), so verifying one costs the app what verifying Keycloak's does: one RS256 signature and the JSON.
#
# Defines local_tokens_init DIR (a key pair in DIR, made once; exports LOCAL_TOKENS_ENV, the app's settings)
# and local_token USER (a token valid for an hour; the role comes from the realm's users: olivia operator,
# nadia and noah cmo-admin, bruno builder, others member).

local_tokens_init() {
    LOCAL_TOKENS_KEY="$1/bench-token-key.pem"
    mkdir -p "$1"
    [ -f "$LOCAL_TOKENS_KEY" ] || openssl genrsa -out "$LOCAL_TOKENS_KEY" 2048 2>/dev/null
    LOCAL_TOKENS_PUBLIC=$(openssl rsa -in "$LOCAL_TOKENS_KEY" -pubout -outform DER 2>/dev/null | base64 -w0)
}

local_tokens_b64() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }

local_token() {
    local role now h p s
    case "$1" in olivia) role=operator ;; nadia|noah|cora|colin) role=cmo-admin ;; bruno|rita) role=builder ;; eva) role=auditor ;; *) role=member ;; esac
    now=$(date +%s)
    h=$(printf '{"alg":"RS256","typ":"JWT","kid":"bench"}' | local_tokens_b64)
    p=$(printf '{"exp":%d,"iat":%d,"jti":"bench:%s-%s","iss":"http://localhost:8180/realms/cmo","sub":"%s-0000-0000-0000-000000000000","typ":"Bearer","azp":"cmo-portal","sid":"bench-session-0000000000","acr":"1","allowed-origins":["http://localhost:8083","http://localhost:8080","http://localhost:8082","http://localhost:8081","http://127.0.0.1"],"realm_access":{"roles":["%s"]},"scope":"openid email profile","email_verified":true,"name":"%s Bench","preferred_username":"%s","given_name":"%s","family_name":"Bench","email":"%s@members.example"}' \
        $((now + 3600)) "$now" "$now" "$RANDOM" "$1" "$role" "$1" "$1" "$1" "$1" | local_tokens_b64)
    s=$(printf '%s.%s' "$h" "$p" | openssl dgst -sha256 -sign "$LOCAL_TOKENS_KEY" -binary | local_tokens_b64)
    echo "$h.$p.$s"
}
