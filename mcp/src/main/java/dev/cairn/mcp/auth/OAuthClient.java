package dev.cairn.mcp.auth;

import dev.cairn.mcp.McpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The client side of MCP authorization (revisions 2025-11-25 and 2026-07-28, with the 2025-03-26 fallbacks):
 * when a request is refused with 401 it discovers the server's protected resource metadata and its
 * authorization server's metadata, checks that the metadata describes this server and names the issuer it
 * was looked up by, gets a client identity (pre-registered, a client ID metadata document URL, or dynamic
 * client registration, in that order, never reused across authorization servers), sends the user through an
 * authorization-code request with PKCE S256, {@code state} and the RFC 8707 {@code resource}, checks the
 * response's {@code state} and RFC 9207 {@code iss}, and exchanges the code for tokens. Scopes come from the
 * challenge, else the resource's {@code scopes_supported}, else none; a 403 {@code insufficient_scope} asks
 * again for the union of what was asked before and what is now challenged. Expired or refused tokens are
 * refreshed with the refresh token first. Thread-safe: concurrent refusals run one flow.
 *
 * <pre>{@code
 * OAuthClient oauth = OAuthClient.builder(new LoopbackBrowserAuthorization(8765)).clientName("my-app").build();
 * McpClient client = McpClient.builder().connect(StreamableHttpClientTransport.to(url).authorization(oauth));
 * }</pre>
 */
public final class OAuthClient {
    private static final Logger log = LoggerFactory.getLogger(OAuthClient.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AuthorizationHandler handler;
    private final String clientName;
    private final URI clientMetadataDocument;
    private final Map<String, ClientCredentials> preRegistered;
    private final boolean offlineAccess;
    private final boolean clientCredentialsGrant;
    private final AssertionGrant assertionGrant;
    private final Discovery discovery;
    private final TokenEndpoint tokenEndpoint;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, ClientCredentials> registered = new HashMap<>();
    private volatile Tokens tokens;
    private final DpopKey dpop = new DpopKey();
    private volatile String resourceNonce;
    private ServerMetadata server;
    private String resource;

    private OAuthClient(Builder builder) {
        this.handler = Objects.requireNonNull(builder.handler, "handler");
        this.clientName = builder.clientName;
        this.clientMetadataDocument = builder.clientMetadataDocument;
        this.preRegistered = Map.copyOf(builder.preRegistered);
        this.offlineAccess = builder.offlineAccess;
        this.clientCredentialsGrant = builder.clientCredentialsGrant;
        this.assertionGrant = builder.assertionGrant;
        HttpClient http = builder.http != null ? builder.http
                : HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
        this.discovery = new Discovery(http);
        this.tokenEndpoint = new TokenEndpoint(http, dpop);
    }

    public static Builder builder(AuthorizationHandler handler) {
        return new Builder(handler);
    }

    /** The access token to send, refreshed first if it has expired; null before the first authorization. */
    public String accessToken() {
        Tokens current = tokens;
        if (current == null || !current.expired(Instant.now()) || current.refreshToken() == null) {
            return current == null ? null : current.accessToken();
        }
        lock.lock();
        try {
            if (tokens == current) {
                tokens = tokenEndpoint.refresh(server, client(server), current, resource);
            }
        } catch (IOException | RuntimeException e) {
            log.debug("refreshing the expired token failed: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
        return tokens.accessToken();
    }

    /**
     * The headers that authorize a request with {@code method} to {@code uri}: {@code Authorization: Bearer ...},
     * or for a DPoP-bound token {@code Authorization: DPoP ...} and a fresh {@code DPoP} proof. Empty before the
     * first authorization.
     */
    public Map<String, String> requestHeaders(String method, URI uri) {
        String token = accessToken();
        Tokens current = tokens;
        if (token == null) {
            return Map.of();
        }
        if (current == null || !current.dpop()) {
            return Map.of("Authorization", "Bearer " + token);
        }
        return Map.of("Authorization", "DPoP " + token, "DPoP", dpop.proof(method, uri, resourceNonce, token));
    }

    /**
     * A refusal that only asks for a DPoP nonce ({@code use_dpop_nonce} with {@code DPoP-Nonce}): remembers the
     * nonce for the next proofs and returns true (retry as is); false for any other refusal.
     */
    public boolean acceptNonce(BearerChallenge challenge, String nonce) {
        if (!"use_dpop_nonce".equals(challenge.error()) || nonce == null) {
            return false;
        }
        resourceNonce = nonce;
        return true;
    }

    /** The scopes requested for the current token (empty before the first authorization). */
    public Set<String> scopes() {
        Tokens current = tokens;
        return current == null ? Set.of() : current.scopes();
    }

    /**
     * A request to {@code endpoint} sent with {@code rejectedToken} (null for none) was refused with
     * {@code challenge} (401, or 403 {@code insufficient_scope}): gets a token that may succeed. Returns at once
     * if another request already replaced the rejected token. {@code attempt} counts the tries for this
     * request (1 first): only the first try on a 401 uses the refresh token.
     *
     * @throws McpException when the flow cannot complete (refused, metadata invalid, no way to register)
     */
    public void authorize(URI endpoint, BearerChallenge challenge, String rejectedToken, int attempt) {
        lock.lock();
        try {
            Tokens current = tokens;
            if (current != null && !current.accessToken().equals(rejectedToken)) {
                return;
            }
            run(endpoint, challenge, current, attempt);
        } catch (IOException e) {
            throw new McpException("authorization for " + endpoint + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new McpException("authorization for " + endpoint + " was interrupted", e);
        } finally {
            lock.unlock();
        }
    }

    private void run(URI endpoint, BearerChallenge challenge, Tokens current, int attempt) throws IOException, InterruptedException {
        ResourceMetadata metadata = discovery.resource(endpoint, challenge.resourceMetadata());
        URI origin = Discovery.origin(endpoint);
        String issuer;
        String resourceId;
        if (metadata != null) {
            if (!metadata.covers(endpoint)) {
                throw new McpException("the protected resource metadata of " + endpoint + " describes '" + metadata.resource()
                        + "', not this server; refusing to authorize", null);
            }
            if (metadata.authorizationServers().isEmpty()) {
                throw new McpException("the protected resource metadata of " + endpoint + " names no authorization server", null);
            }
            issuer = metadata.authorizationServers().getFirst();
            resourceId = metadata.resource();
        } else {
            issuer = origin.toString(); // 2025-03-26: the MCP server's origin is its authorization server
            resourceId = canonical(endpoint);
        }
        ServerMetadata found = discovery.server(issuer, metadata == null);
        if (found == null && metadata != null) {
            throw new McpException("the authorization server " + issuer + " publishes no metadata (RFC 8414 or OpenID Connect)", null);
        }
        ServerMetadata as = found != null ? found : ServerMetadata.defaults(origin);
        boolean sameServer = current != null && Objects.equals(current.issuer(), as.issuer());
        if (!challenge.insufficientScope() && attempt <= 1 && sameServer && current.refreshToken() != null
                && resourceId.equals(resource)) {
            try {
                tokens = tokenEndpoint.refresh(as, client(as), current, resourceId);
                return;
            } catch (McpException e) {
                log.debug("refresh failed, authorizing again: {}", e.getMessage());
            }
        }
        Set<String> scopes = new LinkedHashSet<>();
        if (sameServer && (challenge.insufficientScope() || !challenge.scopes().isEmpty())) {
            scopes.addAll(current.scopes());
        }
        if (!challenge.scopes().isEmpty()) {
            scopes.addAll(challenge.scopes());
        } else if (scopes.isEmpty() && metadata != null && metadata.scopesSupported() != null) {
            scopes.addAll(metadata.scopesSupported());
        }
        if (offlineAccess && as.scopesSupported() != null && as.scopesSupported().contains("offline_access")) {
            scopes.add("offline_access");
        }
        if (assertionGrant != null) {
            String assertion = assertionGrant.assertion(as.issuer() != null ? as.issuer() : origin.toString(), resourceId);
            tokens = tokenEndpoint.jwtBearer(as, client(as), assertion, resourceId, Set.copyOf(scopes));
        } else if (clientCredentialsGrant) {
            tokens = tokenEndpoint.clientCredentials(as, client(as), resourceId, Set.copyOf(scopes));
        } else {
            tokens = authorizationCode(as, resourceId, scopes);
        }
        server = as;
        resource = resourceId;
    }

    private Tokens authorizationCode(ServerMetadata as, String resourceId, Set<String> scopes) throws IOException, InterruptedException {
        if (found(as) && (as.codeChallengeMethods() == null || !as.codeChallengeMethods().contains("S256"))) {
            throw new McpException("the authorization server " + as.issuer() + " does not advertise PKCE S256 "
                    + "(code_challenge_methods_supported); refusing to authorize without it", null);
        }
        ClientCredentials client = client(as);
        String verifier = random(32);
        String state = random(16);
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", client.clientId());
        query.put("redirect_uri", handler.redirectUri().toString());
        query.put("code_challenge", s256(verifier));
        query.put("code_challenge_method", "S256");
        query.put("state", state);
        if (!scopes.isEmpty()) {
            query.put("scope", String.join(" ", scopes));
        }
        query.put("resource", resourceId);
        String base = as.authorizationEndpoint().toString();
        URI request = URI.create(base + (base.contains("?") ? "&" : "?") + TokenEndpoint.form(query));
        Map<String, String> response = query(handler.authorize(request));
        if (response.containsKey("error")) {
            throw new McpException("the authorization server refused: " + response.get("error")
                    + (response.containsKey("error_description") ? " (" + response.get("error_description") + ")" : ""), null);
        }
        if (!state.equals(response.get("state"))) {
            throw new McpException("the authorization response's state does not match the request's; refusing it", null);
        }
        String iss = response.get("iss");
        if (as.issuer() != null) {
            if (iss == null && as.issParameterSupported()) {
                throw new McpException("the authorization response lacks the iss parameter its server "
                        + as.issuer() + " advertises; refusing it", null);
            }
            if (iss != null && !iss.equals(as.issuer())) {
                throw new McpException("the authorization response comes from issuer '" + iss + "', not '" + as.issuer()
                        + "'; refusing it", null);
            }
        }
        String code = response.get("code");
        if (code == null) {
            throw new McpException("the authorization response carries no code", null);
        }
        return tokenEndpoint.exchange(as, client, code, handler.redirectUri(), verifier, resourceId, Set.copyOf(scopes));
    }

    private static boolean found(ServerMetadata as) {
        return as.issuer() != null;
    }

    /** Pre-registered, then already registered here, then a client ID metadata document, then registration. */
    private ClientCredentials client(ServerMetadata as) throws IOException, InterruptedException {
        String key = as.issuer() != null ? as.issuer() : as.tokenEndpoint().resolve("/").toString();
        ClientCredentials known = preRegistered.getOrDefault(key, preRegistered.get(""));
        if (known == null) {
            known = registered.get(key);
        }
        if (known != null) {
            return known;
        }
        if (as.clientIdMetadataDocuments() && clientMetadataDocument != null) {
            return new ClientCredentials(clientMetadataDocument.toString(), null, "none");
        }
        if (as.registrationEndpoint() == null) {
            throw new McpException("the authorization server " + key + " offers neither dynamic client registration nor "
                    + "client ID metadata documents" + (clientMetadataDocument == null ? " (none configured)" : "")
                    + "; register a client there and configure its id", null);
        }
        ClientCredentials fresh = tokenEndpoint.register(as, clientName, handler.redirectUri());
        registered.put(key, fresh);
        return fresh;
    }

    /** The endpoint as a resource identifier: no fragment, lower-case scheme and host. */
    static String canonical(URI endpoint) {
        String path = endpoint.getRawPath() == null ? "" : endpoint.getRawPath();
        String query = endpoint.getRawQuery() == null ? "" : "?" + endpoint.getRawQuery();
        return endpoint.getScheme().toLowerCase(java.util.Locale.ROOT) + "://"
                + endpoint.getRawAuthority().toLowerCase(java.util.Locale.ROOT) + path + query;
    }

    /** An EC private key (for {@link ClientCredentials#withPrivateKey}) from PKCS#8 PEM text. */
    public static java.security.PrivateKey pemKey(String pem) {
        return ClientAssertion.ecKey(pem);
    }

    static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static String random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> parameters = new LinkedHashMap<>();
        String query = uri.getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                int equals = pair.indexOf('=');
                String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                parameters.putIfAbsent(name, value);
            }
        }
        return parameters;
    }

    public static final class Builder {
        private final AuthorizationHandler handler;
        private String clientName = "Cairn";
        private URI clientMetadataDocument;
        private final Map<String, ClientCredentials> preRegistered = new HashMap<>();
        private boolean offlineAccess = true;
        private boolean clientCredentialsGrant;
        private AssertionGrant assertionGrant;
        private HttpClient http;

        private Builder(AuthorizationHandler handler) {
            this.handler = handler;
        }

        /** The {@code client_name} sent with dynamic client registration. */
        public Builder clientName(String name) {
            this.clientName = Objects.requireNonNull(name);
            return this;
        }

        /** The HTTPS URL of this client's client ID metadata document, used where servers accept such ids. */
        public Builder clientMetadataDocument(URI url) {
            this.clientMetadataDocument = url;
            return this;
        }

        /** A client registered beforehand with the authorization server {@code issuer} (null: with any server). */
        public Builder preRegistered(String issuer, ClientCredentials credentials) {
            preRegistered.put(issuer == null ? "" : issuer, Objects.requireNonNull(credentials));
            return this;
        }

        /** Whether to ask for {@code offline_access} (a refresh token) where the server supports it; default true. */
        public Builder offlineAccess(boolean request) {
            this.offlineAccess = request;
            return this;
        }

        /**
         * Gets tokens with the client credentials grant instead of sending a user through authorization: for
         * machine clients with pre-registered credentials (a secret or a {@code private_key_jwt} key).
         */
        public Builder clientCredentialsGrant(boolean use) {
            this.clientCredentialsGrant = use;
            return this;
        }

        /**
         * Gets tokens with the RFC 7523 JWT-bearer grant, presenting what {@code grant} supplies (a workload
         * identity token, or an enterprise identity provider's ID-JAG) instead of sending a user through
         * authorization; the client authenticates with its pre-registered credentials, or as a public client.
         */
        public Builder assertionGrant(AssertionGrant grant) {
            this.assertionGrant = grant;
            return this;
        }

        /** The HTTP client for metadata, registration and token requests (default: a new one). */
        public Builder httpClient(HttpClient client) {
            this.http = client;
            return this;
        }

        public OAuthClient build() {
            return new OAuthClient(this);
        }
    }
}
