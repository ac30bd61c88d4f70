package dev.cairn.embeddings;

/**
 * A model's embedding settings as far as they are known: from a built-in model, a model directory's
 * sentence-transformers files, or a builder's explicit overrides. Null means "not said here".
 */
record Settings(String name, Pooling pooling, Boolean normalize, Integer maxSequenceLength,
                String queryPrefix, String passagePrefix) {

    static final Settings NONE = new Settings(null, null, null, null, null, null);

    /** These settings, with every value {@code other} states taking precedence. */
    Settings overriddenBy(Settings other) {
        return new Settings(
                other.name != null ? other.name : name,
                other.pooling != null ? other.pooling : pooling,
                other.normalize != null ? other.normalize : normalize,
                other.maxSequenceLength != null ? other.maxSequenceLength : maxSequenceLength,
                other.queryPrefix != null ? other.queryPrefix : queryPrefix,
                other.passagePrefix != null ? other.passagePrefix : passagePrefix);
    }

    Settings withName(String n) {
        return new Settings(n, pooling, normalize, maxSequenceLength, queryPrefix, passagePrefix);
    }

    Settings withPooling(Pooling p) {
        return new Settings(name, p, normalize, maxSequenceLength, queryPrefix, passagePrefix);
    }

    Settings withNormalize(boolean b) {
        return new Settings(name, pooling, b, maxSequenceLength, queryPrefix, passagePrefix);
    }

    Settings withMaxSequenceLength(int n) {
        return new Settings(name, pooling, normalize, n, queryPrefix, passagePrefix);
    }

    Settings withQueryPrefix(String p) {
        return new Settings(name, pooling, normalize, maxSequenceLength, p, passagePrefix);
    }

    Settings withPassagePrefix(String p) {
        return new Settings(name, pooling, normalize, maxSequenceLength, queryPrefix, p);
    }
}
