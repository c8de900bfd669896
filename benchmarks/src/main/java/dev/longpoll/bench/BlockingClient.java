package dev.longpoll.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What users write today: one platform thread per listener, each in a
 * {@code while (true)} loop around the JDK HttpClient's blocking {@code send}.
 */
final class BlockingClient implements BenchClient {

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final List<Thread> threads = new ArrayList<>();

	private volatile boolean running = true;

	@Override
	public int start(int count, String url, Recorder recorder) {
		for (int i = 0; i < count; i++) {
			int listener = i;
			Thread thread = new Thread(() -> loop(url, listener, recorder), "blocking-listener-" + i);
			thread.setDaemon(true);
			try {
				thread.start();
			}
			catch (OutOfMemoryError ex) {
				System.err.println("blocking loop: cannot start thread " + i + ": " + ex.getMessage());
				return i;
			}
			this.threads.add(thread);
		}
		return count;
	}

	private void loop(String url, int listener, Recorder recorder) {
		long cursor = 0;
		while (this.running) {
			try {
				HttpRequest request = HttpRequest.newBuilder(URI.create(Feeds.url(url, listener, cursor)))
					.timeout(Duration.ofSeconds(40))
					.build();
				HttpResponse<String> response = this.client.send(request, HttpResponse.BodyHandlers.ofString());
				cursor = (response.statusCode() == 200) ? Feeds.deliver(response.body(), recorder, cursor) : cursor;
			}
			catch (IOException ex) {
				sleep();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	private static void sleep() {
		try {
			Thread.sleep(100); // the ad-hoc backoff users write
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		this.running = false;
		this.threads.forEach(Thread::interrupt);
	}

}
