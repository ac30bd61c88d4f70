package dev.cairn.jinja;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.cairn.jinja.Token.Type;

/** Builds the statement tree from tokens, following the structure of Jinja2's parser. */
final class Parser {
    private final List<Token> tokens;
    private final ExpressionParser expressions;
    private int index;
    private int loopDepth;

    private Parser(List<Token> tokens) {
        this.tokens = tokens;
        this.expressions = new ExpressionParser(this);
    }

    static List<Stmt> parse(String source) {
        Parser parser = new Parser(Lexer.tokenize(source));
        List<Stmt> body = parser.subparse(List.of());
        if (parser.current().type() != Type.EOF) throw parser.fail("unexpected '" + parser.current().describe() + "'");
        return body;
    }

    // ---- token stream ----

    Token current() {
        return tokens.get(index);
    }

    Token look() {
        return tokens.get(Math.min(index + 1, tokens.size() - 1));
    }

    Token next() {
        Token t = tokens.get(index);
        if (index < tokens.size() - 1) index++;
        return t;
    }

    boolean skipIf(Type type, String text) {
        if (current().is(type, text)) {
            next();
            return true;
        }
        return false;
    }

    boolean skipOperator(String op) {
        return skipIf(Type.OPERATOR, op);
    }

    Token expect(Type type) {
        if (current().type() != type) {
            throw fail("expected token '" + new Token(type, "", null).describe() + "', got '" + current().describe() + "'");
        }
        return next();
    }

    void expectOperator(String op) {
        if (!current().isOperator(op)) throw fail("expected token '" + op + "', got '" + current().describe() + "'");
        next();
    }

    void expectName(String name) {
        if (!current().isName(name)) throw fail("expected token '" + name + "', got '" + current().describe() + "'");
        next();
    }

    TemplateException fail(String message) {
        Pos p = current().pos();
        return new TemplateException(TemplateException.Kind.SYNTAX, message, p.line(), p.column());
    }

    // ---- statements ----

    /** Statements up to (not including) a block tag whose name is in {@code endTags}; stops after its begin. */
    private List<Stmt> subparse(List<String> endTags) {
        List<Stmt> body = new ArrayList<>();
        while (current().type() != Type.EOF) {
            Token token = current();
            switch (token.type()) {
                case DATA -> {
                    body.add(new Stmt.Data(token.text()));
                    next();
                }
                case VARIABLE_BEGIN -> {
                    next();
                    body.add(new Stmt.Print(expressions.parseTuple(true, false, Set.of())));
                    expect(Type.VARIABLE_END);
                }
                case BLOCK_BEGIN -> {
                    next();
                    if (current().type() == Type.NAME && endTags.contains(current().text())) return body;
                    body.add(parseStatement());
                    expect(Type.BLOCK_END);
                }
                default -> throw fail("unexpected '" + token.describe() + "'");
            }
        }
        return body;
    }

    /**
     * The body of the block statement {@code block}: its header's end, then statements up to one of
     * {@code endTags}, which is consumed when {@code dropEndTag}.
     */
    private List<Stmt> parseBody(String block, List<String> endTags, boolean dropEndTag) {
        skipOperator(":");
        expect(Type.BLOCK_END);
        List<Stmt> body = subparse(endTags);
        if (current().type() == Type.EOF) {
            throw fail("Unexpected end of template. Jinja was looking for the following tags: "
                    + String.join(" or ", endTags.stream().map(t -> "'" + t + "'").toList())
                    + ". The innermost block that needs to be closed is '" + block + "'.");
        }
        if (dropEndTag) next();
        return body;
    }

    private Stmt parseStatement() {
        Token token = current();
        if (token.type() != Type.NAME) throw fail("tag name expected");
        return switch (token.text()) {
            case "if" -> parseIf();
            case "for" -> parseFor();
            case "set" -> parseSet();
            case "macro" -> parseMacro();
            case "filter" -> parseFilterBlock();
            case "call" -> parseCallBlock();
            case "with" -> parseWith();
            case "generation" -> {
                next();
                yield new Stmt.Generation(parseBody("generation", List.of("endgeneration"), true));
            }
            case "break", "continue" -> {
                if (loopDepth == 0) throw fail("'" + token.text() + "' outside of a loop");
                next();
                yield token.text().equals("break") ? new Stmt.Break() : new Stmt.Continue();
            }
            default -> throw fail("Encountered unknown tag '" + token.text() + "'.");
        };
    }

    private Stmt parseIf() {
        next();
        List<Expr> tests = new ArrayList<>();
        List<List<Stmt>> bodies = new ArrayList<>();
        List<Stmt> otherwise = List.of();
        while (true) {
            tests.add(expressions.parseTuple(false, false, Set.of()));
            bodies.add(parseBody("if", List.of("elif", "else", "endif"), false));
            String tag = next().text();
            if (tag.equals("elif")) continue;
            if (tag.equals("else")) otherwise = parseBody("if", List.of("endif"), true);
            break;
        }
        return new Stmt.If(tests, bodies, otherwise);
    }

    private Stmt parseFor() {
        Pos pos = next().pos();
        Stmt.Target target = parseAssignTarget(Set.of("in"), false);
        expectName("in");
        Expr iterable = expressions.parseTuple(false, false, Set.of("recursive"));
        Expr filter = null;
        if (skipIf(Type.NAME, "if")) filter = expressions.parseExpression(true);
        if (current().isName("recursive")) throw fail("recursive loops are not supported");
        loopDepth++;
        List<Stmt> body = parseBody("for", List.of("endfor", "else"), false);
        loopDepth--;
        List<Stmt> otherwise = List.of();
        if (next().text().equals("else")) otherwise = parseBody("for", List.of("endfor"), true);
        return new Stmt.For(target, iterable, filter, body, otherwise, pos);
    }

    private Stmt parseSet() {
        Pos pos = next().pos();
        Stmt.Target target = parseAssignTarget(Set.of(), true);
        if (skipOperator("=")) return new Stmt.Set(target, expressions.parseTuple(true, false, Set.of()), pos);
        List<Expr.FilterCall> filters = new ArrayList<>();
        while (skipOperator("|")) filters.add(expressions.parseFilterCall());
        return new Stmt.SetBlock(target, filters, parseBody("set", List.of("endset"), true), pos);
    }

    private Stmt parseMacro() {
        Pos pos = next().pos();
        String name = expect(Type.NAME).text();
        List<String> params = new ArrayList<>();
        List<Expr> defaults = new ArrayList<>();
        parseSignature(params, defaults);
        return new Stmt.Macro(name, params, defaults, parseMacroBody("macro", "endmacro"), pos);
    }

    private Stmt parseCallBlock() {
        Pos pos = next().pos();
        List<String> params = new ArrayList<>();
        List<Expr> defaults = new ArrayList<>();
        if (current().isOperator("(")) parseSignature(params, defaults);
        if (!(expressions.parseExpression(true) instanceof Expr.Call call)) throw fail("expected call");
        Stmt.Macro caller = new Stmt.Macro("caller", params, defaults, parseMacroBody("call", "endcall"), pos);
        return new Stmt.CallBlock(caller, call);
    }

    private Stmt parseWith() {
        Pos pos = next().pos();
        List<Stmt.Target> targets = new ArrayList<>();
        List<Expr> values = new ArrayList<>();
        while (current().type() != Type.BLOCK_END) {
            if (!targets.isEmpty()) expectOperator(",");
            targets.add(parseAssignTarget(Set.of(), false));
            expectOperator("=");
            values.add(expressions.parseExpression(true));
        }
        return new Stmt.With(targets, values, parseBody("with", List.of("endwith"), true), pos);
    }

    /** {@code (a, b=default, ...)} of a macro or call block. */
    private void parseSignature(List<String> params, List<Expr> defaults) {
        expectOperator("(");
        while (!current().isOperator(")")) {
            if (!params.isEmpty()) expectOperator(",");
            params.add(expect(Type.NAME).text());
            if (skipOperator("=")) {
                defaults.add(expressions.parseExpression(true));
            } else if (!defaults.isEmpty()) {
                throw fail("non-default argument follows default argument");
            }
        }
        expectOperator(")");
    }

    /** A macro's body, where break and continue cannot reach an enclosing loop. */
    private List<Stmt> parseMacroBody(String block, String endTag) {
        int outerLoops = loopDepth;
        loopDepth = 0;
        List<Stmt> body = parseBody(block, List.of(endTag), true);
        loopDepth = outerLoops;
        return body;
    }

    private Stmt parseFilterBlock() {
        next();
        List<Expr.FilterCall> filters = new ArrayList<>();
        filters.add(expressions.parseFilterCall());
        while (skipOperator("|")) filters.add(expressions.parseFilterCall());
        return new Stmt.FilterBlock(filters, parseBody("filter", List.of("endfilter"), true));
    }

    /** A name, a tuple of names ({@code k, v}), or with {@code allowNamespace} a {@code ns.attr}. */
    private Stmt.Target parseAssignTarget(Set<String> endNames, boolean allowNamespace) {
        if (allowNamespace && current().type() == Type.NAME && look().isOperator(".")) {
            String ns = next().text();
            next();
            return new Stmt.Target.Attribute(ns, expect(Type.NAME).text());
        }
        List<Stmt.Target> items = new ArrayList<>();
        boolean tuple = false;
        boolean parenthesized = skipOperator("(");
        while (true) {
            if (!items.isEmpty()) expectOperator(",");
            if (current().type() != Type.NAME || endNames.contains(current().text())) {
                if (items.isEmpty()) throw fail("can't assign to '" + (current().type() == Type.NAME ? "name" : "const") + "'");
                break;
            }
            String name = next().text();
            if (Set.of("true", "false", "none", "True", "False", "None").contains(name)) {
                throw fail("can't assign to constant");
            }
            items.add(new Stmt.Target.Name(name));
            if (current().isOperator(",")) tuple = true;
            else break;
        }
        if (parenthesized) expectOperator(")");
        return tuple ? new Stmt.Target.Unpack(items) : items.getFirst();
    }
}
