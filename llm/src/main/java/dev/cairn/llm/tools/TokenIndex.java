package dev.cairn.llm.tools;

import dev.cairn.llm.LlmException;
import dev.cairn.tokenizers.Tokenizer;

import java.util.ArrayList;
import java.util.List;

/**
 * The vocabulary's non-special tokens by first byte, so masking a step tries the 256 possible first bytes against
 * the automaton first and then only the tokens whose first byte can follow.
 */
final class TokenIndex {
    private final byte[][] bytes;
    private final int[][] byFirstByte = new int[256][];

    TokenIndex(Tokenizer tokenizer) {
        int n = tokenizer.vocabSize();
        bytes = new byte[n][];
        List<List<Integer>> groups = new ArrayList<>();
        for (int b = 0; b < 256; b++) groups.add(new ArrayList<>());
        for (int id = 0; id < n; id++) {
            if (tokenizer.isSpecial(id)) continue;
            byte[] b = tokenizer.tokenBytes(id);
            if (b.length == 0) continue;
            bytes[id] = b;
            groups.get(b[0] & 0xFF).add(id);
        }
        for (int b = 0; b < 256; b++) byFirstByte[b] = groups.get(b).stream().mapToInt(Integer::intValue).toArray();
    }

    /** A copy of {@code logits} with every token that cannot continue {@code state} at negative infinity. */
    float[] mask(float[] logits, SchemaMatcher.Stack state) {
        float[] masked = new float[logits.length];
        java.util.Arrays.fill(masked, Float.NEGATIVE_INFINITY);
        boolean any = false;
        for (int first = 0; first < 256; first++) {
            int[] ids = byFirstByte[first];
            if (ids.length == 0) continue;
            SchemaMatcher.Stack after = SchemaMatcher.step(state, first);
            if (after == null) continue;
            for (int id : ids) {
                if (id >= logits.length) continue;
                byte[] b = bytes[id];
                SchemaMatcher.Stack s = after;
                for (int i = 1; i < b.length && s != null; i++) s = SchemaMatcher.step(s, b[i]);
                if (s != null) {
                    masked[id] = logits[id];
                    any = true;
                }
            }
        }
        if (!any) throw new LlmException("no token of the vocabulary can continue the tool call");
        return masked;
    }
}
