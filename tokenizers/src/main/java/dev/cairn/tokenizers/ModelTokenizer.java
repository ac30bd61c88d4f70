package dev.cairn.tokenizers;

import java.io.ByteArrayOutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;

/** The one {@link Tokenizer} implementation: a vocabulary, a model, special tokens and the decoding rules. */
final class ModelTokenizer implements Tokenizer {
    private final Vocabulary vocab;
    private final Model model;
    private final Algorithm algorithm;
    private final SpecialIds specialIds;
    private final int[] prefixIds;
    private final int[] suffixIds;
    private final SpecialTokenMatcher matcher;
    private final boolean stripLeadingSpace;
    /** Each token's bytes, computed on first use (a 128k vocabulary need not be decoded before the first token). */
    private final byte[][] bytes;
    private static final VarHandle BYTES = MethodHandles.arrayElementVarHandle(byte[][].class);
    private final Normalization normalization;

    ModelTokenizer(Vocabulary vocab, Model model, Algorithm algorithm, SpecialIds specialIds,
                   int[] prefixIds, int[] suffixIds, SpecialTokenMatcher matcher, boolean stripLeadingSpace) {
        this(vocab, model, algorithm, specialIds, prefixIds, suffixIds, matcher, stripLeadingSpace, Normalization.NONE);
    }

    /**
     * @param stripLeadingSpace decode drops the space the first token starts with (SentencePiece's space prefix)
     * @param normalization     applied to text between special tokens before the model sees it
     */
    ModelTokenizer(Vocabulary vocab, Model model, Algorithm algorithm, SpecialIds specialIds, int[] prefixIds,
                   int[] suffixIds, SpecialTokenMatcher matcher, boolean stripLeadingSpace, Normalization normalization) {
        this.normalization = normalization;
        this.vocab = vocab;
        this.model = model;
        this.algorithm = algorithm;
        this.specialIds = specialIds;
        this.prefixIds = prefixIds.clone();
        this.suffixIds = suffixIds.clone();
        this.matcher = matcher;
        this.stripLeadingSpace = stripLeadingSpace;
        this.bytes = new byte[vocab.size()][];
    }

    /** The bytes of a valid {@code id} (not to be modified; published with release/acquire ordering). */
    private byte[] bytesOf(int id) {
        byte[] b = (byte[]) BYTES.getAcquire(bytes, id);
        if (b == null) {
            b = model.tokenBytes(id);
            BYTES.setRelease(bytes, id, b);
        }
        return b;
    }

    @Override
    public int[] encode(String text, boolean addSpecialTokens, boolean parseSpecial) {
        IntList out = new IntList(text.length() / 3 + 8);
        if (addSpecialTokens) out.addAll(prefixIds);
        if (!text.isEmpty()) {
            matcher.split(text, parseSpecial, new SpecialTokenMatcher.Sink() {
                @Override
                public void text(String plain, boolean inputStart) {
                    model.encode(normalization.apply(plain), inputStart, out);
                }

                @Override
                public void token(int id) {
                    out.add(id);
                }
            });
        }
        if (addSpecialTokens) out.addAll(suffixIds);
        return out.toArray();
    }

    @Override
    public int[] addSpecialTokens(int[] ids) {
        int[] result = new int[prefixIds.length + ids.length + suffixIds.length];
        System.arraycopy(prefixIds, 0, result, 0, prefixIds.length);
        System.arraycopy(ids, 0, result, prefixIds.length, ids.length);
        System.arraycopy(suffixIds, 0, result, prefixIds.length + ids.length, suffixIds.length);
        return result;
    }

    @Override
    public String decode(int[] ids, boolean skipSpecialTokens) {
        if (model instanceof WordPieceModel wordPiece) return decodeWordPiece(wordPiece, ids, skipSpecialTokens);
        ByteArrayOutputStream buf = new ByteArrayOutputStream(ids.length * 4);
        boolean first = true;
        for (int id : ids) {
            checkId(id);
            if (skipSpecialTokens && isSpecial(id)) continue;
            byte[] b = bytesOf(id);
            if (first && stripLeadingSpace && !isSpecial(id) && b.length > 0 && b[0] == ' ') {
                buf.write(b, 1, b.length - 1);
            } else {
                buf.write(b, 0, b.length);
            }
            first = false;
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    /** Hugging Face's WordPiece decoder: join with spaces, glue "##" pieces, tidy spaces before punctuation. */
    private String decodeWordPiece(WordPieceModel wordPiece, int[] ids, boolean skipSpecialTokens) {
        StringBuilder sb = new StringBuilder(ids.length * 6);
        boolean first = true;
        for (int id : ids) {
            checkId(id);
            if (skipSpecialTokens && isSpecial(id)) continue;
            String form = wordPiece.decodeForm(id);
            String token;
            if (first) token = form;
            else if (form.startsWith(wordPiece.prefix())) token = form.substring(wordPiece.prefix().length());
            else token = " " + form;
            sb.append(wordPiece.decodeCleanup() ? cleanup(token) : token);
            first = false;
        }
        return sb.toString();
    }

    private static String cleanup(String token) {
        if (token.length() < 2 || token.charAt(0) != ' ') return token;
        return token.replace(" .", ".").replace(" ?", "?").replace(" !", "!").replace(" ,", ",")
                .replace(" ' ", "'").replace(" n't", "n't").replace(" 'm", "'m").replace(" do not", " don't")
                .replace(" 's", "'s").replace(" 've", "'ve").replace(" 're", "'re");
    }

    @Override
    public byte[] tokenBytes(int id) {
        checkId(id);
        return bytesOf(id).clone();
    }

    @Override
    public String piece(int id) {
        checkId(id);
        return vocab.piece(id);
    }

    @Override
    public int tokenId(String piece) {
        return vocab.id(piece);
    }

    @Override
    public boolean isSpecial(int id) {
        checkId(id);
        TokenType t = vocab.type(id);
        return t == TokenType.CONTROL;
    }

    @Override
    public int vocabSize() {
        return vocab.size();
    }

    @Override
    public SpecialIds specialIds() {
        return specialIds;
    }

    @Override
    public Algorithm algorithm() {
        return algorithm;
    }

    private void checkId(int id) {
        if (!vocab.isValid(id)) {
            throw new IllegalArgumentException("token id " + id + " is outside the vocabulary (size " + vocab.size() + ")");
        }
    }
}
