package dev.cairn.mcp.transport;

import java.net.InetAddress;
import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * Guards a local HTTP server against DNS rebinding: the {@code Host} header must name the server as the
 * client reached it, and an {@code Origin} header, when a browser sends one, must be a local origin or one
 * explicitly allowed. A server bound to a non-loopback address checks only the origins it was given.
 */
record HostPolicy(boolean loopback, Set<String> allowedHosts, Set<String> allowedOrigins) {
    static final Set<String> LOCAL_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]");

    static HostPolicy forAddress(InetAddress bound, Set<String> extraHosts, Set<String> allowedOrigins) {
        boolean loopback = bound.isLoopbackAddress();
        Set<String> hosts = new java.util.HashSet<>(extraHosts);
        if (loopback) {
            hosts.addAll(LOCAL_HOSTS);
        }
        return new HostPolicy(loopback, Set.copyOf(hosts), Set.copyOf(allowedOrigins));
    }

    /** Whether a request's Host header is acceptable (null: HTTP/1.0 without Host, accepted). */
    boolean hostAllowed(String hostHeader) {
        if (hostHeader == null || (!loopback && allowedHosts.isEmpty())) {
            return true;
        }
        return allowedHosts.contains(hostName(hostHeader));
    }

    /** Whether a request's Origin header is acceptable (null: not a browser request, accepted). */
    boolean originAllowed(String origin) {
        if (origin == null) {
            return true;
        }
        if (allowedOrigins.contains(origin)) {
            return true;
        }
        if (!loopback) {
            return false;
        }
        try {
            URI uri = URI.create(origin.strip());
            String scheme = uri.getScheme();
            String host = uri.getHost();
            if (host == null || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
                return false;
            }
            String name = host.toLowerCase(Locale.ROOT);
            return allowedHosts.contains(name.startsWith("[") || !name.contains(":") ? name : "[" + name + "]");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The host part of a Host header, lower-cased, without the port; IPv6 keeps its brackets. */
    static String hostName(String hostHeader) {
        String value = hostHeader.strip().toLowerCase(Locale.ROOT);
        if (value.startsWith("[")) {
            int end = value.indexOf(']');
            return end < 0 ? value : value.substring(0, end + 1);
        }
        int colon = value.indexOf(':');
        return colon < 0 ? value : value.substring(0, colon);
    }
}
