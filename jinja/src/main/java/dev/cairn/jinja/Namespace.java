package dev.cairn.jinja;

import java.util.LinkedHashMap;
import java.util.Map;

/** The mutable object {@code namespace(...)} returns; {@code {% set ns.x = ... %}} writes its attributes. */
final class Namespace {
    final Map<String, Object> attributes = new LinkedHashMap<>();
}
