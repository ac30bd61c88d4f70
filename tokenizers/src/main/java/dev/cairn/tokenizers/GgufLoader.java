package dev.cairn.tokenizers;

import dev.cairn.gguf.GgufMetadata;
import dev.cairn.tokenizers.Tokenizer.SpecialIds;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Builds a tokenizer from the tokenizer.ggml.* keys of GGUF metadata, as llama.cpp reads them. */
final class GgufLoader {
    private static final String P = "tokenizer.ggml.";

    private final GgufMetadata meta;
    private final String source;
    private int vocabSize;

    private GgufLoader(GgufMetadata meta) {
        this.meta = meta;
        this.source = meta.source();
    }

    static Tokenizer load(GgufMetadata meta) {
        return new GgufLoader(meta).build();
    }

    private Tokenizer build() {
        if (!meta.contains(P + "model") || !meta.contains(P + "tokens")) {
            throw fail("has no tokenizer (the keys tokenizer.ggml.model and tokenizer.ggml.tokens are missing)");
        }
        String model = meta.getString(P + "model");
        List<String> tokenList = meta.getStringArray(P + "tokens");
        String[] pieces = tokenList.toArray(new String[0]);
        if (pieces.length == 0) throw fail("has an empty tokenizer.ggml.tokens");
        vocabSize = pieces.length;
        TokenType[] types = new TokenType[pieces.length];
        Arrays.fill(types, TokenType.NORMAL);
        int[] typeCodes = meta.findIntArray(P + "token_type").orElse(null);
        if (typeCodes != null) {
            if (typeCodes.length != pieces.length) throw fail("has " + typeCodes.length + " token types for " + pieces.length + " tokens");
            for (int i = 0; i < pieces.length; i++) types[i] = TokenType.fromGguf(typeCodes[i]);
        }
        float[] scores = meta.findFloatArray(P + "scores").orElse(null);
        if (scores != null && scores.length != pieces.length) throw fail("has " + scores.length + " scores for " + pieces.length + " tokens");
        return switch (model) {
            case "bert" -> buildWordPiece(pieces, types);
            case "gpt2" -> buildByteLevel(pieces, types);
            case "llama" -> buildSentencePiece(pieces, types, scores);
            case "t5" -> buildUnigram(pieces, types, scores);
            case "no_vocab", "none" -> throw fail("has no vocabulary (tokenizer.ggml.model = \"" + model + "\")");
            default -> throw fail("uses tokenizer.ggml.model = \"" + model
                    + "\", which Cairn does not support (supported: llama, gpt2, bert, t5)");
        };
    }

    private Tokenizer buildWordPiece(String[] pieces, TokenType[] types) {
        // llama.cpp stores BERT vocabularies with a "▁" before word-start pieces and no "##" before the others
        String[] forms = new String[pieces.length];
        for (int i = 0; i < pieces.length; i++) {
            String p = pieces[i];
            if (types[i] == TokenType.CONTROL || (p.startsWith("[") && p.endsWith("]"))) forms[i] = p;
            else if (p.startsWith("\u2581")) forms[i] = p.substring(1);
            else forms[i] = "##" + p;
        }
        Vocabulary vocab = new Vocabulary(pieces, types, null);
        int unk = id("unknown_token_id", 100);
        if (unk < 0) unk = vocab.id("[UNK]");
        if (unk < 0) throw fail("has a bert (WordPiece) vocabulary without an unknown token "
                + "(tokenizer.ggml.unknown_token_id is missing or outside the vocabulary, and there is no [UNK])");
        int cls = id("cls_token_id", id("bos_token_id", 101));
        int sep = id("seperator_token_id", id("eos_token_id", 102));
        int pad = id("padding_token_id", 0);
        WordPieceModel wp = new WordPieceModel(vocab, forms, unk, WordPieceModel.Options.bertUncased());
        SpecialIds ids = new SpecialIds(-1, -1, unk, pad, cls, sep);
        int[] prefix = validId(cls) ? new int[]{cls} : new int[0];
        int[] suffix = validId(sep) ? new int[]{sep} : new int[0];
        return new ModelTokenizer(vocab, wp, Tokenizer.Algorithm.WORDPIECE, ids, prefix, suffix, matcher(vocab), false);
    }

    private Tokenizer buildByteLevel(String[] pieces, TokenType[] types) {
        String pre = meta.findString(P + "pre").orElse("default");
        RegexSplitter.Preset preset = RegexSplitter.Preset.forGgufName(pre);
        if (preset == null) throw fail("uses the pre-tokenizer tokenizer.ggml.pre = \"" + pre + "\", which Cairn does not support");
        List<String> merges = meta.findStringArray(P + "merges").orElse(null);
        if (merges == null) throw fail("has a gpt2 (byte-level BPE) vocabulary without tokenizer.ggml.merges");
        Vocabulary vocab = new Vocabulary(pieces, types, null);
        int unk = id("unknown_token_id", -1);
        ByteLevelBpeModel model = new ByteLevelBpeModel(vocab, merges, RegexSplitter.of(preset),
                preset == RegexSplitter.Preset.LLAMA3, unk, source);
        return finish(vocab, model, Tokenizer.Algorithm.BYTE_LEVEL_BPE, 11, 11, unk, false, false);
    }

    private Tokenizer buildSentencePiece(String[] pieces, TokenType[] types, float[] scores) {
        if (scores == null) throw fail("has a SentencePiece (llama) vocabulary without tokenizer.ggml.scores");
        Vocabulary vocab = new Vocabulary(pieces, types, scores);
        float[] mergeScores = new float[pieces.length];
        for (int i = 0; i < pieces.length; i++) {
            boolean mergeable = types[i] == TokenType.NORMAL || types[i] == TokenType.USER_DEFINED;
            mergeScores[i] = mergeable ? scores[i] : Float.NaN;
        }
        boolean spacePrefix = meta.getBoolean(P + "add_space_prefix", true);
        int unk = id("unknown_token_id", 0);
        SentencePieceBpeModel model = new SentencePieceBpeModel(vocab, mergeScores,
                spacePrefix ? SpacePrefix.EVERY_SEGMENT : SpacePrefix.NONE, unk);
        return finish(vocab, model, Tokenizer.Algorithm.SENTENCEPIECE_BPE, 1, 2, unk, true, spacePrefix);
    }

    private Tokenizer buildUnigram(String[] pieces, TokenType[] types, float[] scores) {
        if (scores == null) throw fail("has a unigram (t5) vocabulary without tokenizer.ggml.scores");
        Vocabulary vocab = new Vocabulary(pieces, types, scores);
        boolean spacePrefix = meta.getBoolean(P + "add_space_prefix", true);
        int unk = id("unknown_token_id", 2);
        // T5 normalizes with a SentencePiece character map built from NFKC; NFKC stands in for it
        UnigramModel model = new UnigramModel(vocab, unk,
                new UnigramModel.Options(spacePrefix ? SpacePrefix.EVERY_SEGMENT : SpacePrefix.NONE, false, meta.getBoolean(P + "remove_extra_whitespaces", true), false, true));
        return finish(vocab, model, Tokenizer.Algorithm.UNIGRAM, -1, 1, unk, false, spacePrefix);
    }

    private Tokenizer finish(Vocabulary vocab, Model model, Tokenizer.Algorithm algorithm, int defaultBos, int defaultEos,
                             int unk, boolean defaultAddBos, boolean stripSpace) {
        int bos = id("bos_token_id", defaultBos);
        int eos = id("eos_token_id", defaultEos);
        int pad = id("padding_token_id", -1);
        boolean addBos = meta.getBoolean(P + "add_bos_token", defaultAddBos);
        boolean addEos = meta.getBoolean(P + "add_eos_token", algorithm == Tokenizer.Algorithm.UNIGRAM);
        int[] prefix = addBos && validId(bos) ? new int[]{bos} : new int[0];
        int[] suffix = addEos && validId(eos) ? new int[]{eos} : new int[0];
        SpecialIds ids = new SpecialIds(validId(bos) ? bos : -1, validId(eos) ? eos : -1, validId(unk) ? unk : -1,
                validId(pad) ? pad : -1, id("cls_token_id", -1), id("seperator_token_id", -1));
        return new ModelTokenizer(vocab, model, algorithm, ids, prefix, suffix, matcher(vocab), stripSpace);
    }

    private SpecialTokenMatcher matcher(Vocabulary vocab) {
        List<SpecialTokenMatcher.Entry> entries = new ArrayList<>();
        for (int id = 0; id < vocab.size(); id++) {
            TokenType t = vocab.type(id);
            if (t == TokenType.CONTROL || t == TokenType.UNKNOWN) entries.add(new SpecialTokenMatcher.Entry(vocab.piece(id), id, false));
            else if (t == TokenType.USER_DEFINED) entries.add(new SpecialTokenMatcher.Entry(vocab.piece(id), id, true));
        }
        return new SpecialTokenMatcher(entries);
    }

    /** A token id from the metadata, or the fallback; an id outside the vocabulary counts as absent (-1). */
    private int id(String key, int fallback) {
        long id = meta.findLong(P + key).orElse((long) fallback);
        return id >= 0 && id < vocabSize ? (int) id : -1;
    }

    private boolean validId(int id) {
        return id >= 0;
    }

    private TokenizerException fail(String problem) {
        return new TokenizerException(source + ": " + problem);
    }
}
