package dev.longpoll.test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * A key watched the way key-value stores with watch APIs serve it (etcd's v2
 * {@code ?wait=true&waitIndex=N}): the answer's status line and headers
 * ({@code X-Etcd-Index}) go out at once, the body only when the key changes, and the
 * server never ends a hold by itself. The next poll asks for the index after the last
 * change seen ({@code node.modifiedIndex + 1}). An index older than the history it keeps
 * is answered with {@code 400} and {@code {"errorCode":401,...}} (event index cleared).
 */
public final class WatchServer implements AutoCloseable {

	private final int history;

	private final List<Long> changes = new ArrayList<>();

	private final List<String> values = new ArrayList<>();

	private final AtomicInteger requests = new AtomicInteger();

	private final List<String> waitIndexes = new java.util.concurrent.CopyOnWriteArrayList<>();

	private long index = 1000;

	private Sinks.Empty<Void> changed = Sinks.empty();

	private final DisposableServer server;

	/**
	 * Start a store.
	 * @param history how many changes it remembers
	 */
	public WatchServer(int history) {
		this.history = history;
		this.server = HttpServer.create().host("127.0.0.1").port(0).handle(this::serve).bindNow();
	}

	public String url() {
		return "http://127.0.0.1:" + this.server.port() + "/v2/keys/config?wait=true";
	}

	/**
	 * Set the key; a held watch gets the change at once.
	 * @param value the new value
	 * @return the change's index
	 */
	public long set(String value) {
		Sinks.Empty<Void> waiting;
		long modified;
		synchronized (this) {
			modified = ++this.index;
			this.changes.add(modified);
			this.values.add(value);
			while (this.changes.size() > this.history) {
				this.changes.remove(0);
				this.values.remove(0);
			}
			waiting = this.changed;
			this.changed = Sinks.empty();
		}
		waiting.tryEmitEmpty();
		return modified;
	}

	public int requests() {
		return this.requests.get();
	}

	/**
	 * The {@code waitIndex} of every request, {@code -} when absent.
	 * @return the values, in order
	 */
	public List<String> waitIndexes() {
		return this.waitIndexes;
	}

	private Mono<Void> serve(HttpServerRequest request, HttpServerResponse response) {
		this.requests.incrementAndGet();
		String waitIndex = query(request.uri(), "waitIndex");
		this.waitIndexes.add((waitIndex != null) ? waitIndex : "-");
		long from;
		synchronized (this) {
			from = (waitIndex != null) ? Long.parseLong(waitIndex) : this.index + 1;
			long oldest = this.changes.isEmpty() ? this.index + 1 : this.changes.get(0);
			if (from < oldest && from <= this.index) {
				return response.status(400)
					.header("Content-Type", "application/json")
					.header("X-Etcd-Index", Long.toString(this.index))
					.sendString(Mono.just("{\"errorCode\":401,\"message\":\"The event in requested index is outdated"
							+ " and cleared\",\"cause\":\"the requested history has been cleared [" + oldest + "/" + from
							+ "]\",\"index\":" + this.index + "}"))
					.then();
			}
			String body = change(from);
			if (body != null) {
				return response.header("Content-Type", "application/json")
					.header("X-Etcd-Index", Long.toString(this.index))
					.sendString(Mono.just(body))
					.then();
			}
		}
		response.header("Content-Type", "application/json").header("X-Etcd-Index", Long.toString(this.index));
		return response.sendHeaders().sendString(waitFor(from)).then();
	}

	private Mono<String> waitFor(long from) {
		Mono<Void> changed;
		synchronized (this) {
			String body = change(from);
			if (body != null) {
				return Mono.just(body);
			}
			changed = this.changed.asMono();
		}
		return changed.then(Mono.defer(() -> waitFor(from)));
	}

	private @Nullable String change(long from) {
		for (int i = 0; i < this.changes.size(); i++) {
			long modified = this.changes.get(i);
			if (modified >= from) {
				return "{\"action\":\"set\",\"node\":{\"key\":\"/config\",\"value\":\"" + this.values.get(i)
						+ "\",\"modifiedIndex\":" + modified + ",\"createdIndex\":" + modified + "}}";
			}
		}
		return null;
	}

	private static @Nullable String query(String uri, String name) {
		int at = uri.indexOf(name + "=");
		if (at < 0) {
			return null;
		}
		int end = uri.indexOf('&', at);
		return uri.substring(at + name.length() + 1, (end < 0) ? uri.length() : end);
	}

	@Override
	public void close() {
		this.server.disposeNow();
	}

}
