package dev.longpoll.dashboards;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.longpoll.dashboards.PromQl.Matcher;
import dev.longpoll.dashboards.PromQl.References;
import dev.longpoll.dashboards.PromQl.Selector;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The names {@link PromQl} finds in an expression, and those it leaves alone.
 */
class PromQlTests {

	@Test
	void parseFindsMetricsAndLabelsAndIgnoresFunctionsAggregationsAndKeywords() {
		References references = PromQl.parse("histogram_quantile(0.99, sum by (le, listener) "
				+ "(rate(longpoll_handler_seconds_bucket{listener=~\"$listener\", outcome=\"success\"}[$__rate_interval])))");
		assertThat(references.metrics()).containsExactly("longpoll_handler_seconds_bucket");
		assertThat(references.groupingLabels()).containsExactlyInAnyOrder("le", "listener");
		assertThat(references.labels()).containsExactlyInAnyOrder("le", "listener", "outcome");
		assertThat(references.selectors().get(0).matchers()).containsExactly(
				new Matcher("listener", "=~", "$listener"), new Matcher("outcome", "=", "success"));
		assertThat(references.unknownFunctions()).isEmpty();
	}

	@Test
	void parseReadsTheLabelsOfBinaryOperatorModifiers() {
		References references = PromQl.parse("sum(rate(a_total[5m])) by (job) / on (job) group_left (listener) "
				+ "b_seconds_count unless ignoring (status) c == bool 1 and d or e");
		assertThat(references.metrics()).containsExactly("a_total", "b_seconds_count", "c", "d", "e");
		assertThat(references.groupingLabels()).containsExactlyInAnyOrder("job", "listener", "status");
	}

	@Test
	void parseTakesAggregationsAndKeywordsInAnyCase() {
		References references = PromQl.parse("SUM BY (listener) (x) AND Count WITHOUT (status) (y) > Inf");
		assertThat(references.metrics()).containsExactly("x", "y");
		assertThat(references.groupingLabels()).containsExactlyInAnyOrder("listener", "status");
	}

	@Test
	void parseIgnoresStringsNumbersDurationsOffsetsCommentsAndGrafanaVariables() {
		References references = PromQl.parse("""
				# the first reset of a listener: rate() sees no rise in a new series
				label_replace(x offset 15m, "dst", "$1 rate", "src", "(.*)") * 1e3
				  + count_values("version", y @ end()) + topk($n, z[${window}:1m]) - 0.5
				""");
		assertThat(references.metrics()).containsExactly("x", "y", "z");
		assertThat(references.labels()).isEmpty();
		assertThat(references.unknownFunctions()).isEmpty();
	}

	@Test
	void parseReadsSelectorsWithoutAMetricName() {
		References references = PromQl.parse("{__name__=\"longpoll_state\", listener!=\"x\"} or {job=\"a\"}");
		assertThat(references.selectors()).containsExactly(
				new Selector("longpoll_state", List.of(new Matcher("listener", "!=", "x"))),
				new Selector(null, List.of(new Matcher("job", "=", "a"))));
		assertThat(references.metrics()).containsExactly("longpoll_state");
	}

	@Test
	void parseReadsGrafanaVariableQueries() {
		References values = PromQl
			.parse("label_values(longpoll_state{application=~\"$application\", instance=~\"$instance\"}, listener)");
		assertThat(values.metrics()).containsExactly("longpoll_state");
		assertThat(values.labels()).containsExactlyInAnyOrder("application", "instance", "listener");
		assertThat(PromQl.parse("label_values(application)").labels()).containsExactly("application");
		assertThat(PromQl.parse("query_result(topk(5, longpoll_retries_total))").metrics())
			.containsExactly("longpoll_retries_total");
	}

	@Test
	void parseReportsAFunctionPromQlDoesNotHave() {
		References references = PromQl.parse("sum(rat(longpoll_retries_total[5m])) / irate(x[1m])");
		assertThat(references.unknownFunctions()).containsExactly("rat");
		assertThat(references.metrics()).containsExactly("longpoll_retries_total", "x");
	}

	@Test
	void literalValuesAreThoseAMatcherAsksToBePresent() {
		assertThat(new Matcher("outcome", "=", "cursor_reset").literalValues()).containsExactly("cursor_reset");
		assertThat(new Matcher("outcome", "=~", "error|timeout").literalValues()).containsExactly("error", "timeout");
		assertThat(new Matcher("outcome", "=~", "err.*").literalValues()).isEmpty();
		assertThat(new Matcher("outcome", "!=", "error").literalValues()).isEmpty();
		assertThat(new Matcher("listener", "=", "$listener").literalValues()).isEmpty();
	}

}
