package dev.longpoll.autoconfigure;

import java.util.Arrays;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;

import dev.longpoll.annotation.LongPollListener;

/**
 * A worker service: the starter, one listener, no web server. Run in its own JVM by
 * {@link WorkerServiceTests}; the arguments are Spring properties such as
 * {@code --feed.url=...}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class WorkerApp {

	public static void main(String[] args) {
		new SpringApplicationBuilder(WorkerApp.class).web(WebApplicationType.NONE)
			.properties("spring.main.banner-mode=off")
			.run(args);
		System.out.println("STARTED " + Arrays.toString(args));
	}

	@Bean
	Consumer consumer() {
		return new Consumer();
	}

	/**
	 * Prints each event it receives.
	 */
	static class Consumer {

		@LongPollListener(id = "work", url = "${feed.url}")
		void on(String body) {
			System.out.println("RECEIVED " + body);
		}

	}

}
