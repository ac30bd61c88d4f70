package dev.cairn.jinja;

/**
 * Jinja2's default {@code Undefined}: prints as nothing, is falsy, iterates as empty, and fails with its message
 * when used in arithmetic, called, or asked for an attribute or item.
 */
record Undefined(String hint, Object object, Object name, boolean hasObject, TemplateException.Kind kind) {
    /** A name that is not defined. */
    static Undefined name(String name) {
        return new Undefined(null, null, name, false, TemplateException.Kind.UNDEFINED);
    }

    /** An attribute or item {@code name} that {@code object} does not have. */
    static Undefined member(Object object, Object name) {
        return new Undefined(null, object, name, true, TemplateException.Kind.UNDEFINED);
    }

    static Undefined hint(String hint) {
        return new Undefined(hint, null, null, false, TemplateException.Kind.UNDEFINED);
    }

    /** A method the immutable sandbox refuses, such as {@code list.append}. */
    static Undefined unsafe(Object object, String attribute) {
        String message = "access to attribute '" + attribute + "' of '" + Printer.typeName(object) + "' object is unsafe.";
        return new Undefined(message, object, attribute, true, TemplateException.Kind.SECURITY);
    }

    String message() {
        if (hint != null) return hint;
        if (!hasObject) return Printer.repr(name) + " is undefined";
        if (!(name instanceof String)) return Printer.objectTypeRepr(object) + " has no element " + Printer.repr(name);
        return Printer.repr(Printer.objectTypeRepr(object)) + " has no attribute " + Printer.repr(name);
    }

    TemplateException error() {
        return new TemplateException(kind, message());
    }
}
