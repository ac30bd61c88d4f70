package dev.cairn.jinja;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import dev.cairn.jinja.Token.Type;

/**
 * Splits a template into tokens the way Jinja2's lexer does with {@code trim_blocks} and {@code lstrip_blocks}:
 * newlines normalised to {@code \n} and one trailing newline dropped; {@code {%- -%}} strip all whitespace beside
 * the tag; a block or comment tag swallows the one newline after it and the indentation before it when it stands
 * alone on its line (unless marked {@code +}); {@code {% raw %}} passes text through.
 */
final class Lexer {
    private static final Pattern FLOAT =
            Pattern.compile("(?<!\\.)(\\d+_)*\\d+((\\.(\\d+_)*\\d+)?[eE][+\\-]?(\\d+_)*\\d+|\\.(\\d+_)*\\d+)");
    private static final Pattern INTEGER = Pattern.compile("[1-9](_?\\d)*|0(_?0)*");
    private static final Pattern NAME = Pattern.compile("[\\p{L}_][\\p{L}\\p{N}_]*");
    private static final Pattern STRING =
            Pattern.compile("'([^'\\\\]*(?:\\\\.[^'\\\\]*)*)'|\"([^\"\\\\]*(?:\\\\.[^\"\\\\]*)*)\"", Pattern.DOTALL);
    private static final Pattern RAW_BEGIN = Pattern.compile("\\{%[-+]?\\s*raw\\s*(-%\\}\\s*|%\\})");
    private static final Pattern RAW_END = Pattern.compile("\\{%([-+]?)\\s*endraw\\s*(\\+%\\}|-%\\}\\s*|%\\}\\n?)");
    private static final String[] OPERATORS = {
        "**", "//", "==", "!=", ">=", "<=",
        "+", "-", "/", "*", "%", "~", "[", "]", "(", ")", "{", "}", ">", "<", "=", ".", ":", "|", ",", ";"
    };

    private final String src;
    private final int[] lineStarts;
    private final Map<Pattern, Matcher> matchers = new HashMap<>();
    private final List<Token> tokens = new ArrayList<>();
    private int pos;
    private boolean lineStarting = true;

    private Lexer(String source) {
        this.src = normalizeNewlines(source);
        this.lineStarts = IntStream.concat(IntStream.of(0),
                IntStream.range(0, src.length()).filter(i -> src.charAt(i) == '\n').map(i -> i + 1)).toArray();
    }

    static List<Token> tokenize(String source) {
        Lexer lexer = new Lexer(source);
        lexer.run();
        return lexer.tokens;
    }

    private static String normalizeNewlines(String s) {
        String n = s.replace("\r\n", "\n").replace('\r', '\n');
        return n.endsWith("\n") ? n.substring(0, n.length() - 1) : n;
    }

    private void run() {
        while (pos < src.length()) {
            int start = findTagStart(pos);
            if (start < 0) {
                emit(Type.DATA, src.substring(pos), pos);
                pos = src.length();
                break;
            }
            char kind = src.charAt(start + 1);
            char sign = start + 2 < src.length() ? src.charAt(start + 2) : 0;
            if (sign != '-' && sign != '+') sign = 0;
            emit(Type.DATA, stripBeforeTag(src.substring(pos, start), sign, kind != '{'), pos);
            Matcher raw = kind == '%' ? RAW_BEGIN.matcher(src).region(start, src.length()) : null;
            if (raw != null && raw.lookingAt()) {
                pos = raw.end();
                lineStarting = endsWithNewline(raw.group());
                lexRaw();
                continue;
            }
            pos = start + 2 + (sign == 0 ? 0 : 1);
            lineStarting = false;
            switch (kind) {
                case '#' -> lexComment(start);
                case '%' -> lexTag(Type.BLOCK_BEGIN, Type.BLOCK_END, start);
                default -> lexTag(Type.VARIABLE_BEGIN, Type.VARIABLE_END, start);
            }
        }
        tokens.add(new Token(Type.EOF, "", position(src.length())));
    }

    /**
     * The text before a tag as Jinja2 keeps it: all trailing whitespace goes before a {@code -} tag; with
     * lstrip_blocks, the indentation before a block or comment tag (not {@code +}) that starts its line.
     */
    private String stripBeforeTag(String text, char sign, boolean lstrips) {
        if (sign == '-') return Text.rstrip(text);
        if (sign == '+' || !lstrips) return text;
        int lineStart = text.lastIndexOf('\n') + 1;
        boolean startsLine = lineStart > 0 || lineStarting;
        if (startsLine && lineStart < text.length() && Text.isBlank(text.substring(lineStart))) {
            return text.substring(0, lineStart);
        }
        return text;
    }

    private int findTagStart(int from) {
        for (int i = src.indexOf('{', from); i >= 0 && i + 1 < src.length(); i = src.indexOf('{', i + 1)) {
            char c = src.charAt(i + 1);
            if (c == '%' || c == '{' || c == '#') return i;
        }
        return -1;
    }

    private void lexComment(int start) {
        for (int i = pos; i < src.length(); i++) {
            if (src.startsWith("+#}", i)) {
                finishTag(i + 3, false, false);
                return;
            }
            if (src.startsWith("-#}", i)) {
                finishTag(i + 3, true, false);
                return;
            }
            if (src.startsWith("#}", i)) {
                finishTag(i + 2, false, true);
                return;
            }
        }
        throw syntaxError("Missing end of comment tag", start);
    }

    private void lexRaw() {
        Matcher end = RAW_END.matcher(src).region(pos, src.length());
        if (!end.find()) throw syntaxError("Missing end of raw directive", pos);
        char sign = end.group(1).isEmpty() ? 0 : end.group(1).charAt(0);
        emit(Type.DATA, stripBeforeTag(src.substring(pos, end.start()), sign, true), pos);
        pos = end.end();
        lineStarting = endsWithNewline(end.group());
    }

    /** Tokens of a {@code {% %}} or {@code {{ }}} tag up to and including its end. */
    private void lexTag(Type begin, Type endType, int start) {
        tokens.add(new Token(begin, "", position(start)));
        boolean block = begin == Type.BLOCK_BEGIN;
        String close = block ? "%}" : "}}";
        Deque<Character> balance = new ArrayDeque<>();
        while (true) {
            if (pos >= src.length()) {
                throw syntaxError("unexpected end of template, expected '" + close + "'", pos);
            }
            if (balance.isEmpty()) {
                if (block && src.startsWith("+" + close, pos)) {
                    tokens.add(new Token(endType, "", position(pos)));
                    finishTag(pos + 3, false, false);
                    return;
                }
                if (src.startsWith("-" + close, pos)) {
                    tokens.add(new Token(endType, "", position(pos)));
                    finishTag(pos + 3, true, false);
                    return;
                }
                if (src.startsWith(close, pos)) {
                    tokens.add(new Token(endType, "", position(pos)));
                    finishTag(pos + 2, false, block);
                    return;
                }
            }
            lexExpressionToken(balance);
        }
    }

    private void lexExpressionToken(Deque<Character> balance) {
        int c = src.codePointAt(pos);
        if (Text.isSpace(c)) {
            int end = pos;
            while (end < src.length() && Text.isSpace(src.codePointAt(end))) end += Character.charCount(src.codePointAt(end));
            lineStarting = src.charAt(end - 1) == '\n';
            pos = end;
            return;
        }
        Matcher m;
        if ((m = match(FLOAT)) != null) {
            add(Type.FLOAT, Double.parseDouble(m.group().replace("_", "")), m.end());
        } else if ((m = match(INTEGER)) != null) {
            long value;
            try {
                value = Long.parseLong(m.group().replace("_", ""));
            } catch (NumberFormatException e) {
                throw syntaxError("integer literal " + m.group() + " is too large (templates here use 64-bit integers)", pos);
            }
            add(Type.INTEGER, value, m.end());
        } else if ((m = match(NAME)) != null) {
            add(Type.NAME, m.group(), m.end());
        } else if ((m = match(STRING)) != null) {
            String body = m.group().substring(1, m.group().length() - 1);
            add(Type.STRING, StringEscapes.decode(body), m.end());
        } else {
            for (String op : OPERATORS) {
                if (src.startsWith(op, pos)) {
                    checkBalance(op, balance);
                    add(Type.OPERATOR, op, pos + op.length());
                    return;
                }
            }
            throw syntaxError("unexpected char " + Printer.repr(Character.toString(c)) + " at " + pos, pos);
        }
    }

    private void checkBalance(String op, Deque<Character> balance) {
        switch (op) {
            case "(" -> balance.push(')');
            case "[" -> balance.push(']');
            case "{" -> balance.push('}');
            case ")", "]", "}" -> {
                if (balance.isEmpty()) throw syntaxError("unexpected '" + op + "'", pos);
                char expected = balance.pop();
                if (expected != op.charAt(0)) {
                    throw syntaxError("unexpected '" + op + "', expected '" + expected + "'", pos);
                }
            }
            default -> { }
        }
    }

    private Matcher match(Pattern p) {
        Matcher m = matchers.computeIfAbsent(p, pattern -> pattern.matcher(src).useTransparentBounds(true));
        m.region(pos, src.length());
        return m.lookingAt() ? m : null;
    }

    private void add(Type type, Object value, int end) {
        tokens.add(new Token(type, value, position(pos)));
        pos = end;
        lineStarting = false;
    }

    /** Moves past a tag's end marker: {@code -} swallows all following whitespace, trim_blocks one newline. */
    private void finishTag(int end, boolean stripAfter, boolean trimNewline) {
        int from = end;
        if (stripAfter) {
            while (end < src.length() && Text.isSpace(src.codePointAt(end))) end += Character.charCount(src.codePointAt(end));
        } else if (trimNewline && end < src.length() && src.charAt(end) == '\n') {
            end++;
        }
        lineStarting = end > from ? src.charAt(end - 1) == '\n' : false;
        pos = end;
    }

    private static boolean endsWithNewline(String s) {
        return !s.isEmpty() && s.charAt(s.length() - 1) == '\n';
    }

    private void emit(Type type, String text, int at) {
        if (!text.isEmpty()) tokens.add(new Token(type, text, position(at)));
    }

    private Pos position(int offset) {
        int index = Arrays.binarySearch(lineStarts, offset);
        int line = index >= 0 ? index : -index - 2;
        return new Pos(line + 1, offset - lineStarts[line] + 1);
    }

    private TemplateException syntaxError(String message, int offset) {
        Pos p = position(offset);
        return new TemplateException(TemplateException.Kind.SYNTAX, message, p.line(), p.column());
    }
}
