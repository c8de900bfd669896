package dev.longpoll.bench;

import java.lang.reflect.Method;

import reactor.core.scheduler.Scheduler;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.longpoll.annotation.LongPollBootstrapConfiguration;
import dev.longpoll.container.LongPollListenerRegistry;
import dev.longpoll.endpoint.LongPollEndpoint;
import dev.longpoll.endpoint.LongPollEndpointFactory;
import dev.longpoll.handler.MethodLongPollHandler;

/**
 * The starter: a Spring Boot context, listeners registered through the registry API, each
 * calling a {@code void on(Event)} method the way a {@code @LongPollListener} would.
 */
final class OursClient implements BenchClient {

	private final int prefetch;

	private ConfigurableApplicationContext context;

	OursClient(int prefetch) {
		this.prefetch = prefetch;
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

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
					"longpoll.defaults.prefetch=" + this.prefetch)
			.run();
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
