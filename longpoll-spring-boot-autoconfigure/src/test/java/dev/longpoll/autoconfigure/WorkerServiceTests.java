package dev.longpoll.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.longpoll.test.PubSubServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A service with the starter and no web server, in its own JVM: it keeps consuming until
 * SIGTERM, then exits promptly, with one summary line for the stop.
 */
class WorkerServiceTests {

	private static Process worker(Path log, String... properties) throws IOException {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-cp", System.getProperty("java.class.path"), WorkerApp.class.getName()));
		for (String property : properties) {
			command.add("--" + property);
		}
		return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
	}

	private static String read(Path log) throws IOException {
		return Files.exists(log) ? Files.readString(log) : "";
	}

	@Test
	void aWorkerKeepsConsumingUntilSigtermAndThenExitsPromptly(@TempDir Path directory) throws Exception {
		Path log = directory.resolve("worker.log");
		Duration exit = consumeThenSigterm(log);
		System.out.printf("worker: exit %d ms after SIGTERM%n", exit.toMillis());
		assertThat(exit).isLessThan(Duration.ofSeconds(5));
		assertThat(read(log)).contains("Stopped 1 long-poll listener in").doesNotContain("' stopped");
	}

	/**
	 * This application also has a Reactor Netty server on its class path, whose shared
	 * event loops Spring Boot closes with Reactor Netty's 2 s quiet period; the advice of
	 * {@code docs/lifecycle.md} removes it (the long polls' own loops have none).
	 */
	@Test
	void withoutReactorNettysQuietPeriodAWorkerExitsWithinASecond(@TempDir Path directory) throws Exception {
		Duration exit = consumeThenSigterm(directory.resolve("worker.log"),
				"spring.reactor.netty.shutdown-quiet-period=0s");
		System.out.printf("worker without quiet period: exit %d ms after SIGTERM%n", exit.toMillis());
		assertThat(exit).isLessThan(Duration.ofSeconds(1));
	}

	private static Duration consumeThenSigterm(Path log, String... properties) throws Exception {
		try (PubSubServer feed = new PubSubServer(Duration.ofSeconds(30))) {
			List<String> all = new ArrayList<>(List.of(properties));
			all.addAll(List.of("feed.url=" + feed.url(), "longpoll.listeners.work.cursor.etag=true"));
			Process worker = worker(log, all.toArray(String[]::new));
			try {
				await().atMost(Duration.ofSeconds(30)).until(() -> read(log).contains("STARTED"));
				await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> true);
				assertThat(worker.isAlive()).as("alive well after it started").isTrue();
				feed.publish("after two seconds");
				await().atMost(Duration.ofSeconds(5)).until(() -> read(log).contains("RECEIVED after two seconds"));
				long sigterm = System.nanoTime();
				worker.destroy(); // SIGTERM
				assertThat(worker.waitFor(10, TimeUnit.SECONDS)).isTrue();
				return Duration.ofNanos(System.nanoTime() - sigterm);
			}
			finally {
				worker.destroyForcibly();
			}
		}
	}

	@Test
	void withoutTheKeepAliveAWorkerExitsRightAfterItStarted(@TempDir Path directory) throws Exception {
		Path log = directory.resolve("worker.log");
		try (PubSubServer feed = new PubSubServer(Duration.ofSeconds(30))) {
			Process worker = worker(log, "feed.url=" + feed.url(), "longpoll.keep-alive=false");
			try {
				assertThat(worker.waitFor(30, TimeUnit.SECONDS)).as("exited by itself").isTrue();
				assertThat(read(log)).contains("STARTED");
			}
			finally {
				worker.destroyForcibly();
			}
		}
	}

}
