package dev.cairn.mcp;

import dev.cairn.mcp.jsonrpc.JsonRpcError;
import dev.cairn.mcp.jsonrpc.JsonRpcException;
import dev.cairn.mcp.jsonrpc.RequestId;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** Cuts a list into pages for the {@code *}{@code /list} methods; cursors are opaque base64 offsets. */
record Pages<T>(List<T> items, String nextCursor) {
    private static final String PREFIX = "cairn:";

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
