package dev.longpoll.bench;

import java.lang.reflect.Method;

import java.util.concurrent.atomic.AtomicLong;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;
import reactor.core.scheduler.Scheduler;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import dev.longpoll.annotation.LongPollBootstrapConfiguration;
import dev.longpoll.container.LongPollContainer;
import dev.longpoll.container.LongPollListenerRegistry;
import dev.longpoll.container.LongPollObserver;
import dev.longpoll.endpoint.LongPollEndpoint;
import dev.longpoll.endpoint.LongPollEndpointFactory;
import dev.longpoll.handler.MethodLongPollHandler;

/**
 * The starter: a Spring Boot context, listeners registered through the registry API, each
 * calling a {@code void on(Event)} method the way a {@code @LongPollListener} would.
 */
final class OursClient implements BenchClient {

	private final int prefetch;

	private final String protocol;

	private ConfigurableApplicationContext context;

	private final WarnCounter warnings = new WarnCounter();

	private final String engine;

	OursClient(int prefetch, String protocol, String engine) {
		this.prefetch = prefetch;
		this.protocol = protocol;
		this.engine = engine;
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

		@Bean
		FailureCounter failureCounter() {
			return new FailureCounter();
		}

	}

	/** Counts failures the loop reports (each is followed by a backoff). */
	static final class FailureCounter implements LongPollObserver {

		final AtomicLong failures = new AtomicLong();

		final java.util.Map<String, AtomicLong> kinds = new java.util.concurrent.ConcurrentHashMap<>();

		@Override
		public void onFailure(LongPollContainer container, Throwable cause, int consecutiveFailures,
				java.time.Duration nextAttemptIn) {
			this.failures.incrementAndGet();
			String kind = cause.getClass().getSimpleName() + ": " + cause.getMessage();
			this.kinds.computeIfAbsent(kind.substring(0, Math.min(kind.length(), 160)), (key) -> new AtomicLong())
				.incrementAndGet();
		}

	}

	/** Counts WARN and ERROR lines of the starter's loggers. */
	static final class WarnCounter extends AppenderBase<ILoggingEvent> {

		final AtomicLong lines = new AtomicLong();

		void attach() {
			Logger logger = (Logger) LoggerFactory.getLogger("dev.longpoll");
			setContext(logger.getLoggerContext());
			start();
			logger.addAppender(this);
		}

		@Override
		protected void append(ILoggingEvent event) {
			if (event.getLevel().isGreaterOrEqual(Level.WARN)) {
				this.lines.incrementAndGet();
			}
		}

	}

	@Override
	public void init() {
		this.context = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.properties("logging.level.root=WARN", "longpoll.defaults.timeout=40s",
					"longpoll.defaults.min-empty-poll-interval=0ms", "longpoll.http.max-connections=20000",
					"longpoll.defaults.payload-pointer=/events", "longpoll.defaults.cursor.from-body=/last",
					"longpoll.defaults.cursor.query-parameter=after", "longpoll.defaults.cursor.initial=0",
					"longpoll.defaults.prefetch=" + this.prefetch, "longpoll.http.protocol=" + this.protocol,
					"longpoll.http.client=" + this.engine,
					"longpoll.defaults.max-body-size=8MB")
			.run();
		this.warnings.attach();
	}

	@Override
	public java.util.Map<String, Object> report() {
		FailureCounter counter = this.context.getBean(FailureCounter.class);
		return java.util.Map.of("failures", counter.failures.get(), "warnings", this.warnings.lines.get(),
				"failureKinds", java.util.Map.copyOf(counter.kinds));
	}

	/**
	 * One more listener, polling a feed of large bodies, whose handler only takes them.
	 * @param url the feed URL
	 */
	void startBig(String url) {
		LongPollListenerRegistry registry = this.context.getBean(LongPollListenerRegistry.class);
		LongPollEndpointFactory factory = this.context.getBean(LongPollEndpointFactory.class);
		LongPollEndpoint.Builder endpoint = factory.builder("big", "benchmark").url(url);
		endpoint.handler((response, cursor) -> reactor.core.publisher.Mono.empty());
		registry.register(factory.create(endpoint));
	}

	@Override
	public int start(int count, String url, Recorder recorder) {
		LongPollListenerRegistry registry = this.context.getBean(LongPollListenerRegistry.class);
		LongPollEndpointFactory factory = this.context.getBean(LongPollEndpointFactory.class);
		Scheduler scheduler = this.context.getBean(LongPollBootstrapConfiguration.HANDLER_SCHEDULER_BEAN_NAME, Scheduler.class);
		Method method;
		try {
			method = Recorder.class.getMethod("on", Event.class);
		}
		catch (NoSuchMethodException ex) {
			throw new IllegalStateException(ex);
		}
		for (int i = 0; i < count; i++) {
			String id = "listener-" + i;
			LongPollEndpoint.Builder endpoint = factory.builder(id, "benchmark").url(url + "?id=" + i);
			MethodLongPollHandler handler = new MethodLongPollHandler(id, recorder, method, endpoint.payload(), scheduler);
			endpoint.handler((response, cursor) -> {
				recorder.onResponse();
				return handler.handle(response, cursor);
			});
			registry.register(factory.create(endpoint));
		}
		return count;
	}

	@Override
	public void close() {
		if (this.context != null) {
			this.context.close();
		}
	}

}
