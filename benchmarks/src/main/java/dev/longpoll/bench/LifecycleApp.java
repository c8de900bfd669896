package dev.longpoll.bench;

import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.support.GenericApplicationContext;

import dev.longpoll.annotation.LongPollListener;

/**
 * A worker application as a user writes it, for the startup and shutdown scenarios:
 * {@code N} beans, each with one {@code @LongPollListener} method. Arguments:
 * {@code <starter|plain> <url> <listeners> [<config-file>]}; {@code plain} is the same
 * application with the starter's auto-configuration excluded. A config file (an
 * {@code application.properties} or {@code .yml} the benchmark generates, for example with
 * a {@code longpoll.listeners.listener-<i>} section per listener) is read by Boot as the
 * user's own would be, through {@code --spring.config.additional-location} on the command
 * line that {@code SpringApplication.run} gets. Listener ids are {@code listener-0} to
 * {@code listener-<N-1>} ({@link #nextId()}). Prints {@code STARTED <ms>}, the time
 * {@code SpringApplication.run} took (reading the configuration, and listeners are started
 * inside it), then runs until it is stopped.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class LifecycleApp {

	private static final AtomicInteger ids = new AtomicInteger();

	/**
	 * A unique listener id per bean, from the annotation's expression.
	 * @return the next id
	 */
	public static String nextId() {
		return "listener-" + ids.getAndIncrement();
	}

	public static void main(String[] args) throws InterruptedException {
		boolean starter = args[0].equals("starter");
		int listeners = Integer.parseInt(args[2]);
		String[] runArgs = (args.length > 3)
				? new String[] { "--spring.config.additional-location=file:" + java.nio.file.Path.of(args[3]).toAbsolutePath() }
				: new String[0];
		SpringApplicationBuilder builder = new SpringApplicationBuilder(LifecycleApp.class)
			.web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.properties("logging.level.root=WARN", "bench.url=" + args[1], "longpoll.defaults.timeout=40s",
					"longpoll.http.max-connections=20000")
			.initializers((context) -> {
				for (int i = 0; i < listeners; i++) {
					((GenericApplicationContext) context).registerBean("listener" + i, Listener.class);
				}
			});
		if (!starter) {
			builder.properties("spring.autoconfigure.exclude=dev.longpoll.autoconfigure.LongPollAutoConfiguration,"
					+ "dev.longpoll.autoconfigure.actuate.LongPollActuatorAutoConfiguration,"
					+ "dev.longpoll.autoconfigure.health.LongPollHealthContributorAutoConfiguration,"
					+ "dev.longpoll.autoconfigure.jdbc.LongPollJdbcCursorStoreAutoConfiguration,"
					+ "dev.longpoll.autoconfigure.metrics.LongPollMetricsAutoConfiguration");
		}
		long start = System.nanoTime();
		builder.run(runArgs);
		System.out.println("STARTED " + (System.nanoTime() - start) / 1_000_000.0);
		System.out.flush();
		Thread.sleep(Long.MAX_VALUE); // until SIGTERM runs the shutdown hook
	}

	/**
	 * One listener bean.
	 */
	public static class Listener {

		@LongPollListener(id = "#{T(dev.longpoll.bench.LifecycleApp).nextId()}", url = "${bench.url}")
		public void on(Event event) {
		}

	}

}
