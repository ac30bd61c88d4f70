package dev.cairn.jinja;

/** One lexical token; {@code value} is the text, or the parsed number for INTEGER and FLOAT. */
record Token(Type type, Object value, Pos pos) {
    enum Type { DATA, BLOCK_BEGIN, BLOCK_END, VARIABLE_BEGIN, VARIABLE_END, NAME, STRING, INTEGER, FLOAT, OPERATOR, EOF }

    String text() {
        return String.valueOf(value);
    }

    boolean is(Type t, String text) {
        return type == t && value.equals(text);
    }

    boolean isName(String name) {
        return is(Type.NAME, name);
    }

    boolean isOperator(String op) {
        return is(Type.OPERATOR, op);
    }

    /** How Jinja2 names a token in "unexpected ..." messages. */
    String describe() {
        return switch (type) {
            case NAME, OPERATOR -> text();
            case STRING -> "string";
            case INTEGER -> "integer";
            case FLOAT -> "float";
            case DATA -> "template data";
            case BLOCK_BEGIN -> "begin of statement block";
            case BLOCK_END -> "end of statement block";
            case VARIABLE_BEGIN -> "begin of print statement";
            case VARIABLE_END -> "end of print statement";
            case EOF -> "end of template";
        };
    }
}
