package dev.longpoll.dashboards;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntPredicate;

import org.jspecify.annotations.Nullable;

/**
 * What a PromQL expression refers to: the series it selects (metric name and label
 * matchers), the labels named in {@code by}, {@code without}, {@code on},
 * {@code ignoring}, {@code group_left} and {@code group_right}, and the names used as
 * functions that PromQL does not know. Also reads Grafana's {@code label_values(...)} and
 * {@code query_result(...)} variable queries. Not a full parser: enough to find every name
 * that can rot, and nothing that is a function, an aggregation, a keyword, a number, a
 * duration, a string or a Grafana variable.
 */
final class PromQl {

	/** Aggregation operators: never metric names, with or without a {@code by} clause. */
	static final Set<String> AGGREGATIONS = Set.of("sum", "min", "max", "avg", "group", "stddev", "stdvar", "count",
			"count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio");

	/** Modifiers followed by a list of label names. */
	static final Set<String> LABEL_LISTS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right");

	/** Keywords and literals that are neither metrics nor functions. */
	static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "atan2", "inf", "nan");

	/** PromQL's functions (Prometheus 3), so that a misspelt one is reported. */
	static final Set<String> FUNCTIONS = Set.of("abs", "absent", "absent_over_time", "acos", "acosh", "asin", "asinh",
			"atan", "atanh", "avg_over_time", "ceil", "changes", "clamp", "clamp_max", "clamp_min", "cos", "cosh",
			"count_over_time", "day_of_month", "day_of_week", "day_of_year", "days_in_month", "deg", "delta", "deriv",
			"double_exponential_smoothing", "exp", "floor", "histogram_avg", "histogram_count", "histogram_fraction",
			"histogram_quantile", "histogram_stddev", "histogram_stdvar", "histogram_sum", "holt_winters", "hour",
			"idelta", "increase", "info", "irate", "label_join", "label_replace", "last_over_time", "ln", "log10",
			"log2", "mad_over_time", "max_over_time", "min_over_time", "minute", "month", "pi", "predict_linear",
			"present_over_time", "quantile_over_time", "rad", "rate", "resets", "round", "scalar", "sgn", "sin",
			"sinh", "sort", "sort_by_label", "sort_by_label_desc", "sort_desc", "sqrt", "stddev_over_time",
			"stdvar_over_time", "sum_over_time", "tan", "tanh", "time", "timestamp", "vector", "year", "start",
			"end");

	/** One label matcher of a selector. */
	record Matcher(String label, String operator, String value) {

		/**
		 * The values this matcher asks to be present: its value for {@code =}, each branch
		 * of a plain alternation for {@code =~}; none for a negative matcher, a real regular
		 * expression or a Grafana variable.
		 * @return the literal values
		 */
		List<String> literalValues() {
			if (this.value.contains("$") || this.value.isEmpty()) {
				return List.of();
			}
			if (this.operator.equals("=")) {
				return List.of(this.value);
			}
			if (this.operator.equals("=~") && this.value.matches("[A-Za-z0-9_\\-|]+")) {
				return List.of(this.value.split("\\|"));
			}
			return List.of();
		}

	}

	/** One series selector: a metric name (or {@code null}) and its matchers. */
	record Selector(@Nullable String metric, List<Matcher> matchers) {
	}

	/**
	 * What one expression refers to.
	 * @param selectors every series selector, in order
	 * @param groupingLabels labels named by {@code by}, {@code without}, {@code on},
	 * {@code ignoring}, {@code group_left}, {@code group_right}, or the label of a
	 * {@code label_values} query
	 * @param unknownFunctions names called as functions that PromQL does not have
	 */
	record References(List<Selector> selectors, Set<String> groupingLabels, Set<String> unknownFunctions) {

		/**
		 * The metric names of every selector.
		 * @return the names, in order
		 */
		Set<String> metrics() {
			Set<String> metrics = new LinkedHashSet<>();
			this.selectors.forEach((selector) -> {
				if (selector.metric() != null) {
					metrics.add(selector.metric());
				}
			});
			return metrics;
		}

		/**
		 * Every label name: in a matcher or a grouping clause.
		 * @return the names, in order
		 */
		Set<String> labels() {
			Set<String> labels = new LinkedHashSet<>();
			this.selectors.forEach((selector) -> selector.matchers().forEach((matcher) -> labels.add(matcher.label())));
			labels.addAll(this.groupingLabels);
			labels.remove("__name__");
			return labels;
		}

	}

	private final String text;

	private int position;

	private final List<Selector> selectors = new ArrayList<>();

	private final Set<String> groupingLabels = new LinkedHashSet<>();

	private final Set<String> unknownFunctions = new LinkedHashSet<>();

	private PromQl(String text) {
		this.text = text;
	}

	/**
	 * Read a PromQL expression or a Grafana variable query.
	 * @param expression the expression
	 * @return what it refers to
	 */
	static References parse(String expression) {
		String trimmed = expression.strip();
		PromQl parser;
		if (trimmed.startsWith("label_values(") && trimmed.endsWith(")")) {
			String arguments = trimmed.substring("label_values(".length(), trimmed.length() - 1);
			int comma = lastTopLevelComma(arguments);
			parser = new PromQl((comma >= 0) ? arguments.substring(0, comma) : "");
			parser.groupingLabels.add(arguments.substring(comma + 1).strip());
		}
		else if (trimmed.startsWith("query_result(") && trimmed.endsWith(")")) {
			parser = new PromQl(trimmed.substring("query_result(".length(), trimmed.length() - 1));
		}
		else {
			parser = new PromQl(trimmed);
		}
		parser.expression();
		return new References(List.copyOf(parser.selectors), Set.copyOf(parser.groupingLabels),
				Set.copyOf(parser.unknownFunctions));
	}

	private static int lastTopLevelComma(String arguments) {
		int depth = 0;
		int last = -1;
		boolean quoted = false;
		for (int i = 0; i < arguments.length(); i++) {
			char c = arguments.charAt(i);
			if (c == '"') {
				quoted = !quoted;
			}
			else if (!quoted && (c == '(' || c == '{' || c == '[')) {
				depth++;
			}
			else if (!quoted && (c == ')' || c == '}' || c == ']')) {
				depth--;
			}
			else if (!quoted && depth == 0 && c == ',') {
				last = i;
			}
		}
		return last;
	}

	private void expression() {
		while (skipSpaceAndComments()) {
			char c = peek();
			if (isIdentifierStart(c)) {
				identifier(readIdentifier());
			}
			else if (c == '{') {
				this.position++;
				selector(null);
			}
			else if (c == '"' || c == '\'' || c == '`') {
				readString();
			}
			else if (c == '[') {
				skipPast(']'); // a range or a subquery: durations and Grafana's $__rate_interval
			}
			else if (c == '$') {
				readVariable();
			}
			else if (Character.isDigit(c) || c == '.') {
				readWhile((ch) -> Character.isLetterOrDigit(ch) || ch == '.' || ch == '+' || ch == '-');
			}
			else {
				this.position++; // operators, parentheses, commas
			}
		}
	}

	private void identifier(String name) {
		boolean call = nextIs('(');
		String keyword = name.toLowerCase(Locale.ROOT); // PromQL's keywords ignore case, its functions do not
		if (LABEL_LISTS.contains(keyword)) {
			if (call) {
				labelList();
			}
		}
		else if (AGGREGATIONS.contains(keyword) || KEYWORDS.contains(keyword)) {
			// nothing to record; an aggregation's argument is read as part of the expression
		}
		else if (call) {
			if (!FUNCTIONS.contains(name)) {
				this.unknownFunctions.add(name);
			}
		}
		else if (nextIs('{')) {
			skipSpaceAndComments();
			this.position++;
			selector(name);
		}
		else {
			this.selectors.add(new Selector(name, List.of()));
		}
	}

	private void labelList() {
		skipSpaceAndComments();
		this.position++; // (
		while (skipSpaceAndComments() && peek() != ')') {
			if (isIdentifierStart(peek())) {
				this.groupingLabels.add(readIdentifier());
			}
			else {
				this.position++;
			}
		}
		this.position++;
	}

	private void selector(@Nullable String metric) {
		List<Matcher> matchers = new ArrayList<>();
		String name = metric;
		while (skipSpaceAndComments() && peek() != '}') {
			char c = peek();
			if (!isIdentifierStart(c) && c != '"' && c != '\'') {
				this.position++; // commas
				continue;
			}
			String label = isIdentifierStart(c) ? readIdentifier() : readString();
			skipSpaceAndComments();
			String operator = readWhile((ch) -> ch == '=' || ch == '!' || ch == '~');
			skipSpaceAndComments();
			String value = readString();
			if (label.equals("__name__") && operator.equals("=")) {
				name = value;
			}
			else {
				matchers.add(new Matcher(label, operator, value));
			}
		}
		this.position++;
		this.selectors.add(new Selector(name, List.copyOf(matchers)));
	}

	private boolean nextIs(char c) {
		int saved = this.position;
		boolean next = skipSpaceAndComments() && peek() == c;
		this.position = saved;
		return next;
	}

	private boolean skipSpaceAndComments() {
		while (this.position < this.text.length()) {
			char c = peek();
			if (Character.isWhitespace(c)) {
				this.position++;
			}
			else if (c == '#') {
				skipPast('\n');
			}
			else {
				return true;
			}
		}
		return false;
	}

	private String readIdentifier() {
		return readWhile((c) -> Character.isLetterOrDigit(c) || c == '_' || c == ':');
	}

	private void readVariable() {
		this.position++;
		if (this.position < this.text.length() && peek() == '{') {
			skipPast('}');
		}
		else {
			readIdentifier();
		}
	}

	private String readString() {
		char quote = peek();
		StringBuilder value = new StringBuilder();
		this.position++;
		while (this.position < this.text.length() && peek() != quote) {
			char c = this.text.charAt(this.position++);
			if (c == '\\' && quote != '`' && this.position < this.text.length()) {
				c = this.text.charAt(this.position++);
			}
			value.append(c);
		}
		this.position++;
		return value.toString();
	}

	private void skipPast(char end) {
		int found = this.text.indexOf(end, this.position);
		this.position = (found >= 0) ? found + 1 : this.text.length();
	}

	private String readWhile(IntPredicate accepted) {
		int start = this.position;
		while (this.position < this.text.length() && accepted.test(peek())) {
			this.position++;
		}
		return this.text.substring(start, this.position);
	}

	private char peek() {
		return this.text.charAt(this.position);
	}

	private static boolean isIdentifierStart(char c) {
		return Character.isLetter(c) || c == '_' || c == ':';
	}

}
