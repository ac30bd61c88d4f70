package dev.cairn.mcp;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Matches URIs against an RFC 6570 template, for resource templates. Supports level 1 ({@code {var}}, one
 * path segment, percent-decoded) and reserved expansion ({@code {+var}}, anything, kept as is); other
 * operators are rejected when the template is registered.
 */
record UriTemplate(String template, Pattern pattern, List<String> variables, List<Boolean> reserved) {
    private static final Pattern EXPRESSION = Pattern.compile("\\{([^{}]*)}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.%]+");

    static UriTemplate parse(String template) {
        StringBuilder regex = new StringBuilder();
        List<String> variables = new ArrayList<>();
        List<Boolean> reserved = new ArrayList<>();
        Matcher m = EXPRESSION.matcher(template);
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(template.substring(last, m.start())));
            String expression = m.group(1);
            boolean plus = expression.startsWith("+");
            String name = plus ? expression.substring(1) : expression;
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("unsupported URI template expression {" + expression + "} in " + template
                        + "; use {name} or {+name}");
            }
            variables.add(name);
            reserved.add(plus);
            regex.append(plus ? "(.+?)" : "([^/?#]+)");
            last = m.end();
        }
        String rest = template.substring(last);
        if (rest.contains("{") || rest.contains("}")) {
            throw new IllegalArgumentException("unbalanced braces in URI template " + template);
        }
        regex.append(Pattern.quote(rest));
        return new UriTemplate(template, Pattern.compile(regex.toString()), List.copyOf(variables), List.copyOf(reserved));
    }

    /** The variables of a matching URI, or null if it does not match. */
    Map<String, String> match(String uri) {
        Matcher m = pattern.matcher(uri);
        if (!m.matches()) {
            return null;
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < variables.size(); i++) {
            String raw = m.group(i + 1);
            values.put(variables.get(i), reserved.get(i) ? raw : decode(raw));
        }
        return values;
    }

    private static String decode(String raw) {
        try {
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return raw;
        }
    }
}
