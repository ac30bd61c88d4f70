package dev.cairn.llm;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;

/**
 * Speculative decoding: after each chosen token, a draft model of the same vocabulary proposes the {@code k} tokens
 * it finds most likely, one after the other, and the target computes the chosen token and all proposals in one
 * pass (each weight read once for all of them), which gives its logits after each. The sampler then picks from
 * those logits in order; while its pick equals the proposal, the next logits are already computed. At the first
 * difference the target forgets the rejected positions ({@link Session#rewind}) and a new round starts from the
 * sampler's pick. Since the sampler sees exactly the logits it would have seen without a draft and is called the
 * same number of times, the output is the same as plain decoding for any sampling settings; the draft only
 * decides how much is computed per pass.
 */
final class SpeculativeDecoder implements Generator.TokenSource {
    private static final Logger log = LoggerFactory.getLogger(SpeculativeDecoder.class);

    private final Session target, draft;
    private final int k;
    private int[] history; // the prompt and every chosen token
    private int length;
    private int[] drafted; // what the draft session holds
    private int draftedLength;
    private float[] logits;
    private float[][] verified; // the target's logits after the round's token and each proposal
    private final int[] round;  // the round's token, then the proposals
    private int proposals, index;
    private long proposed, accepted, rounds;

    SpeculativeDecoder(Session target, Session draft, int[] prompt, float[] promptLogits, int k) {
        this.target = target;
        this.draft = draft;
        this.k = Math.min(k, target.passSize() - 1);
        this.history = Arrays.copyOf(prompt, prompt.length + 64);
        this.length = prompt.length;
        this.drafted = new int[history.length];
        this.logits = promptLogits;
        this.round = new int[this.k + 1];
    }

    /** Fails unless {@code draft} can propose tokens for {@code target}: the same vocabulary and special tokens. */
    static void checkCompatible(Model target, Model draft) {
        var t = target.tokenizer();
        var d = draft.tokenizer();
        if (target.vocabularySize() != draft.vocabularySize() || t.vocabSize() != d.vocabSize()
                || !t.specialIds().equals(d.specialIds())) {
            throw new LlmException("the draft model's vocabulary (" + draft.vocabularySize() + " tokens) differs from the model's ("
                    + target.vocabularySize() + "): speculative decoding needs a draft with the same tokenizer");
        }
    }

    @Override
    public float[] logits() {
        return logits;
    }

    @Override
    public boolean room() {
        return length < target.capacity();
    }

    @Override
    public void feed(int token) {
        if (verified != null && index < proposals && token == round[index + 1]) {
            append(token);
            accepted++;
            logits = verified[++index];
            return;
        }
        target.rewind(length);
        append(token);
        int count = Math.min(k, target.capacity() - length);
        if (count <= 0) {
            verified = null;
            logits = target.next(token);
            return;
        }
        round[0] = token;
        propose(count);
        verified = target.promptEach(Arrays.copyOf(round, count + 1));
        proposals = count;
        proposed += count;
        rounds++;
        index = 0;
        logits = verified[0];
    }

    /** Brings the draft session up to the history and lets it propose {@code count} tokens into {@code round[1..]}. */
    private void propose(int count) {
        int n = Math.min(draftedLength, length);
        int mismatch = Arrays.mismatch(drafted, 0, n, history, 0, n);
        int common = mismatch < 0 ? n : mismatch;
        draft.rewind(common);
        draftedLength = common;
        float[] l = feedDraft(Arrays.copyOfRange(history, common, length));
        for (int i = 1; i <= count; i++) {
            round[i] = Ops.argmax(l);
            if (i < count) l = feedDraft(new int[] {round[i]});
        }
    }

    private float[] feedDraft(int[] tokens) {
        if (draftedLength + tokens.length > drafted.length) drafted = Arrays.copyOf(drafted, 2 * (draftedLength + tokens.length));
        System.arraycopy(tokens, 0, drafted, draftedLength, tokens.length);
        draftedLength += tokens.length;
        return draft.prompt(tokens);
    }

    private void append(int token) {
        if (length == history.length) history = Arrays.copyOf(history, 2 * length);
        history[length++] = token;
    }

    /** Proposals made, proposals accepted, verification passes. */
    Stats stats() {
        return new Stats(proposed, accepted, rounds);
    }

    record Stats(long proposed, long accepted, long rounds) {
        double acceptance() {
            return proposed == 0 ? 0 : (double) accepted / proposed;
        }
    }

    void logStats() {
        if (log.isDebugEnabled()) {
            Stats s = stats();
            log.debug("speculative decoding: {} of {} proposals accepted ({}), {} passes", s.accepted, s.proposed,
                    String.format("%.2f", s.acceptance()), s.rounds);
        }
    }
}
