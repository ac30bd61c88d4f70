package dev.cairn.jinja;

import java.util.List;

/** What {@code dict.keys()}, {@code values()} and {@code items()} return: iterable and sized, printed as {@code dict_keys([...])}. */
record DictView(String kind, List<Object> items) {}
