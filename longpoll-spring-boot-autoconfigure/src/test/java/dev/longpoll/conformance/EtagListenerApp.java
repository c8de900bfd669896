package dev.longpoll.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;

import dev.longpoll.annotation.LongPollListener;

/**
 * A worker that consumes a pub/sub channel with an ETag cursor and the file store, and
 * appends every message it handles to a file: run in its own JVM by the kill -9 test.
 * Arguments: feed URL, cursor directory, output file.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class EtagListenerApp {

	public static void main(String[] args) {
		new SpringApplicationBuilder(EtagListenerApp.class).web(WebApplicationType.NONE)
			.properties("feed.url=" + args[0], "longpoll.listeners.feed.cursor.etag=true",
					"longpoll.cursor-store.type=file", "longpoll.cursor-store.directory=" + args[1],
					"output.file=" + args[2], "spring.main.banner-mode=off")
			.run(args);
	}

	@Bean
	Appender appender(org.springframework.core.env.Environment environment) {
		return new Appender(Path.of(environment.getRequiredProperty("output.file")));
	}

	/**
	 * Appends each message to the output file.
	 */
	static class Appender {

		private final Path file;

		Appender(Path file) {
			this.file = file;
		}

		@LongPollListener(id = "feed", url = "${feed.url}")
		void on(String message) {
			try {
				Files.writeString(this.file, message + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
						StandardOpenOption.APPEND);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

}
