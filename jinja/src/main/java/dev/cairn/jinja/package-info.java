/**
 * A focused interpreter of the Jinja2 subset that model chat templates use, rendering byte for byte as Python's
 * Jinja2 does under Hugging Face's {@code apply_chat_template}. The public API is {@link dev.cairn.jinja.ChatTemplate}
 * and {@link dev.cairn.jinja.TemplateException}.
 *
 * <p>Pipeline: {@code Lexer} (Jinja2's whitespace rules) → {@code Parser}/{@code ExpressionParser} (sealed
 * {@code Stmt}/{@code Expr} records) → {@code Renderer}/{@code Evaluator} (tree walking, Jinja2 scoping). Values are
 * Python's, modelled in Java: {@code null} is None, {@code Long} int, {@code Double} float, {@code List} list,
 * {@code PyTuple} tuple, {@code Map} dict (insertion ordered), {@code Undefined}, {@code Markup} ({@code |safe}),
 * {@code Generator} (what {@code map}/{@code select}/... return), {@code Namespace}, {@code Macro}. {@code Operators},
 * {@code Printer} ({@code str()}/{@code repr()}), {@code PythonJson} ({@code json.dumps}), {@code Attributes},
 * {@code Methods}, {@code Filters} and {@code Tests} give them Python's behaviour.
 *
 * <p>Not supported (a template using them fails to compile, or renders differently where noted): template
 * inheritance and includes ({@code extends}, {@code block}, {@code include}, {@code import}), recursive loops,
 * {@code *args}/{@code **kwargs} in filter and test arguments, the filters {@code truncate}, {@code wordwrap},
 * {@code urlize}, {@code xmlattr}, {@code pprint}, {@code random}, {@code slice}, {@code filesizeformat},
 * {@code striptags}, {@code urlencode}; the globals {@code cycler}, {@code joiner}, {@code lipsum},
 * {@code loop.changed}; format specs in {@code str.format}. Ints beyond 64 bits overflow (an error) or, coming
 * from JSON, become floats. Jinja2 folds expressions made only of literals at compile time with its lenient
 * getitem ({@code {{ 5[1:] }}} prints nothing there, fails here); error messages follow Python 3.11.
 */
package dev.cairn.jinja;
