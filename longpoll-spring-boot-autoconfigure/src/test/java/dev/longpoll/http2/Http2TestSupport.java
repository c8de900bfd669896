package dev.longpoll.http2;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;

import dev.longpoll.autoconfigure.LongPollAutoConfiguration;
import dev.longpoll.autoconfigure.metrics.LongPollMetricsAutoConfiguration;

/**
 * What the HTTP/2 tests share: an application with the starter, metrics and SSL bundles.
 */
final class Http2TestSupport {

	private Http2TestSupport() {
	}

	static ApplicationContextRunner runner(List<String> properties) {
		List<String> all = new ArrayList<>(List.of("longpoll.defaults.backoff.initial-interval=100ms",
				"longpoll.defaults.backoff.jitter=0ms", "longpoll.defaults.min-empty-poll-interval=0ms"));
		all.addAll(properties);
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(LongPollAutoConfiguration.class, WebClientAutoConfiguration.class,
					ReactiveHttpClientAutoConfiguration.class, JacksonAutoConfiguration.class,
					LongPollMetricsAutoConfiguration.class, SslAutoConfiguration.class, MetricsAutoConfiguration.class,
					SimpleMetricsExportAutoConfiguration.class))
			.withPropertyValues(all.toArray(String[]::new));
	}

	/**
	 * WARN and ERROR lines of the starter's loggers. (Reactor Netty's
	 * {@code HttpClientConnect} warns of every closed connection; in an application the
	 * starter sets it to ERROR, which this runner does not apply.)
	 */
	static List<String> ourWarnings(CapturedOutput output) {
		return output.getOut()
			.lines()
			.filter((line) -> line.contains(" WARN ") || line.contains(" ERROR "))
			.filter((line) -> line.contains("dev.longpoll"))
			.toList();
	}

	/**
	 * The listeners whose recorded events are not 1 to {@code n}, each once and in
	 * order, with what they got.
	 */
	static Map<String, List<Integer>> notExactly(Map<String, List<Integer>> received, int n) {
		List<Integer> expected = IntStream.rangeClosed(1, n).boxed().toList();
		Map<String, List<Integer>> wrong = new TreeMap<>();
		received.forEach((id, events) -> {
			if (!events.equals(expected)) {
				wrong.put(id, List.copyOf(events));
			}
		});
		return wrong;
	}

	static double gaugeSum(MeterRegistry meters, String name) {
		return meters.find(name).gauges().stream().mapToDouble((gauge) -> gauge.value()).sum();
	}

}
