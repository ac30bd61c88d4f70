package dev.cairn.mcp.auth;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;

/**
 * Takes the user through an OAuth authorization request: a CLI opens the authorization URL in a browser and
 * waits for the authorization server to redirect back to {@link #redirectUri()} (see
 * {@link LoopbackBrowserAuthorization}); a headless client talking to an authorization server that approves
 * without a user follows the redirect itself ({@link #followRedirect}).
 */
public interface AuthorizationHandler {

    /** The redirect URI registered for this client and sent in every authorization request. */
    URI redirectUri();

    /**
     * Sends the user to {@code authorizationUrl} and returns the URI the authorization server redirected back
     * to, with its query ({@code code}, {@code state}, {@code iss} or {@code error}) intact.
     */
    URI authorize(URI authorizationUrl) throws IOException, InterruptedException;

    /**
     * For authorization servers that approve at once (test servers, pre-approved machine clients): GETs the
     * authorization URL without a browser and reads the redirect's {@code Location}.
     */
    static AuthorizationHandler followRedirect(URI redirectUri) {
        return new RedirectCapture(redirectUri, HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build());
    }
}
