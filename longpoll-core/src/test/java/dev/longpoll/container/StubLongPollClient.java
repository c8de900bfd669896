package dev.longpoll.container;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.http.HttpHeaders;

import dev.longpoll.client.LongPollClient;
import dev.longpoll.client.LongPollResponse;
import dev.longpoll.client.PollRequest;

/**
 * A {@link LongPollClient} for loop tests: answers each request with the next scripted
 * answer (or holds it for ever once the script is spent), records every request with the
 * time it was sent, and counts the exchanges in flight at once.
 */
final class StubLongPollClient implements LongPollClient {

	private final Queue<Function<PollRequest, Mono<LongPollResponse>>> script = new ConcurrentLinkedQueue<>();

	final List<PollRequest> requests = new CopyOnWriteArrayList<>();

	final List<Long> sentAtMillis = new CopyOnWriteArrayList<>();

	final AtomicInteger inFlight = new AtomicInteger();

	final AtomicInteger mostInFlight = new AtomicInteger();

	static LongPollResponse response(int status, String body, String... headers) {
		HttpHeaders httpHeaders = new HttpHeaders();
		for (int i = 0; i < headers.length; i += 2) {
			httpHeaders.add(headers[i], headers[i + 1]);
		}
		if (!body.isEmpty()) {
			httpHeaders.add("Content-Type", "application/json");
		}
		return new LongPollResponse(status, httpHeaders, body.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Answer the next request with this response.
	 * @param response the response
	 * @return this client
	 */
	StubLongPollClient then(LongPollResponse response) {
		return then((request) -> Mono.just(response));
	}

	StubLongPollClient then(int status, String body, String... headers) {
		return then(response(status, body, headers));
	}

	StubLongPollClient then(Function<PollRequest, Mono<LongPollResponse>> answer) {
		this.script.add(answer);
		return this;
	}

	StubLongPollClient thenFail(RuntimeException failure) {
		return then((request) -> Mono.error(failure));
	}

	@Override
	public Mono<LongPollResponse> exchange(PollRequest request) {
		return Mono.defer(() -> {
			this.requests.add(request);
			this.sentAtMillis.add(Schedulers.parallel().now(java.util.concurrent.TimeUnit.MILLISECONDS));
			int now = this.inFlight.incrementAndGet();
			this.mostInFlight.accumulateAndGet(now, Math::max);
			Function<PollRequest, Mono<LongPollResponse>> answer = this.script.poll();
			Mono<LongPollResponse> response = (answer != null) ? answer.apply(request) : Mono.never();
			return response.doFinally((signal) -> this.inFlight.decrementAndGet());
		});
	}

	int requestCount() {
		return this.requests.size();
	}

	String query(int index) {
		String query = this.requests.get(index).uri().getRawQuery();
		return (query != null) ? query : "";
	}

}
