package dev.longpoll.client;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.util.Assert;
import org.springframework.web.util.UriComponents;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * One long-poll HTTP request, fully resolved.
 *
 * @param listenerId the listener that sends it
 * @param uri the URI, query included
 * @param method the HTTP method
 * @param headers the request headers
 * @param body the request body, or {@code null}
 * @param timeout how long to wait for the whole response, body included
 * @param maxBodySize the largest body accepted, in bytes
 * @param options the connection options
 */
public record PollRequest(String listenerId, URI uri, HttpMethod method, HttpHeaders headers, byte @Nullable [] body,
		Duration timeout, int maxBodySize, ClientOptions options) {

	/**
	 * Start a request for the given listener from a parsed URL, which is not changed.
	 * @param listenerId the listener id
	 * @param url the parsed URL, possibly with a query
	 * @param timeout how long to wait for the whole response
	 * @param maxBodySize the largest body accepted, in bytes
	 * @param options the connection options
	 * @return a builder
	 */
	public static Builder builder(String listenerId, UriComponentsBuilder url, Duration timeout, int maxBodySize,
			ClientOptions options) {
		return new Builder(listenerId, url.cloneBuilder(), timeout, maxBodySize, options);
	}

	/**
	 * Mutable builder of a {@link PollRequest}, handed to cursor strategies and
	 * {@link LongPollRequestCustomizer request customizers} before each poll.
	 */
	public static final class Builder {

		private final String listenerId;

		private final UriComponentsBuilder uri;

		private final HttpHeaders headers = new HttpHeaders();

		private HttpMethod method = HttpMethod.GET;

		private byte @Nullable [] body;

		private Duration timeout;

		private int maxBodySize;

		private ClientOptions options;

		private Builder(String listenerId, UriComponentsBuilder uri, Duration timeout, int maxBodySize,
				ClientOptions options) {
			this.listenerId = listenerId;
			this.uri = uri;
			this.timeout = timeout;
			this.maxBodySize = maxBodySize;
			this.options = options;
		}

		/**
		 * The listener this request belongs to.
		 * @return the listener id
		 */
		public String listenerId() {
			return this.listenerId;
		}

		/**
		 * Set (replace) a query parameter; the value is encoded here.
		 * @param name the parameter name
		 * @param value the raw value
		 * @return this builder
		 */
		public Builder queryParam(String name, String value) {
			this.uri.replaceQueryParam(UriUtils.encodeQueryParam(name, StandardCharsets.UTF_8),
					UriUtils.encodeQueryParam(value, StandardCharsets.UTF_8));
			return this;
		}

		/**
		 * Set (replace) a request header.
		 * @param name the header name
		 * @param value the value
		 * @return this builder
		 */
		public Builder header(String name, String value) {
			this.headers.set(name, value);
			return this;
		}

		/**
		 * The headers set so far, to read or change.
		 * @return the live headers
		 */
		public HttpHeaders headers() {
			return this.headers;
		}

		public Builder method(HttpMethod method) {
			this.method = method;
			return this;
		}

		public Builder body(@Nullable String body) {
			this.body = (body != null) ? body.getBytes(StandardCharsets.UTF_8) : null;
			return this;
		}

		public Builder timeout(Duration timeout) {
			this.timeout = timeout;
			return this;
		}

		public Builder maxBodySize(int maxBodySize) {
			this.maxBodySize = maxBodySize;
			return this;
		}

		public Builder options(ClientOptions options) {
			this.options = options;
			return this;
		}

		public PollRequest build() {
			UriComponents components = this.uri.build(true);
			Assert.state(components.getHost() != null,
					() -> "URL of listener '" + this.listenerId + "' has no host: " + components);
			return new PollRequest(this.listenerId, components.toUri(), this.method, this.headers, this.body,
					this.timeout, this.maxBodySize, this.options);
		}

	}

}
