package dev.longpoll.test;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

import org.springframework.test.util.TestSocketUtils;

/**
 * A real nginx with the Nchan pub/sub module (Debian's {@code nginx-light} and
 * {@code libnginx-mod-nchan}; {@code .ci/run} installs them), started by the test that
 * needs it: subscribers long-poll {@code GET /sub/<channel>} over cleartext HTTP/2 on
 * {@link #subscribeUrl(String)}; messages are published with {@code POST /pub/<channel>}
 * over HTTP/1.1 on another port (nginx 1.22 speaks only HTTP/2 on an {@code http2} port).
 * It runs as one process ({@code master_process off}), so that {@link #freeze()} stops
 * all of it. Without nginx or the module the test is skipped, with the reason printed.
 */
public final class NginxNchanServer implements AutoCloseable {

	private static final String NGINX = "/usr/sbin/nginx";

	private static final String NCHAN = "/usr/lib/nginx/modules/ngx_nchan_module.so";

	private final Process process;

	private final int subscribePort;

	private final int publishPort;

	private final Path directory;

	private final HttpClient publisher = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private NginxNchanServer(Process process, int subscribePort, int publishPort, Path directory) {
		this.process = process;
		this.subscribePort = subscribePort;
		this.publishPort = publishPort;
		this.directory = directory;
	}

	/**
	 * Start nginx, or skip the calling test when it or Nchan is missing.
	 * @param keepaliveRequests nginx's {@code keepalive_requests}: requests on one
	 * connection before nginx sends GOAWAY
	 * @param subscriberTimeout how long Nchan holds a poll before it answers 408
	 * @return the running server
	 */
	public static NginxNchanServer startOrSkip(int keepaliveRequests, Duration subscriberTimeout)
			throws IOException, InterruptedException {
		for (String needed : List.of(NGINX, NCHAN)) {
			if (!Files.exists(Path.of(needed))) {
				String reason = needed + " is missing (Debian: apt-get install nginx-light libnginx-mod-nchan):"
						+ " the nginx/Nchan tests are skipped";
				System.out.println("SKIPPED: " + reason);
				Assumptions.abort(reason);
			}
		}
		int subscribePort = TestSocketUtils.findAvailableTcpPort();
		int publishPort = TestSocketUtils.findAvailableTcpPort();
		Path directory = Files.createTempDirectory("nginx-nchan");
		String temp = directory.resolve("tmp").toString();
		Files.writeString(directory.resolve("nginx.conf"), """
				load_module %s;
				daemon off;
				master_process off;
				worker_processes 1;
				worker_rlimit_nofile 20000;
				pid %s/nginx.pid;
				error_log %s/error.log warn;
				events { worker_connections 10000; }
				http {
				  access_log off;
				  client_body_temp_path %s/body;
				  proxy_temp_path %s/proxy;
				  fastcgi_temp_path %s/fastcgi;
				  uwsgi_temp_path %s/uwsgi;
				  scgi_temp_path %s/scgi;
				  keepalive_requests %d;
				  keepalive_timeout 75s;
				  http2_max_concurrent_streams 128;
				  server {
				    listen 127.0.0.1:%d http2;
				    listen 127.0.0.1:%d;
				    location ~ ^/pub/(\\w+)$ {
				      nchan_publisher;
				      nchan_channel_id $1;
				      nchan_message_buffer_length 1000;
				      nchan_message_timeout 1h;
				    }
				    location ~ ^/sub/(\\w+)$ {
				      nchan_subscriber longpoll;
				      nchan_channel_id $1;
				      nchan_subscriber_timeout %ds;
				    }
				  }
				}
				""".formatted(NCHAN, directory, directory, temp, temp, temp, temp, temp, keepaliveRequests,
				subscribePort, publishPort, subscriberTimeout.toSeconds()));
		Files.createDirectories(Path.of(temp));
		Process process = new ProcessBuilder(NGINX, "-p", directory.toString(), "-c",
				directory.resolve("nginx.conf").toString())
			.redirectErrorStream(true)
			.redirectOutput(directory.resolve("nginx.out").toFile())
			.start();
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (System.nanoTime() < deadline && process.isAlive()) {
			try (Socket socket = new Socket("127.0.0.1", publishPort); Socket other = new Socket("127.0.0.1",
					subscribePort)) {
				return new NginxNchanServer(process, subscribePort, publishPort, directory);
			}
			catch (IOException ex) {
				Thread.sleep(50);
			}
		}
		process.destroyForcibly();
		throw new IOException("nginx did not start: " + Files.readString(directory.resolve("nginx.out")) + " "
				+ (Files.exists(directory.resolve("error.log")) ? Files.readString(directory.resolve("error.log")) : ""));
	}

	/**
	 * Where a subscriber long-polls a channel, over cleartext HTTP/2.
	 * @param channel the channel
	 * @return the URL
	 */
	public String subscribeUrl(String channel) {
		return "http://127.0.0.1:" + this.subscribePort + "/sub/" + channel;
	}

	/**
	 * Publish a JSON message to a channel.
	 * @param channel the channel
	 * @param json the message
	 */
	public void publish(String channel, String json) throws IOException, InterruptedException {
		HttpResponse<String> response = this.publisher.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.publishPort + "/pub/" + channel))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString(json))
					.build(),
				HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() / 100 != 2) {
			throw new IllegalStateException("publish to " + channel + ": " + response.statusCode() + " " + response.body());
		}
	}

	/** Stop the nginx process ({@code kill -STOP}): its sockets stay open, nothing answers. */
	public void freeze() throws IOException, InterruptedException {
		signal("STOP");
	}

	/** Let a frozen nginx go on ({@code kill -CONT}). */
	public void thaw() throws IOException, InterruptedException {
		signal("CONT");
	}

	private void signal(String signal) throws IOException, InterruptedException {
		Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(this.process.pid())).start();
		if (kill.waitFor() != 0) {
			throw new IOException("kill -" + signal + " failed");
		}
	}

	@Override
	public void close() throws Exception {
		thaw(); // a stopped process does not handle SIGTERM
		this.process.destroy();
		if (!this.process.waitFor(5, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
		}
		org.springframework.util.FileSystemUtils.deleteRecursively(this.directory);
	}

}
