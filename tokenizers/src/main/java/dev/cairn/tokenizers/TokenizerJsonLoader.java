package dev.cairn.tokenizers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.cairn.tokenizers.Tokenizer.SpecialIds;

/**
 * Builds a tokenizer from a Hugging Face tokenizer.json: the model (WordPiece, BPE, Unigram), its normalizer and
 * pre-tokenizer, added tokens, and the post-processor's special tokens.
 */
final class TokenizerJsonLoader {
    private final String source;
    private final Map<String, Object> root;

    private TokenizerJsonLoader(String source, Map<String, Object> root) {
        this.source = source;
        this.root = root;
    }

    static Tokenizer load(String json, String source) {
        Object parsed = JsonReader.parse(json, source);
        if (!(parsed instanceof Map<?, ?> map)) throw new TokenizerException(source + ": not a tokenizer.json (the top level is not an object)");
        @SuppressWarnings("unchecked") Map<String, Object> root = (Map<String, Object>) map;
        return new TokenizerJsonLoader(source, root).build();
    }

    private Tokenizer build() {
        Map<String, Object> model = object(root, "model");
        if (model == null) throw fail("has no \"model\"");
        String type = string(model, "type");
        if (type == null) {
            if (model.containsKey("merges")) type = "BPE";
            else if (model.get("vocab") instanceof List) type = "Unigram";
            else type = "WordPiece";
        }
        return switch (type) {
            case "WordPiece" -> buildWordPiece(model);
            case "BPE" -> buildBpe(model);
            case "Unigram" -> buildUnigram(model);
            default -> throw fail("uses the model type \"" + type + "\", which Cairn does not support (supported: WordPiece, BPE, Unigram)");
        };
    }

    // ---- vocabularies ----

    private String[] vocabFromMap(Map<String, Object> model) {
        Map<String, Object> vocab = object(model, "vocab");
        if (vocab == null) throw fail("model has no \"vocab\" object");
        int size = 0;
        for (Object id : vocab.values()) size = Math.max(size, toInt(id, "vocab id") + 1);
        size = Math.max(size, maxAddedId() + 1);
        String[] pieces = new String[size];
        for (Map.Entry<String, Object> e : vocab.entrySet()) pieces[toInt(e.getValue(), "vocab id")] = e.getKey();
        return pieces;
    }

    private int maxAddedId() {
        int max = -1;
        for (Map<String, Object> t : addedTokens()) max = Math.max(max, toInt(t.get("id"), "added token id"));
        return max;
    }

    private List<Map<String, Object>> addedTokens() {
        List<Map<String, Object>> result = new ArrayList<>();
        Object list = root.get("added_tokens");
        if (list == null) return result;
        if (!(list instanceof List<?> items)) throw fail("\"added_tokens\" is not a list");
        for (Object item : items) {
            if (!(item instanceof Map<?, ?>)) throw fail("an entry of \"added_tokens\" is not an object");
            @SuppressWarnings("unchecked") Map<String, Object> m = (Map<String, Object>) item;
            if (!(m.get("content") instanceof String)) throw fail("an added token has no \"content\"");
            result.add(m);
        }
        return result;
    }

    /** Puts added tokens into the vocabulary and types them; returns the matcher for them. */
    private SpecialTokenMatcher applyAddedTokens(String[] pieces, TokenType[] types) {
        List<SpecialTokenMatcher.Entry> entries = new ArrayList<>();
        for (Map<String, Object> t : addedTokens()) {
            int id = toInt(t.get("id"), "added token id");
            String content = (String) t.get("content");
            boolean special = Boolean.TRUE.equals(t.get("special"));
            if (pieces[id] == null) pieces[id] = content;
            types[id] = special ? TokenType.CONTROL : TokenType.USER_DEFINED;
            entries.add(new SpecialTokenMatcher.Entry(content, id, !special));
        }
        return new SpecialTokenMatcher(entries);
    }

    private static TokenType[] normalTypes(int size) {
        TokenType[] types = new TokenType[size];
        Arrays.fill(types, TokenType.NORMAL);
        return types;
    }

    private void checkComplete(String[] pieces) {
        for (int i = 0; i < pieces.length; i++) {
            if (pieces[i] == null) throw fail("the vocabulary has no token with id " + i);
        }
    }

    // ---- WordPiece ----

    private Tokenizer buildWordPiece(Map<String, Object> model) {
        String[] pieces = vocabFromMap(model);
        TokenType[] types = normalTypes(pieces.length);
        SpecialTokenMatcher matcher = applyAddedTokens(pieces, types);
        checkComplete(pieces);
        Vocabulary vocab = new Vocabulary(pieces, types, null);
        String unk = stringOr(model, "unk_token", "[UNK]");
        int unkId = vocab.id(unk);
        if (unkId < 0) throw fail("the WordPiece unk_token \"" + unk + "\" is not in the vocabulary");
        String prefix = stringOr(model, "continuing_subword_prefix", "##");
        int maxChars = model.get("max_input_chars_per_word") == null ? 100 : toInt(model.get("max_input_chars_per_word"), "max_input_chars_per_word");
        boolean cleanup = true;
        for (Map<String, Object> d : flatten(object(root, "decoder"), "decoders")) {
            if ("WordPiece".equals(string(d, "type"))) cleanup = bool(d, "cleanup", true);
        }
        WordPieceModel.Options options = wordPieceOptions(prefix, maxChars, cleanup);
        WordPieceModel wp = new WordPieceModel(vocab, pieces, unkId, options);
        int[][] template = postProcessor(vocab);
        SpecialIds ids = new SpecialIds(-1, -1, unkId, vocab.id("[PAD]"), vocab.id("[CLS]"), vocab.id("[SEP]"));
        return new ModelTokenizer(vocab, wp, Tokenizer.Algorithm.WORDPIECE, ids, template[0], template[1], matcher, false);
    }

    private WordPieceModel.Options wordPieceOptions(String prefix, int maxChars, boolean cleanup) {
        Map<String, Object> normalizer = object(root, "normalizer");
        if (normalizer == null) return new WordPieceModel.Options(false, false, false, false, prefix, maxChars, cleanup);
        String type = string(normalizer, "type");
        if ("BertNormalizer".equals(type)) {
            boolean lowercase = bool(normalizer, "lowercase", true);
            Object strip = normalizer.get("strip_accents");
            boolean stripAccents = strip == null ? lowercase : Boolean.TRUE.equals(strip);
            return new WordPieceModel.Options(bool(normalizer, "clean_text", true), bool(normalizer, "handle_chinese_chars", true),
                    stripAccents, lowercase, prefix, maxChars, cleanup);
        }
        List<String> kinds = new ArrayList<>();
        for (Map<String, Object> n : flatten(normalizer, "normalizers")) kinds.add(string(n, "type"));
        boolean lowercase = kinds.contains("Lowercase");
        boolean strip = kinds.contains("StripAccents");
        return new WordPieceModel.Options(false, false, strip, lowercase, prefix, maxChars, cleanup);
    }

    // ---- BPE ----

    private Tokenizer buildBpe(Map<String, Object> model) {
        String[] pieces = vocabFromMap(model);
        TokenType[] types = normalTypes(pieces.length);
        SpecialTokenMatcher matcher = applyAddedTokens(pieces, types);
        checkComplete(pieces);
        List<String> merges = merges(model);
        String unk = string(model, "unk_token");
        if (string(model, "continuing_subword_prefix") != null || string(model, "end_of_word_suffix") != null) {
            throw fail("uses a BPE model with continuing_subword_prefix or end_of_word_suffix, which Cairn does not support");
        }
        Map<String, Object> pre = object(root, "pre_tokenizer");
        List<Map<String, Object>> preSteps = flatten(pre, "pretokenizers");
        boolean byteLevel = false;
        boolean prefixSpace = false;
        List<String> regexes = new ArrayList<>();
        for (Map<String, Object> step : preSteps) {
            String t = string(step, "type");
            switch (t == null ? "" : t) {
                case "ByteLevel" -> {
                    byteLevel = true;
                    prefixSpace = bool(step, "add_prefix_space", false);
                    if (bool(step, "use_regex", true)) regexes.add(RegexSplitter.gpt2Pattern());
                }
                case "Split" -> {
                    Map<String, Object> pattern = object(step, "pattern");
                    if (pattern == null) throw fail("a Split pre-tokenizer has no pattern");
                    String behavior = stringOr(step, "behavior", "Isolated");
                    if (!behavior.equals("Isolated") || bool(step, "invert", false)) {
                        throw fail("uses a Split pre-tokenizer with behavior " + behavior + (bool(step, "invert", false) ? " (inverted)" : "")
                                + "; Cairn supports only Isolated");
                    }
                    if (pattern.get("Regex") instanceof String r) regexes.add(r);
                    else if (pattern.get("String") instanceof String s) regexes.add(java.util.regex.Pattern.quote(s));
                }
                case "Digits" -> regexes.add(bool(step, "individual_digits", false) ? "\\p{N}" : "\\p{N}+");
                case "Metaspace" -> { }
                default -> throw fail("uses the pre-tokenizer \"" + t + "\" with a BPE model, which Cairn does not support");
            }
        }
        Map<String, Object> decoder = object(root, "decoder");
        if (!byteLevel) {
            for (Map<String, Object> d : flatten(decoder, "decoders")) if ("ByteLevel".equals(string(d, "type"))) byteLevel = true;
        }
        Model m;
        Vocabulary vocab;
        Tokenizer.Algorithm algorithm;
        boolean strip = false;
        if (byteLevel) {
            vocab = new Vocabulary(pieces, types, null);
            RegexSplitter splitter;
            try {
                splitter = new RegexSplitter(regexes);
            } catch (java.util.regex.PatternSyntaxException e) {
                throw fail("a pre-tokenizer's pattern is not a valid regular expression: " + e.getDescription()
                        + " near index " + e.getIndex() + " of " + e.getPattern());
            }
            m = new ByteLevelBpeModel(vocab, merges, splitter, bool(model, "ignore_merges", false),
                    prefixSpace, unk == null ? -1 : vocab.id(unk), source);
            algorithm = Tokenizer.Algorithm.BYTE_LEVEL_BPE;
        } else {
            boolean byteFallback = bool(model, "byte_fallback", false);
            if (byteFallback) {
                for (int id = 0; id < pieces.length; id++) {
                    if (pieces[id].length() == 6 && pieces[id].startsWith("<0x") && types[id] == TokenType.NORMAL) types[id] = TokenType.BYTE;
                }
            }
            vocab = new Vocabulary(pieces, types, null);
            SpacePrefix prefix = spacePrefix(pre);
            strip = prefix != SpacePrefix.NONE;
            m = new SentencePieceBpeModel(vocab, mergeScores(vocab, merges), prefix, unk == null ? -1 : vocab.id(unk));
            algorithm = Tokenizer.Algorithm.SENTENCEPIECE_BPE;
        }
        int[][] template = postProcessor(vocab);
        SpecialIds ids = guessSpecialIds(vocab, unk, template);
        return new ModelTokenizer(vocab, m, algorithm, ids, template[0], template[1], matcher, strip, normalization(!byteLevel));
    }

    /**
     * SentencePiece-style BPE (Llama 2, Mistral) ranks merges; the SentencePiece merger ranks by the score of the
     * merged piece. A piece scores minus the rank of the first merge that makes it; pieces no merge makes: NaN.
     */
    private static float[] mergeScores(Vocabulary vocab, List<String> merges) {
        float[] scores = new float[vocab.size()];
        Arrays.fill(scores, Float.NaN);
        for (int rank = merges.size() - 1; rank >= 0; rank--) {
            String merge = merges.get(rank);
            int space = merge.indexOf(' ', 1);
            if (space < 0) continue;
            int id = vocab.id(merge.substring(0, space) + merge.substring(space + 1));
            if (id >= 0) scores[id] = -rank;
        }
        return scores;
    }

    private List<String> merges(Map<String, Object> model) {
        Object list = model.get("merges");
        if (!(list instanceof List<?> items)) throw fail("the BPE model has no \"merges\" list");
        List<String> merges = new ArrayList<>(items.size());
        for (Object item : items) {
            if (item instanceof String s) merges.add(s);
            else if (item instanceof List<?> pair && pair.size() == 2) merges.add(pair.get(0) + " " + pair.get(1));
            else throw fail("a BPE merge is neither \"a b\" nor [\"a\", \"b\"]");
        }
        return merges;
    }

    /** The space prefix of a Prepend("▁") normalizer or a Metaspace pre-tokenizer. */
    private SpacePrefix spacePrefix(Map<String, Object> pre) {
        if (normalizerPrepends()) return SpacePrefix.EVERY_SEGMENT;
        for (Map<String, Object> step : flatten(pre, "pretokenizers")) {
            if ("Metaspace".equals(string(step, "type"))) {
                String scheme = string(step, "prepend_scheme");
                if (scheme == null) return bool(step, "add_prefix_space", true) ? SpacePrefix.UNLESS_SPACE : SpacePrefix.NONE;
                return switch (scheme) {
                    case "never" -> SpacePrefix.NONE;
                    case "first" -> SpacePrefix.INPUT_START;
                    default -> SpacePrefix.UNLESS_SPACE;
                };
            }
        }
        return SpacePrefix.NONE;
    }

    private boolean normalizerPrepends() {
        for (Map<String, Object> n : flatten(object(root, "normalizer"), "normalizers")) {
            if ("Prepend".equals(string(n, "type"))) return true;
        }
        return false;
    }

    // ---- Unigram ----

    private Tokenizer buildUnigram(Map<String, Object> model) {
        Object list = model.get("vocab");
        if (!(list instanceof List<?> entries)) throw fail("the Unigram model has no \"vocab\" list");
        int size = Math.max(entries.size(), maxAddedId() + 1);
        String[] pieces = new String[size];
        float[] scores = new float[size];
        for (int i = 0; i < entries.size(); i++) {
            if (!(entries.get(i) instanceof List<?> pair) || pair.size() != 2 || !(pair.get(0) instanceof String piece)
                    || !(pair.get(1) instanceof Number score)) {
                throw fail("Unigram vocab entry " + i + " is not [\"piece\", score]");
            }
            pieces[i] = piece;
            scores[i] = score.floatValue();
        }
        TokenType[] types = normalTypes(size);
        SpecialTokenMatcher matcher = applyAddedTokens(pieces, types);
        checkComplete(pieces);
        int unkId = model.get("unk_id") == null ? -1 : toInt(model.get("unk_id"), "unk_id");
        if (unkId >= size) throw fail("the Unigram unk_id " + unkId + " is outside the vocabulary (" + size + " tokens)");
        if (unkId >= 0) types[unkId] = TokenType.UNKNOWN;
        boolean byteFallback = bool(model, "byte_fallback", false);
        if (byteFallback) {
            for (int id = 0; id < size; id++) {
                if (pieces[id].length() == 6 && pieces[id].startsWith("<0x") && types[id] == TokenType.NORMAL) types[id] = TokenType.BYTE;
            }
        }
        Vocabulary vocab = new Vocabulary(pieces, types, scores);
        Map<String, Object> pre = object(root, "pre_tokenizer");
        SpacePrefix prefix = spacePrefix(pre);
        boolean split = false;
        boolean collapse = false; // WhitespaceSplit drops whitespace: words are then joined by single "▁"
        for (Map<String, Object> step : flatten(pre, "pretokenizers")) {
            String t = string(step, "type");
            if ("Metaspace".equals(t)) split |= bool(step, "split", true);
            if ("WhitespaceSplit".equals(t)) split = collapse = true;
        }
        UnigramModel m = new UnigramModel(vocab, unkId, new UnigramModel.Options(prefix, split, collapse, byteFallback, false));
        int[][] template = postProcessor(vocab);
        SpecialIds ids = guessSpecialIds(vocab, unkId >= 0 ? pieces[unkId] : null, template);
        return new ModelTokenizer(vocab, m, Tokenizer.Algorithm.UNIGRAM, ids, template[0], template[1], matcher,
                prefix != SpacePrefix.NONE, normalization(true));
    }

    /**
     * The Unicode normalization and lowercasing of the normalizer. Prepend and Replace(" " -> "▁") belong to
     * SentencePiece-style models and are handled by them. A "Precompiled" SentencePiece character map is
     * approximated by NFKC, the rule such maps are built from.
     */
    private Normalization normalization(boolean sentencePiece) {
        java.text.Normalizer.Form form = null;
        boolean lowercase = false;
        for (Map<String, Object> n : flatten(object(root, "normalizer"), "normalizers")) {
            String type = string(n, "type");
            switch (type == null ? "" : type) {
                case "NFC" -> form = java.text.Normalizer.Form.NFC;
                case "NFD" -> form = java.text.Normalizer.Form.NFD;
                case "NFKC", "Precompiled" -> form = java.text.Normalizer.Form.NFKC;
                case "NFKD" -> form = java.text.Normalizer.Form.NFKD;
                case "Lowercase" -> lowercase = true;
                case "Prepend", "Replace", "Strip" -> {
                    if (!sentencePiece) throw fail("uses the normalizer \"" + type + "\" with a byte-level model, which Cairn does not support");
                }
                default -> throw fail("uses the normalizer \"" + type + "\", which Cairn does not support");
            }
        }
        return form == null && !lowercase ? Normalization.NONE : new Normalization(form, lowercase);
    }

    // ---- post-processor ----

    /** {prefix ids, suffix ids} for a single sequence. */
    private int[][] postProcessor(Vocabulary vocab) {
        Map<String, Object> post = object(root, "post_processor");
        IntList prefix = new IntList(4);
        IntList suffix = new IntList(4);
        for (Map<String, Object> p : flatten(post, "processors")) {
            String type = string(p, "type");
            switch (type == null ? "" : type) {
                case "TemplateProcessing" -> template(p, vocab, prefix, suffix);
                case "BertProcessing", "RobertaProcessing" -> {
                    prefix.add(pairId(p, "cls", vocab));
                    suffix.add(pairId(p, "sep", vocab));
                }
                case "ByteLevel" -> { }
                default -> throw fail("uses the post-processor \"" + type + "\", which Cairn does not support");
            }
        }
        int[][] added = {prefix.toArray(), suffix.toArray()};
        for (int[] ids : added) {
            for (int id : ids) {
                if (id < 0 || id >= vocab.size()) {
                    throw fail("the post-processor adds token id " + id + ", outside the vocabulary (" + vocab.size() + " tokens)");
                }
            }
        }
        return added;
    }

    private void template(Map<String, Object> p, Vocabulary vocab, IntList prefix, IntList suffix) {
        Object single = p.get("single");
        if (!(single instanceof List<?> items)) throw fail("TemplateProcessing has no \"single\" template");
        Map<String, Object> specials = object(p, "special_tokens");
        boolean seenSequence = false;
        for (Object item : items) {
            if (!(item instanceof Map<?, ?> m)) throw fail("a TemplateProcessing item is not an object");
            if (m.containsKey("Sequence")) {
                seenSequence = true;
                continue;
            }
            Object st = m.get("SpecialToken");
            if (!(st instanceof Map<?, ?> token) || !(token.get("id") instanceof String name)) {
                throw fail("a TemplateProcessing item is neither Sequence nor SpecialToken");
            }
            int[] ids = null;
            if (specials != null && specials.get(name) instanceof Map<?, ?> entry && entry.get("ids") instanceof List<?> list) {
                ids = new int[list.size()];
                for (int i = 0; i < ids.length; i++) ids[i] = toInt(list.get(i), "special token id");
            } else if (vocab.id(name) >= 0) {
                ids = new int[]{vocab.id(name)};
            }
            if (ids == null) throw fail("the post-processor's special token \"" + name + "\" is not defined");
            (seenSequence ? suffix : prefix).addAll(ids);
        }
    }

    private int pairId(Map<String, Object> p, String key, Vocabulary vocab) {
        if (p.get(key) instanceof List<?> pair && pair.size() == 2) return toInt(pair.get(1), key + " id");
        throw fail("the post-processor has no \"" + key + "\" token");
    }

    private SpecialIds guessSpecialIds(Vocabulary vocab, String unk, int[][] template) {
        int bos = template[0].length > 0 ? template[0][0] : firstOf(vocab, "<s>", "<|begin_of_text|>", "<bos>", "<|startoftext|>");
        int eos = template[1].length > 0 ? template[1][template[1].length - 1]
                : firstOf(vocab, "</s>", "<|end_of_text|>", "<|endoftext|>", "<eos>", "<|im_end|>");
        int unkId = unk == null ? -1 : vocab.id(unk);
        int pad = firstOf(vocab, "<pad>", "[PAD]", "<|pad|>");
        return new SpecialIds(bos, eos, unkId, pad, -1, -1);
    }

    private static int firstOf(Vocabulary vocab, String... names) {
        for (String n : names) if (vocab.id(n) >= 0) return vocab.id(n);
        return -1;
    }


    // ---- JSON helpers ----

    /** A component and, when it is a Sequence, its parts (in order). */
    private List<Map<String, Object>> flatten(Map<String, Object> component, String listKey) {
        List<Map<String, Object>> result = new ArrayList<>();
        if (component == null) return result;
        if ("Sequence".equals(string(component, "type"))) {
            Object parts = component.get(listKey);
            if (!(parts instanceof List<?> list)) throw fail("a Sequence has no \"" + listKey + "\" list");
            for (Object part : list) {
                if (!(part instanceof Map<?, ?>)) throw fail("an entry of \"" + listKey + "\" is not an object");
                @SuppressWarnings("unchecked") Map<String, Object> m = (Map<String, Object>) part;
                result.addAll(flatten(m, listKey));
            }
        } else {
            result.add(component);
        }
        return result;
    }

    private Map<String, Object> object(Map<String, Object> map, String key) {
        Object v = map.get(key);
        if (v == null) return null;
        if (!(v instanceof Map<?, ?>)) throw fail("\"" + key + "\" is not an object");
        @SuppressWarnings("unchecked") Map<String, Object> m = (Map<String, Object>) v;
        return m;
    }

    private String string(Map<String, Object> map, String key) {
        Object v = map.get(key);
        if (v == null) return null;
        if (!(v instanceof String s)) throw fail("\"" + key + "\" is not a string");
        return s;
    }

    private String stringOr(Map<String, Object> map, String key, String fallback) {
        String s = string(map, key);
        return s == null ? fallback : s;
    }

    private boolean bool(Map<String, Object> map, String key, boolean fallback) {
        Object v = map.get(key);
        if (v == null) return fallback;
        if (!(v instanceof Boolean b)) throw fail("\"" + key + "\" is not true or false");
        return b;
    }

    private int toInt(Object v, String what) {
        if (v instanceof Long l && l >= 0 && l <= Integer.MAX_VALUE) return (int) (long) l;
        throw fail(what + " " + v + " is not a non-negative integer");
    }

    private TokenizerException fail(String problem) {
        return new TokenizerException(source + ": " + problem);
    }
}
