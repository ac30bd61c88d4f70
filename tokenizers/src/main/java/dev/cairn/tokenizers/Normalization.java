package dev.cairn.tokenizers;

import java.text.Normalizer;
import java.util.Locale;

/** Unicode normalization and lowercasing applied to text before the model (tokenizer.json normalizers). */
record Normalization(Normalizer.Form form, boolean lowercase) {
    static final Normalization NONE = new Normalization(null, false);

    String apply(String text) {
        String s = text;
        if (form != null && !Normalizer.isNormalized(s, form)) s = Normalizer.normalize(s, form);
        if (lowercase) s = s.toLowerCase(Locale.ROOT);
        return s;
    }
}
