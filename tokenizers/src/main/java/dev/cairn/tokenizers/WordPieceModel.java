package dev.cairn.tokenizers;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.HashMap;
import java.util.Map;

/**
 * BERT's WordPiece: the BERT normalizer (clean control characters, space out CJK characters, strip accents,
 * lowercase), the BERT pre-tokenizer (split on whitespace and punctuation), then greedy longest-match-first
 * word pieces with a "##" prefix for pieces inside a word. A word with no match, or longer than
 * {@code maxCharsPerWord}, becomes [UNK].
 */
final class WordPieceModel implements Model {
    /** The BERT normalizer's switches (tokenizer.json "BertNormalizer"), and whether decoding tidies punctuation. */
    record Options(boolean cleanText, boolean handleChineseChars, boolean stripAccents, boolean lowercase,
                   String prefix, int maxCharsPerWord, boolean decodeCleanup) {
        static Options bertUncased() {
            return new Options(true, true, true, true, "##", 100, true);
        }
    }

    private final Vocabulary vocab;
    private final Map<String, Integer> wordIds;      // word-start pieces: "hello"
    private final Map<String, Integer> continuationIds; // pieces inside a word, without the prefix: "lo" for "##lo"
    private final String[] decodeForms;              // "hello" or "##lo", as HF WordPiece decoding expects
    private final int unkId;
    private final Options options;
    private final int maxPieceChars;
    private final WordCache cache = new WordCache();

    /**
     * @param forms the vocabulary in Hugging Face form ("hello", "##lo", "[CLS]"), index = id
     */
    WordPieceModel(Vocabulary vocab, String[] forms, int unkId, Options options) {
        this.vocab = vocab;
        this.options = options;
        this.unkId = unkId;
        this.decodeForms = forms;
        this.wordIds = new HashMap<>(forms.length * 2);
        this.continuationIds = new HashMap<>(forms.length);
        int longest = 1;
        for (int id = 0; id < forms.length; id++) {
            String form = forms[id];
            if (form == null) continue;
            if (form.startsWith(options.prefix()) && form.length() > options.prefix().length()) {
                continuationIds.putIfAbsent(form.substring(options.prefix().length()), id);
            } else {
                wordIds.putIfAbsent(form, id);
            }
            longest = Math.max(longest, form.length());
        }
        this.maxPieceChars = longest;
    }

    String decodeForm(int id) {
        return decodeForms[id];
    }

    String prefix() {
        return options.prefix();
    }

    boolean decodeCleanup() {
        return options.decodeCleanup();
    }

    @Override
    public void encode(String text, boolean inputStart, IntList out) {
        String normalized = normalize(text);
        int n = normalized.length();
        int wordStart = -1;
        int i = 0;
        while (i < n) {
            int cp = normalized.codePointAt(i);
            int len = Character.charCount(cp);
            if (CharClasses.isWhitespace(cp)) {
                if (wordStart >= 0) { encodeWord(normalized, wordStart, i, out); wordStart = -1; }
            } else if (CharClasses.isBertPunctuation(cp)) {
                if (wordStart >= 0) { encodeWord(normalized, wordStart, i, out); wordStart = -1; }
                encodeWord(normalized, i, i + len, out);
            } else if (wordStart < 0) {
                wordStart = i;
            }
            i += len;
        }
        if (wordStart >= 0) encodeWord(normalized, wordStart, n, out);
    }

    private void encodeWord(String text, int start, int end, IntList out) {
        int hash = WordCache.hash(text, start, end);
        int[] ids = cache.get(text, start, end, hash);
        if (ids == null) {
            String word = text.substring(start, end);
            IntList wordIds = new IntList(4);
            wordPieces(word, 0, word.length(), wordIds);
            ids = wordIds.toArray();
            cache.put(word, hash, ids);
        }
        out.addAll(ids);
    }

    private void wordPieces(String text, int start, int end, IntList out) {
        if (text.codePointCount(start, end) > options.maxCharsPerWord()) {
            out.add(unkId);
            return;
        }
        int mark = out.size();
        int pos = start;
        while (pos < end) {
            Map<String, Integer> table = pos == start ? wordIds : continuationIds;
            int found = -1;
            int stop = Math.min(end, pos + maxPieceChars);
            for (int j = stop; j > pos; j--) {
                Integer id = table.get(text.substring(pos, j));
                if (id != null) {
                    found = id;
                    out.add(id);
                    pos = j;
                    break;
                }
            }
            if (found < 0) {
                out.truncate(mark);
                out.add(unkId);
                return;
            }
        }
    }

    /** The BERT normalizer: clean, space out CJK, strip accents, lowercase. */
    String normalize(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 16);
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (options.cleanText()) {
                if (cp == 0 || cp == 0xFFFD || CharClasses.isControl(cp)) continue;
                if (CharClasses.isWhitespace(cp)) { sb.append(' '); continue; }
            }
            if (options.handleChineseChars() && CharClasses.isChinese(cp)) {
                sb.append(' ').appendCodePoint(cp).append(' ');
            } else {
                sb.appendCodePoint(cp);
            }
        }
        String s = sb.toString();
        if (options.stripAccents() && !isAscii(s)) {
            String nfd = Normalizer.normalize(s, Normalizer.Form.NFD);
            StringBuilder kept = new StringBuilder(nfd.length());
            for (int j = 0; j < nfd.length(); ) {
                int cp = nfd.codePointAt(j);
                j += Character.charCount(cp);
                if (Character.getType(cp) != Character.NON_SPACING_MARK) kept.appendCodePoint(cp);
            }
            s = kept.toString();
        }
        if (options.lowercase()) s = Normalization.lowercase(s);
        return s;
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) >= 0x80) return false;
        return true;
    }

    @Override
    public byte[] tokenBytes(int id) {
        String form = decodeForms[id];
        if (vocab.type(id) == TokenType.CONTROL || vocab.type(id) == TokenType.USER_DEFINED) {
            return (" " + form).getBytes(StandardCharsets.UTF_8);
        }
        if (form.startsWith(options.prefix())) return form.substring(options.prefix().length()).getBytes(StandardCharsets.UTF_8);
        return (" " + form).getBytes(StandardCharsets.UTF_8);
    }
}
