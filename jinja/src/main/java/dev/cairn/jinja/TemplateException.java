package dev.cairn.jinja;

import dev.cairn.core.CairnException;

/**
 * A chat template failed to compile or render. {@link #reason()} is the message Jinja2 would give (for
 * {@code raise_exception(msg)} it is exactly the template's {@code msg}); {@link #getMessage()} adds where.
 */
public final class TemplateException extends CairnException {
    /** What went wrong, named after the Jinja2/Python exception the reference renderer raises. */
    public enum Kind {
        /** The template does not parse (TemplateSyntaxError / TemplateAssertionError). */
        SYNTAX("TemplateSyntaxError"),
        /** The template called {@code raise_exception(msg)} (TemplateError). */
        RAISED("TemplateError"),
        /** An undefined value was used in an operation (UndefinedError). */
        UNDEFINED("UndefinedError"),
        /** An operation got a value of the wrong type (TypeError). */
        TYPE("TypeError"),
        /** A value was of the right type but unusable (ValueError). */
        VALUE("ValueError"),
        /** Division or modulo by zero (ZeroDivisionError). */
        ZERO_DIVISION("ZeroDivisionError"),
        /** A value lacks an attribute a filter needs, e.g. {@code dictsort} of a non-mapping (AttributeError). */
        ATTRIBUTE("AttributeError"),
        /** A filter got an argument it cannot work with (FilterArgumentError). */
        FILTER_ARGUMENT("FilterArgumentError"),
        /** Any other runtime failure, e.g. assigning an attribute of a non-namespace (TemplateRuntimeError). */
        RUNTIME("TemplateRuntimeError"),
        /** The sandbox refused an operation, e.g. {@code list.append} (SecurityError). */
        SECURITY("SecurityError");

        private final String pythonName;

        Kind(String pythonName) {
            this.pythonName = pythonName;
        }

        /** The class name of the exception Python's Jinja2 raises in this case. */
        public String pythonName() {
            return pythonName;
        }
    }

    private final Kind kind;
    private final String reason;
    private final int line;
    private final int column;

    TemplateException(Kind kind, String reason, int line, int column) {
        super(describe(kind, reason, line, column));
        this.kind = kind;
        this.reason = reason;
        this.line = line;
        this.column = column;
    }

    TemplateException(Kind kind, String reason, Throwable cause) {
        super(describe(kind, reason, 0, 0), cause);
        this.kind = kind;
        this.reason = reason;
        this.line = 0;
        this.column = 0;
    }

    /** An error whose position is filled in by the evaluator when it reaches the failing node. */
    TemplateException(Kind kind, String reason) {
        this(kind, reason, 0, 0);
    }

    public Kind kind() {
        return kind;
    }

    /** The message alone, as Jinja2 words it. */
    public String reason() {
        return reason;
    }

    /** 1-based line in the template source, or 0 when unknown. */
    public int line() {
        return line;
    }

    /** 1-based column in the template source, or 0 when unknown. */
    public int column() {
        return column;
    }

    TemplateException at(Pos pos) {
        if (line > 0 || pos == null) return this;
        TemplateException located = new TemplateException(kind, reason, pos.line(), pos.column());
        located.setStackTrace(getStackTrace());
        return located;
    }

    private static String describe(Kind kind, String reason, int line, int column) {
        String where = line > 0 ? " at line " + line + ", column " + column : "";
        return "chat template " + (kind == Kind.SYNTAX ? "syntax error" : "error") + where + ": " + reason;
    }
}
