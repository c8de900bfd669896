package dev.longpoll.client;

import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * One poll sent through a {@code WebClient} built from the application's builder
 * ({@link ClientEngine}), so that its filters and observation apply; the twin of
 * {@link DirectExchange}: the same request out, the same whole response back.
 */
final class WebClientExchange {

	private WebClientExchange() {
	}

	static Mono<LongPollResponse> exchange(WebClient client, PollRequest request, PollProgress progress) {
		WebClient.RequestBodySpec spec = client.method(request.method()).uri(request.uri());
		if (!request.headers().isEmpty()) {
			spec.headers((headers) -> headers.addAll(request.headers()));
		}
		if (request.body() != null) {
			spec.bodyValue(request.body());
		}
		return spec.exchangeToMono((response) -> readWhole(request, response, progress));
	}

	private static Mono<LongPollResponse> readWhole(PollRequest request, ClientResponse response,
			PollProgress progress) {
		int status = response.statusCode().value();
		progress.status = status;
		HttpHeaders headers = response.headers().asHttpHeaders(); // read-only, kept by the response
		return DataBufferUtils
			.join(response.bodyToFlux(DataBuffer.class).doOnNext((buffer) -> progress.bodyStarted = true),
					request.maxBodySize())
			.map((buffer) -> {
				byte[] bytes = new byte[buffer.readableByteCount()];
				buffer.read(bytes);
				DataBufferUtils.release(buffer);
				return bytes;
			})
			.defaultIfEmpty(new byte[0])
			.onErrorMap(DataBufferLimitException.class,
					(ex) -> new LongPollBodyTooLargeException(request.listenerId(), status, request.maxBodySize()))
			.map((body) -> new LongPollResponse(status, headers, body));
	}

}
