package dev.longpoll.test;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

import org.springframework.test.util.TestSocketUtils;

/**
 * A real {@code redis-server} process on a free port, started by the test that needs it
 * (Debian's {@code redis-server} package; {@code .ci/run} installs it). Without one on the
 * PATH the test is skipped, with the reason printed.
 */
public final class RedisServer implements AutoCloseable {

	private final Process process;

	private final int port;

	private final Path directory;

	private RedisServer(Process process, int port, Path directory) {
		this.process = process;
		this.port = port;
		this.directory = directory;
	}

	/**
	 * Start a server, or skip the calling test when {@code redis-server} is missing.
	 * @return the running server
	 * @throws IOException if it cannot be started
	 */
	public static RedisServer startOrSkip() throws IOException, InterruptedException {
		String binary = List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server")
			.stream()
			.filter((candidate) -> Files.isExecutable(Path.of(candidate)))
			.findFirst()
			.orElse(null);
		if (binary == null) {
			String reason = "redis-server is not installed (Debian: apt-get install redis-server): Redis tests skipped";
			System.out.println("SKIPPED: " + reason);
			Assumptions.abort(reason);
		}
		int port = TestSocketUtils.findAvailableTcpPort();
		Path directory = Files.createTempDirectory("redis");
		Process process = new ProcessBuilder(binary, "--port", Integer.toString(port), "--bind", "127.0.0.1",
				"--save", "", "--appendonly", "no", "--dir", directory.toString())
			.redirectErrorStream(true)
			.redirectOutput(directory.resolve("redis.log").toFile())
			.start();
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (System.nanoTime() < deadline) {
			try (Socket socket = new Socket("127.0.0.1", port)) {
				return new RedisServer(process, port, directory);
			}
			catch (IOException ex) {
				Thread.sleep(50);
			}
		}
		process.destroyForcibly();
		throw new IOException("redis-server did not listen on port " + port + "; see " + directory);
	}

	public int port() {
		return this.port;
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(5, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
		}
	}

}
