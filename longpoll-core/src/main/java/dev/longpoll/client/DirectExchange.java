package dev.longpoll.client;

import java.util.Arrays;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientRequest;
import reactor.netty.http.client.HttpClientResponse;
import reactor.netty.NettyOutbound;

import org.springframework.http.HttpHeaders;
import org.springframework.http.support.Netty4HeadersAdapter;

/**
 * One poll sent with Reactor Netty's {@code HttpClient} directly ({@link ClientEngine}): the
 * request's headers and body written as they are, the response's headers read through a
 * view (not copied) and its body gathered into one array, no larger than the request's cap.
 */
final class DirectExchange {

	private static final byte[] EMPTY = new byte[0];

	private DirectExchange() {
	}

	static Mono<LongPollResponse> exchange(HttpClient client, PollRequest request, PollProgress progress) {
		return client.request(HttpMethod.valueOf(request.method().name()))
			.uri(request.url())
			.send((outgoing, outbound) -> send(request, outgoing, outbound))
			.response((response, body) -> read(request, response, body, progress))
			.next();
	}

	private static NettyOutbound send(PollRequest request, HttpClientRequest outgoing, NettyOutbound outbound) {
		if (!request.headers().isEmpty()) {
			request.headers().forEach((name, values) -> outgoing.requestHeaders().set(name, values));
		}
		byte[] body = request.body();
		if (body == null) {
			return outbound;
		}
		outgoing.requestHeaders().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
		return outbound.sendByteArray(Mono.just(body));
	}

	private static Mono<LongPollResponse> read(PollRequest request, HttpClientResponse response, ByteBufFlux body,
			PollProgress progress) {
		int status = response.status().code();
		progress.status = status;
		HttpHeaders headers = HttpHeaders.readOnlyHttpHeaders(new Netty4HeadersAdapter(response.responseHeaders()));
		Body whole = new Body(request, status, progress);
		return body.doOnNext(whole::add).then(Mono.fromSupplier(() -> new LongPollResponse(status, headers, whole.bytes())));
	}

	/** The body's bytes as they arrive, copied before Reactor Netty releases each buffer. */
	private static final class Body {

		private final PollRequest request;

		private final int status;

		private final PollProgress progress;

		private byte[] bytes = EMPTY;

		private int length;

		Body(PollRequest request, int status, PollProgress progress) {
			this.request = request;
			this.status = status;
			this.progress = progress;
		}

		void add(ByteBuf buffer) {
			this.progress.bodyStarted = true;
			int readable = buffer.readableBytes();
			if ((long) this.length + readable > this.request.maxBodySize()) {
				throw new LongPollBodyTooLargeException(this.request.listenerId(), this.status,
						this.request.maxBodySize());
			}
			if (this.length + readable > this.bytes.length) {
				this.bytes = Arrays.copyOf(this.bytes, Math.max(this.length + readable,
						(int) Math.min(this.request.maxBodySize(), 2L * this.bytes.length)));
			}
			buffer.getBytes(buffer.readerIndex(), this.bytes, this.length, readable);
			this.length += readable;
		}

		byte[] bytes() {
			return (this.length == this.bytes.length) ? this.bytes : Arrays.copyOf(this.bytes, this.length);
		}

	}

}
