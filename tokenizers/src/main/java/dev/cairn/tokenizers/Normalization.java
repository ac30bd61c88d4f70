package dev.cairn.tokenizers;

import java.text.Normalizer;
import java.util.Locale;

/** Unicode normalization and lowercasing applied to text before the model (tokenizer.json normalizers). */
record Normalization(Normalizer.Form form, boolean lowercase) {
    static final Normalization NONE = new Normalization(null, false);

    String apply(String text) {
        String s = text;
        if (form != null && !Normalizer.isNormalized(s, form)) s = Normalizer.normalize(s, form);
        if (lowercase) s = lowercase(s);
        return s;
    }

    /**
     * Lowercases character by character, as Hugging Face's normalizers do (Rust's {@code char::to_lowercase}):
     * unlike {@link String#toLowerCase}, a capital sigma at the end of a word becomes σ, not the final form ς.
     */
    static String lowercase(String text) {
        if (text.indexOf('\u03A3') < 0) return text.toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == 0x03A3) out.append('\u03C3');
            else out.append(Character.toString(cp).toLowerCase(Locale.ROOT));
        }
        return out.toString();
    }
}
