package dev.longpoll.conformance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.longpoll.test.PubSubServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * kill -9 of a worker with an ETag listener and the file store, mid-stream, then a
 * restart: the committed ETag is sent again, so the events handled before the kill do
 * not come again, and none is missing.
 */
class KillAndRestartConformanceTests {

	private static Process worker(String url, Path cursors, Path output) throws IOException {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), EtagListenerApp.class.getName(),
				url, cursors.toString(), output.toString())
			.redirectErrorStream(true)
			.redirectOutput(cursors.resolveSibling("worker.log").toFile())
			.start();
	}

	private static List<String> lines(Path output) throws IOException {
		return Files.exists(output) ? Files.readAllLines(output) : List.of();
	}

	@Test
	void killNineAndRestartDeliverEveryEventOnceWithTheFileStore(@TempDir Path directory) throws Exception {
		Path cursors = directory.resolve("cursors");
		Path output = directory.resolve("received.txt");
		try (PubSubServer server = new PubSubServer(Duration.ofSeconds(10))) {
			Process first = worker(server.url(), cursors, output);
			try {
				for (int i = 1; i <= 40; i++) {
					server.publish("m" + i);
				}
				await().atMost(Duration.ofSeconds(30)).until(() -> lines(output).size() >= 20);
			}
			finally {
				first.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no graceful stop
			}
			int beforeKill = lines(output).size();
			for (int i = 41; i <= 50; i++) {
				server.publish("m" + i);
			}
			Process second = worker(server.url(), cursors, output);
			try {
				await().atMost(Duration.ofSeconds(30)).until(() -> lines(output).contains("m50"));
			}
			finally {
				second.destroyForcibly().waitFor();
			}
			List<String> received = lines(output);
			Set<String> distinct = new HashSet<>(received);
			for (int i = 1; i <= 50; i++) {
				assertThat(distinct).as("m" + i).contains("m" + i);
			}
			int duplicates = received.size() - distinct.size();
			System.out.printf("kill -9: %d handled before the kill, %d after the restart, %d duplicates%n", beforeKill,
					received.size() - beforeKill, duplicates);
			// at most the one message whose handler returned as the process died
			assertThat(duplicates).isLessThanOrEqualTo(1);
		}
	}

}
