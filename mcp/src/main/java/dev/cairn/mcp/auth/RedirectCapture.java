package dev.cairn.mcp.auth;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** {@link AuthorizationHandler#followRedirect}: one GET, the answer must be a redirect. */
record RedirectCapture(URI redirectUri, HttpClient http) implements AuthorizationHandler {

    @Override
    public URI authorize(URI authorizationUrl) throws IOException, InterruptedException {
        HttpRequest get = HttpRequest.newBuilder(authorizationUrl).timeout(Duration.ofSeconds(30)).GET().build();
        HttpResponse<String> response = http.send(get, HttpResponse.BodyHandlers.ofString());
        String location = response.headers().firstValue("Location").orElse(null);
        if (response.statusCode() / 100 != 3 || location == null) {
            throw new IOException("the authorization endpoint " + authorizationUrl.getHost() + " answered HTTP "
                    + response.statusCode() + " instead of redirecting: it needs a user, so use a browser-based handler");
        }
        return authorizationUrl.resolve(location);
    }
}
