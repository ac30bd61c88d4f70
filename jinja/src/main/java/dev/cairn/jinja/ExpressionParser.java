package dev.cairn.jinja;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.cairn.jinja.Expr.Keyword;
import dev.cairn.jinja.Token.Type;

/**
 * Expressions, with Jinja2's precedence (loosest first): conditional, {@code or}, {@code and}, {@code not},
 * comparisons and {@code in}, {@code + -}, {@code ~}, {@code * / // %}, {@code **}, unary {@code - +}, then
 * primaries with their postfix {@code .attr [key] (args)}, filters {@code |f} and tests {@code is t}.
 */
final class ExpressionParser {
    private static final Set<String> COMPARISONS = Set.of("==", "!=", "<", "<=", ">", ">=");
    private static final Map<String, Object> CONSTANTS = constants();

    private final Parser p;

    ExpressionParser(Parser parser) {
        this.p = parser;
    }

    private static Map<String, Object> constants() {
        Map<String, Object> c = new java.util.HashMap<>();
        c.put("true", true);
        c.put("True", true);
        c.put("false", false);
        c.put("False", false);
        c.put("none", null);
        c.put("None", null);
        return c;
    }

    /** Comma-separated expressions: a single one stands alone, several (or a trailing comma) make a tuple. */
    Expr parseTuple(boolean withCondexpr, boolean explicitParentheses, Set<String> extraEndNames) {
        Pos pos = p.current().pos();
        List<Expr> items = new ArrayList<>();
        boolean tuple = false;
        while (true) {
            if (!items.isEmpty()) p.expectOperator(",");
            if (isTupleEnd(extraEndNames)) break;
            items.add(parseExpression(withCondexpr));
            if (p.current().isOperator(",")) tuple = true;
            else break;
        }
        if (!tuple) {
            if (!items.isEmpty()) return items.getFirst();
            if (!explicitParentheses) throw p.fail("Expected an expression, got '" + p.current().describe() + "'");
        }
        return new Expr.TupleLiteral(items, pos);
    }

    private boolean isTupleEnd(Set<String> extraEndNames) {
        Token t = p.current();
        return t.type() == Type.VARIABLE_END || t.type() == Type.BLOCK_END || t.isOperator(")")
                || (t.type() == Type.NAME && extraEndNames.contains(t.text()));
    }

    Expr parseExpression(boolean withCondexpr) {
        return withCondexpr ? parseConditional() : parseOr();
    }

    private Expr parseConditional() {
        Expr expr = parseOr();
        while (p.current().isName("if")) {
            Pos pos = p.next().pos();
            Expr test = parseOr();
            Expr otherwise = p.skipIf(Type.NAME, "else") ? parseConditional() : null;
            expr = new Expr.Conditional(test, expr, otherwise, pos);
        }
        return expr;
    }

    private Expr parseOr() {
        Expr left = parseAnd();
        while (p.current().isName("or")) {
            Pos pos = p.next().pos();
            left = new Expr.Or(left, parseAnd(), pos);
        }
        return left;
    }

    private Expr parseAnd() {
        Expr left = parseNot();
        while (p.current().isName("and")) {
            Pos pos = p.next().pos();
            left = new Expr.And(left, parseNot(), pos);
        }
        return left;
    }

    private Expr parseNot() {
        if (p.current().isName("not")) {
            Pos pos = p.next().pos();
            return new Expr.Not(parseNot(), pos);
        }
        return parseCompare();
    }

    private Expr parseCompare() {
        Pos pos = p.current().pos();
        Expr first = parseMath1();
        List<String> ops = new ArrayList<>();
        List<Expr> operands = new ArrayList<>();
        while (true) {
            Token t = p.current();
            if (t.type() == Type.OPERATOR && COMPARISONS.contains(t.text())) {
                p.next();
                ops.add(t.text());
            } else if (t.isName("in")) {
                p.next();
                ops.add("in");
            } else if (t.isName("not") && p.look().isName("in")) {
                p.next();
                p.next();
                ops.add("notin");
            } else {
                break;
            }
            operands.add(parseMath1());
        }
        return ops.isEmpty() ? first : new Expr.Compare(first, ops, operands, pos);
    }

    private Expr parseMath1() {
        Expr left = parseConcat();
        while (p.current().isOperator("+") || p.current().isOperator("-")) {
            Token op = p.next();
            left = new Expr.Binary(op.text(), left, parseConcat(), op.pos());
        }
        return left;
    }

    private Expr parseConcat() {
        Pos pos = p.current().pos();
        List<Expr> parts = new ArrayList<>();
        parts.add(parseMath2());
        while (p.skipOperator("~")) parts.add(parseMath2());
        return parts.size() == 1 ? parts.getFirst() : new Expr.Concat(parts, pos);
    }

    private Expr parseMath2() {
        Expr left = parsePow();
        while (Set.of("*", "/", "//", "%").contains(p.current().text()) && p.current().type() == Type.OPERATOR) {
            Token op = p.next();
            left = new Expr.Binary(op.text(), left, parsePow(), op.pos());
        }
        return left;
    }

    private Expr parsePow() {
        Expr left = parseUnary(true);
        while (p.current().isOperator("**")) {
            Token op = p.next();
            left = new Expr.Binary("**", left, parseUnary(true), op.pos());
        }
        return left;
    }

    private Expr parseUnary(boolean withFilter) {
        Token t = p.current();
        Expr node;
        if (t.isOperator("-") || t.isOperator("+")) {
            p.next();
            node = new Expr.Unary(t.text(), parseUnary(false), t.pos());
        } else {
            node = parsePrimary();
        }
        node = parsePostfix(node);
        return withFilter ? parseFilterExpression(node) : node;
    }

    private Expr parsePrimary() {
        Token t = p.current();
        switch (t.type()) {
            case NAME -> {
                p.next();
                if (CONSTANTS.containsKey(t.text())) return new Expr.Const(CONSTANTS.get(t.text()), t.pos());
                return new Expr.Name(t.text(), t.pos());
            }
            case STRING -> {
                StringBuilder s = new StringBuilder();
                while (p.current().type() == Type.STRING) s.append(p.next().text());
                return new Expr.Const(s.toString(), t.pos());
            }
            case INTEGER, FLOAT -> {
                p.next();
                return new Expr.Const(t.value(), t.pos());
            }
            case OPERATOR -> {
                switch (t.text()) {
                    case "(" -> {
                        p.next();
                        Expr inner = parseTuple(true, true, Set.of());
                        p.expectOperator(")");
                        return inner;
                    }
                    case "[" -> {
                        return parseList();
                    }
                    case "{" -> {
                        return parseDict();
                    }
                    default -> { }
                }
            }
            default -> { }
        }
        throw p.fail("unexpected '" + t.describe() + "'");
    }

    private Expr parseList() {
        Pos pos = p.next().pos();
        List<Expr> items = new ArrayList<>();
        while (!p.current().isOperator("]")) {
            if (!items.isEmpty()) p.expectOperator(",");
            if (p.current().isOperator("]")) break;
            items.add(parseExpression(true));
        }
        p.expectOperator("]");
        return new Expr.ListLiteral(items, pos);
    }

    private Expr parseDict() {
        Pos pos = p.next().pos();
        List<Expr> keys = new ArrayList<>();
        List<Expr> values = new ArrayList<>();
        while (!p.current().isOperator("}")) {
            if (!keys.isEmpty()) p.expectOperator(",");
            if (p.current().isOperator("}")) break;
            keys.add(parseExpression(true));
            p.expectOperator(":");
            values.add(parseExpression(true));
        }
        p.expectOperator("}");
        return new Expr.DictLiteral(keys, values, pos);
    }

    private Expr parsePostfix(Expr node) {
        while (true) {
            Token t = p.current();
            if (t.isOperator(".") || t.isOperator("[")) node = parseSubscript(node);
            else if (t.isOperator("(")) node = parseCall(node);
            else return node;
        }
    }

    private Expr parseFilterExpression(Expr node) {
        while (true) {
            Token t = p.current();
            if (t.isOperator("|")) {
                p.next();
                node = new Expr.Filter(node, parseFilterCall(), t.pos());
            } else if (t.isName("is")) {
                node = parseTest(node);
            } else if (t.isOperator("(")) {
                node = parseCall(node);
            } else {
                return node;
            }
        }
    }

    /** {@code name(args)} after a {@code |} (or first in a filter block). */
    Expr.FilterCall parseFilterCall() {
        Token name = p.expect(Type.NAME);
        String filter = dottedName(name.text());
        if (!Filters.exists(filter)) throw syntaxAt(name, "No filter named '" + filter + "'.");
        if (!p.current().isOperator("(")) return new Expr.FilterCall(filter, List.of(), List.of(), name.pos());
        CallArgs args = parseCallArgs().plain(p);
        return new Expr.FilterCall(filter, args.positional(), args.keywords(), name.pos());
    }

    private Expr parseTest(Expr node) {
        Token is = p.next();
        boolean negated = p.skipIf(Type.NAME, "not");
        Token name = p.expect(Type.NAME);
        String test = dottedName(name.text());
        if (!Tests.exists(test)) throw syntaxAt(name, "No test named '" + test + "'.");
        List<Expr> args = List.of();
        List<Keyword> kwargs = List.of();
        Token t = p.current();
        if (t.isOperator("(")) {
            CallArgs call = parseCallArgs().plain(p);
            args = call.positional();
            kwargs = call.keywords();
        } else if ((t.type() == Type.NAME || t.type() == Type.STRING || t.type() == Type.INTEGER
                || t.type() == Type.FLOAT || t.isOperator("[") || t.isOperator("{"))
                && !t.isName("else") && !t.isName("or") && !t.isName("and")) {
            if (t.isName("is")) throw p.fail("You cannot chain multiple tests with is");
            args = List.of(parsePostfix(parsePrimary()));
        }
        Expr result = new Expr.Test(node, test, args, kwargs, is.pos());
        return negated ? new Expr.Not(result, is.pos()) : result;
    }

    private String dottedName(String first) {
        StringBuilder name = new StringBuilder(first);
        while (p.skipOperator(".")) name.append('.').append(p.expect(Type.NAME).text());
        return name.toString();
    }

    private Expr parseSubscript(Expr node) {
        Token t = p.next();
        if (t.isOperator(".")) {
            Token attr = p.next();
            if (attr.type() == Type.NAME) return new Expr.GetAttr(node, attr.text(), t.pos());
            if (attr.type() != Type.INTEGER) throw syntaxAt(attr, "expected name or number");
            return new Expr.GetItem(node, new Expr.Const(attr.value(), attr.pos()), t.pos());
        }
        List<Expr> args = new ArrayList<>();
        while (!p.current().isOperator("]")) {
            if (!args.isEmpty()) p.expectOperator(",");
            args.add(parseSubscribed());
        }
        p.expectOperator("]");
        Expr key = args.size() == 1 ? args.getFirst() : new Expr.TupleLiteral(args, t.pos());
        return new Expr.GetItem(node, key, t.pos());
    }

    private Expr parseSubscribed() {
        Pos pos = p.current().pos();
        Expr start = null;
        if (!p.skipOperator(":")) {
            start = parseExpression(true);
            if (!p.skipOperator(":")) return start;
        }
        Expr stop = null;
        if (!p.current().isOperator(":") && !p.current().isOperator("]") && !p.current().isOperator(",")) {
            stop = parseExpression(true);
        }
        Expr step = null;
        if (p.skipOperator(":") && !p.current().isOperator("]") && !p.current().isOperator(",")) {
            step = parseExpression(true);
        }
        return new Expr.Slice(start, stop, step, pos);
    }

    private Expr parseCall(Expr callee) {
        CallArgs args = parseCallArgs();
        return new Expr.Call(callee, args.positional(), args.keywords(), args.spread(), args.spreadKeywords(), callee.pos());
    }

    private record CallArgs(List<Expr> positional, List<Keyword> keywords, Expr spread, Expr spreadKeywords) {
        /** Filters and tests take no {@code *args}/{@code **kwargs} here. */
        CallArgs plain(Parser p) {
            if (spread != null || spreadKeywords != null) throw p.fail("*args and **kwargs are only supported in calls");
            return this;
        }
    }

    private CallArgs parseCallArgs() {
        p.expectOperator("(");
        List<Expr> args = new ArrayList<>();
        List<Keyword> kwargs = new ArrayList<>();
        Expr spread = null;
        Expr spreadKeywords = null;
        boolean requireComma = false;
        while (!p.current().isOperator(")")) {
            if (requireComma) {
                p.expectOperator(",");
                if (p.current().isOperator(")")) break;
            }
            if (p.skipOperator("*")) {
                if (spread != null || spreadKeywords != null) throw p.fail("invalid syntax for function call expression");
                spread = parseExpression(true);
            } else if (p.skipOperator("**")) {
                if (spreadKeywords != null) throw p.fail("invalid syntax for function call expression");
                spreadKeywords = parseExpression(true);
            } else if (p.current().type() == Type.NAME && p.look().isOperator("=")) {
                if (spreadKeywords != null) throw p.fail("invalid syntax for function call expression");
                String key = p.next().text();
                p.next();
                kwargs.add(new Keyword(key, parseExpression(true)));
            } else {
                if (!kwargs.isEmpty() || spread != null || spreadKeywords != null) {
                    throw p.fail("invalid syntax for function call expression");
                }
                args.add(parseExpression(true));
            }
            requireComma = true;
        }
        p.expectOperator(")");
        return new CallArgs(args, kwargs, spread, spreadKeywords);
    }

    private static TemplateException syntaxAt(Token t, String message) {
        return new TemplateException(TemplateException.Kind.SYNTAX, message, t.pos().line(), t.pos().column());
    }
}
