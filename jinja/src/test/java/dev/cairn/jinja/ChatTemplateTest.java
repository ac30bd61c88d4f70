package dev.cairn.jinja;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Jinja2 semantics chat templates depend on; every expected value here is what Python's Jinja2 3.1 renders. */
class ChatTemplateTest {
    private static final Map<String, Object> MESSAGES = Map.of("messages", List.of(
            map("role", "system", "content", "sys"),
            map("role", "user", "content", "hi"),
            map("role", "assistant", "content", "", "tool_calls", List.of(map("id", "1", "function",
                    map("name", "f", "arguments", map("x", 1.0, "y", java.util.Arrays.asList(true, null))))))));

    /** A map keeping insertion order, as a JSON parser's maps do. */
    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    private static String render(String template, Object... kv) {
        return ChatTemplate.compile(template).render(map(kv));
    }

    private static TemplateException failure(String template, Object... kv) {
        return assertThrows(TemplateException.class, () -> render(template, kv));
    }

    @Nested
    class Whitespace {
        @Test
        void blockTagsOnTheirOwnLineLeaveNoTrace() {
            assertEquals("a\n    x\nb", render("a\n  {% if t %}\n    x\n  {% endif %}\nb", "t", true));
        }

        @Test
        void dashesStripAllWhitespaceBesideTheTag() {
            assertEquals("a    x\nb", render("a\n  {%- if t %}\n    x\n  {% endif -%}\nb", "t", true));
            assertEquals("abc abc.", render("  {{- s }} {{ s -}}  \n .", "s", "abc"));
        }

        @Test
        void variableTagsAreNotLeftStripped() {
            assertEquals("  abcabc", render("  {{ s }}  \n  {{- s -}}  \n", "s", "abc"));
        }

        @Test
        void lstripOnlyAppliesWhenTheTagStartsItsLine() {
            assertEquals("a  x  b", render("a  {% if t %}x{% endif %}  b\n", "t", true));
            assertEquals("abc\nx", render("{{ s }}\n   {% if t %}x{% endif %}", "s", "abc", "t", true));
            assertEquals("xy", render("{% if t %}x{% endif %}\n   {% if t %}y{% endif %}", "t", true));
            assertEquals("   x", render("{% if t %}\n{% endif %}   {% if t %}x{% endif %}", "t", true));
        }

        @Test
        void commentsAreTrimmedLikeBlocks() {
            assertEquals("line\n  after", render("line\n    {# comment #}\n  after"));
            assertEquals("lineafter", render("line\n    {#- comment -#}\n  after"));
        }

        @Test
        void plusDisablesLstripAndTrim() {
            assertEquals("  x\ny", render("  {%+ if t %}x{% endif +%}\ny", "t", true));
        }

        @Test
        void oneTrailingNewlineIsDroppedAndNewlinesAreNormalised() {
            assertEquals("text", render("text\n"));
            assertEquals("text\n", render("text\n\n"));
            assertEquals("x\n", render("{% if t %}\r\nx\r\n{% endif %}\r\n", "t", true));
        }

        @Test
        void rawPassesTemplateSyntaxThrough() {
            assertEquals("{{ not rendered }}", render("{% raw %}{{ not rendered }}{% endraw %}"));
        }
    }

    @Nested
    class Loops {
        @Test
        void loopVariables() {
            assertEquals("032TrueFalse3|121FalseFalse3|210FalseTrue3|", render(
                    "{% for x in l %}{{ loop.index0 }}{{ loop.revindex }}{{ loop.revindex0 }}{{ loop.first }}"
                            + "{{ loop.last }}{{ loop.length }}|{% endfor %}", "l", List.of(1, 2, 3)));
            assertEquals("-2,1-3,2-,", render("{% for x in l %}{{ loop.previtem }}-{{ loop.nextitem }},{% endfor %}",
                    "l", List.of(1, 2, 3)));
        }

        @Test
        void filterElseBreakContinue() {
            assertEquals("2132", render("{% for x in l if x > 1 %}{{ x }}{{ loop.index }}{% else %}none{% endfor %}",
                    "l", List.of(1, 2, 3)));
            assertEquals("empty", render("{% for x in l %}{{ x }}{% else %}empty{% endfor %}", "l", List.of()));
            assertEquals("1", render("{% for x in l %}{% if x == 2 %}{% break %}{% endif %}{{ x }}{% endfor %}",
                    "l", List.of(1, 2, 3)));
            assertEquals("13", render("{% for x in l %}{% if x == 2 %}{% continue %}{% endif %}{{ x }}{% endfor %}",
                    "l", List.of(1, 2, 3)));
        }

        @Test
        void unpacksPairsAndIteratesDictKeysInOrder() {
            assertEquals("b=1;a=2;", render("{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}", "d", map("b", 1, "a", 2)));
            assertEquals("b,a,", render("{% for k in d %}{{ k }},{% endfor %}", "d", map("b", 1, "a", 2)));
        }

        @Test
        void assignmentsInsideALoopDoNotLeak() {
            assertEquals("110,120,130,1", render(
                    "{% set x = 1 %}{% for i in l %}{{ x }}{% set x = i*10 %}{{ x }},{% endfor %}{{ x }}", "l", List.of(1, 2, 3)));
        }

        @Test
        void theLoopFilterRunsAsTheLoopAdvances() {
            assertEquals("12", render("{% set ns = namespace(done=false) %}{% for x in l if not ns.done %}{{ x }}"
                    + "{% if x == 2 %}{% set ns.done = true %}{% endif %}{% endfor %}", "l", List.of(1, 2, 3)));
        }

        @Test
        void namespacesCarryStateOutOfLoops() {
            assertEquals("6", render("{% set ns = namespace(c=0) %}{% for i in l %}{% set ns.c = ns.c + i %}{% endfor %}{{ ns.c }}",
                    "l", List.of(1, 2, 3)));
        }
    }

    @Nested
    class Macros {
        @Test
        void defaultsAndKeywords() {
            assertEquals("1xNone|123|1x5", render("{% macro m(a, b=\"x\", c=none) %}{{ a }}{{ b }}{{ c }}{% endmacro %}"
                    + "{{ m(1) }}|{{ m(1, 2, 3) }}|{{ m(1, c=5) }}"));
        }

        @Test
        void recursionAndLateBoundGlobals() {
            assertEquals("321", render("{% macro rec(n) %}{% if n > 0 %}{{ n }}{{ rec(n - 1) }}{% endif %}{% endmacro %}{{ rec(3) }}"));
            assertEquals("5", render("{% macro m() %}{{ y }}{% endmacro %}{% set y = 5 %}{{ m() }}"));
        }

        @Test
        void callBlocksPassTheirBodyAsCaller() {
            assertEquals("[1];[2];", render("{% macro each(items) %}{% for i in items %}{{ caller(i) }};{% endfor %}{% endmacro %}"
                    + "{% call(item) each(l) %}[{{ item }}]{% endcall %}", "l", List.of(1, 2)));
        }

        @Test
        void varargsAndKwargsOnlyWhenTheBodyReadsThem() {
            assertEquals("1(2, 3){'x': 4}", render("{% macro m(a) %}{{ a }}{{ varargs }}{{ kwargs }}{% endmacro %}{{ m(1, 2, 3, x=4) }}"));
            assertEquals("macro 'm' takes no keyword argument 'c'",
                    failure("{% macro m(a) %}{{ a }}{% endmacro %}{{ m(1, 2, c=3) }}").reason());
        }

        @Test
        void tooManyArgumentsIsATypeError() {
            TemplateException e = failure("{% macro m(a) %}{{ a }}{% endmacro %}{{ m(1, 2) }}");
            assertEquals(TemplateException.Kind.TYPE, e.kind());
            assertEquals("macro 'm' takes not more than 1 argument(s)", e.reason());
        }
    }

    @Nested
    class Blocks {
        @Test
        void withBlockScopesItsVariables() {
            assertEquals("1abc[]", render("{% with a = 1, b = s %}{{ a }}{{ b }}{% endwith %}[{{ a }}]", "s", "abc"));
        }

        @Test
        void setBlockAndFilterBlock() {
            assertEquals("[INNER ABC]", render("{% set t %}inner {{ s }}{% endset %}[{{ t|upper }}]", "s", "abc"));
            assertEquals("[x]", render("{%- set t -%}\n{%- filter trim -%}\n  x  \n{%- endfilter -%}\n{%- endset -%}[{{ t }}]"));
        }
    }

    @Nested
    class Strings {
        @Test
        void pythonStringMethods() {
            assertEquals("b|['a', 'b,c']|a</think>|-00042|('a', '=', 'b=c')",
                    render("{{ 'a</think>b'.split('</think>')[-1].lstrip('\\n') }}|{{ 'a,b,c'.split(',', 1) }}|"
                            + "{{ 'a</think>  '.rstrip() }}|{{ '-42'.zfill(6) }}|{{ 'a=b=c'.partition('=') }}"));
            assertEquals("1 and x|  3.14|x-2", render("{{ '{} and {}'.format(1, 'x') }}|{{ '%6.2f' % 3.14159 }}|{{ '%s-%d' % ('x', 2) }}"));
        }

        @Test
        void titleFilterDiffersFromTheMethod() {
            assertEquals("Hello World-Foo (Bar)|They'Re", render("{{ 'hello world-foo (bar)'|title }}|{{ \"they're\".title() }}"));
        }
    }

    @Nested
    class Printing {
        @Test
        void valuesPrintAsPythonStr() {
            assertEquals("None True False 1.0 1e-05 1e+16 0.30000000000000004",
                    render("{{ n }} {{ true }} {{ False }} {{ 1.0 }} {{ 0.00001 }} {{ 1e16 }} {{ 0.1 + 0.2 }}", "n", null));
            assertEquals("[1, 'a', None]{'k': True}(1,)(1, 2)", render("{{ [1, 'a', none] }}{{ {'k': true} }}{{ (1,) }}{{ (1, 2) }}"));
            assertEquals("[\"it's\", 'a\"b', 'a\\nb']", render("{{ l }}", "l", List.of("it's", "a\"b", "a\nb")));
        }

        @Test
        void integerAndFloatArithmetic() {
            assertEquals("3 -4 2 3.5 1024 0.5 2.0", render("{{ 7 // 2 }} {{ -7 // 2 }} {{ -7 % 3 }} {{ 7 / 2 }} {{ 2 ** 10 }} {{ 2 ** -1 }} {{ 6/3 }}"));
            assertEquals("3", render("{{ a + b }}", "a", 1, "b", 2L));
        }

        @Test
        void concatenationBindsTighterThanPlus() {
            assertEquals("abc", render("{{ 'a' + 'b' ~ 'c' }}"));
            assertEquals("16", render("{{ 1 ~ 2 * 3 }}"));
        }

        @Test
        void lengthCountsCodePoints() {
            assertEquals("3 🦙", render("{{ s|length }} {{ s[-1] }}", "s", "ab🦙"));
        }

        @Test
        void safeStringsEscapeWhatIsAddedToThem() {
            assertEquals("<b>&lt;i&gt;|<b><i>", render("{{ ('<b>'|safe) + '<i>' }}|{{ ('<b>'|safe) ~ '<i>' }}"));
        }
    }

    @Nested
    class ToJson {
        @Test
        void tojsonIsPythonsJsonDumps() {
            assertEquals("{\"x\": 1.0, \"y\": [true, null]}",
                    render("{{ messages[2].tool_calls[0].function.arguments|tojson }}", "messages", MESSAGES.get("messages")));
            assertEquals("{\n  \"a\": [\n    1,\n    {}\n  ],\n  \"b\": []\n}",
                    render("{{ d|tojson(indent=2) }}", "d", map("a", List.of(1, Map.of()), "b", List.of())));
            assertEquals("{\"a\":1,\"b\":2}", render("{{ {'b': 2, 'a': 1}|tojson(separators=(',', ':'), sort_keys=true) }}"));
        }

        @Test
        void unicodeStaysUnescapedUnlessAsked() {
            assertEquals("\"Ü 🦙\\n\\u0001\"", render("{{ s|tojson }}", "s", "Ü 🦙\n\u0001"));
            assertEquals("\"\\u00dc \\ud83e\\udd99\"", render("{{ s|tojson(ensure_ascii=true) }}", "s", "Ü 🦙"));
        }

        @Test
        void generatorsAndUndefinedAreNotSerializable() {
            assertEquals("Object of type generator is not JSON serializable",
                    failure("{{ l|map('string')|tojson }}", "l", List.of(1)).reason());
            assertEquals("Object of type Undefined is not JSON serializable", failure("{{ x|tojson }}").reason());
        }
    }

    @Nested
    class Undefineds {
        @Test
        void undefinedPrintsNothingAndIsFalsy() {
            assertEquals("[]False0dflt", render("[{{ x }}]{{ x is defined }}{{ x|length }}{{ x|default('dflt') }}"));
            assertEquals("E", render("{% for i in x %}{{ i }}{% else %}E{% endfor %}"));
        }

        @Test
        void usingAnUndefinedFails() {
            TemplateException e = failure("{{ x.attr }}");
            assertEquals(TemplateException.Kind.UNDEFINED, e.kind());
            assertEquals("'x' is undefined", e.reason());
            assertEquals("'dict object' has no attribute 'missing'", failure("{{ d.missing.x }}", "d", map()).reason());
            assertEquals("'dict object' has no attribute 'missing'", failure("{{ 'a' + d.missing }}", "d", map()).reason());
        }

        @Test
        void missingVariablesAreUndefinedButNullIsNone() {
            assertEquals("False|True|None", render("{{ tools is defined }}|{{ n is none }}|{{ n }}", "n", null));
        }

        @Test
        void attributesFallBackToItemsAndItemsToAttributes() {
            assertEquals("5|True", render("{{ d['items'] }}|{{ d.items is callable }}", "d", map("items", 5)));
        }
    }

    @Nested
    class Errors {
        @Test
        void raiseExceptionCarriesTheTemplatesMessageAndPosition() {
            TemplateException e = failure("line one\n{% if true %}{{ raise_exception('System role not supported') }}{% endif %}");
            assertEquals(TemplateException.Kind.RAISED, e.kind());
            assertEquals("System role not supported", e.reason());
            assertEquals(2, e.line());
            assertEquals(17, e.column());
        }

        @Test
        void typeErrorsReadAsPythons() {
            assertEquals("can only concatenate str (not \"dict\") to str", failure("{{ 'a' + d }}", "d", map()).reason());
            assertEquals("'NoneType' object is not iterable", failure("{% for x in n %}{% endfor %}", "n", null).reason());
            assertEquals(TemplateException.Kind.SECURITY, failure("{{ l.append(4) }}", "l", List.of()).kind());
        }

        @Test
        void syntaxErrorsFailAtCompileTime() {
            TemplateException e = assertThrows(TemplateException.class, () -> ChatTemplate.compile("ok\n{% if x %}"));
            assertEquals(TemplateException.Kind.SYNTAX, e.kind());
            assertEquals(2, e.line());
            assertEquals(TemplateException.Kind.SYNTAX,
                    assertThrows(TemplateException.class, () -> ChatTemplate.compile("{{ x|nofilter }}")).kind());
        }
    }

    @Test
    void strftimeNowReadsTheGivenClock() {
        Clock clock = Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);
        assertEquals("23 Nov 2026|November 23, 2026|2026-11-23", ChatTemplate
                .compile("{{ strftime_now('%d %b %Y') }}|{{ strftime_now('%B %d, %Y') }}|{{ strftime_now('%Y-%m-%d') }}")
                .withClock(clock).render(Map.of()));
    }

    @Test
    void filtersOverMessages() {
        Object messages = MESSAGES.get("messages");
        assertEquals("1['system', 'assistant']", render("{{ messages|selectattr('role', 'equalto', 'user')|list|length }}"
                + "{{ messages|rejectattr('role', 'eq', 'user')|map(attribute='role')|list }}", "messages", messages));
        assertEquals("system|user|assistant", render("{{ messages|map(attribute='role')|join('|') }}", "messages", messages));
        assertEquals("u", render("{{ messages[1].content.split('i')[0].replace('h', 'u') }}", "messages", messages));
    }
}
