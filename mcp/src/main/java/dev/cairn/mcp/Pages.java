package dev.cairn.mcp;

import dev.cairn.mcp.jsonrpc.JsonRpcError;
import dev.cairn.mcp.jsonrpc.JsonRpcException;
import dev.cairn.mcp.jsonrpc.RequestId;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * One page of a list method's result. The server cuts lists into pages with opaque base64-offset cursors;
 * the client follows {@code nextCursor} through all of them.
 */
record Pages<T>(List<T> items, String nextCursor) {
    private static final String PREFIX = "cairn:";
    private static final int MAX_PAGES = 10_000;

    /** Every item, fetching page after page from the first (cursor null) until there is no next cursor. */
    static <T> List<T> collect(java.util.function.Function<String, Pages<T>> fetch) {
        List<T> all = new java.util.ArrayList<>();
        String cursor = null;
        for (int pages = 0; pages < MAX_PAGES; pages++) {
            Pages<T> page = fetch.apply(cursor);
            all.addAll(page.items());
            cursor = page.nextCursor();
            if (cursor == null) {
                return all;
            }
        }
        throw new McpException("More than " + MAX_PAGES + " pages; is the server's cursor stuck?", null);
    }

    static <T> Pages<T> of(List<T> all, String cursor, int size, RequestId id) {
        int from = cursor == null ? 0 : offset(cursor, all.size(), id);
        int to = Math.min(all.size(), from + size);
        String next = to < all.size() ? encode(to) : null;
        return new Pages<>(List.copyOf(all.subList(from, to)), next);
    }

    private static String encode(int offset) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((PREFIX + offset).getBytes(StandardCharsets.UTF_8));
    }

    private static int offset(String cursor, int size, RequestId id) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (decoded.startsWith(PREFIX)) {
                int offset = Integer.parseInt(decoded.substring(PREFIX.length()));
                if (offset >= 0 && offset <= size) {
                    return offset;
                }
            }
        } catch (IllegalArgumentException e) {
            // falls through to the error below
        }
        throw new JsonRpcException(JsonRpcError.INVALID_PARAMS, "Invalid params: unknown cursor", id);
    }
}
