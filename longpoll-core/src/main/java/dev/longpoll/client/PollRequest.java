package dev.longpoll.client;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * One long-poll HTTP request, fully resolved. Its URL is kept as the string it was built
 * as; the {@link URI} is parsed only when asked for (a poll sent by Reactor Netty directly
 * never asks), so that a held poll keeps one string rather than a URI's parts.
 */
public final class PollRequest {

	private final String listenerId;

	private final String url;

	private volatile @Nullable URI uri;

	private final HttpMethod method;

	private final HttpHeaders headers;

	private final byte @Nullable [] body;

	private final Duration timeout;

	private final int maxBodySize;

	private final ClientOptions options;

	/**
	 * Create a request.
	 * @param listenerId the listener that sends it
	 * @param url the URL, query included, encoded
	 * @param method the HTTP method
	 * @param headers the request headers
	 * @param body the request body, or {@code null}
	 * @param timeout how long to wait for the whole response, body included
	 * @param maxBodySize the largest body accepted, in bytes
	 * @param options the connection options
	 */
	public PollRequest(String listenerId, String url, HttpMethod method, HttpHeaders headers, byte @Nullable [] body,
			Duration timeout, int maxBodySize, ClientOptions options) {
		this.listenerId = listenerId;
		this.url = url;
		this.method = method;
		this.headers = headers;
		this.body = body;
		this.timeout = timeout;
		this.maxBodySize = maxBodySize;
		this.options = options;
	}

	public String listenerId() {
		return this.listenerId;
	}

	/**
	 * The URL as sent.
	 * @return the URL, query included, encoded
	 */
	public String url() {
		return this.url;
	}

	/**
	 * The URL as a URI, parsed on the first call.
	 * @return the URI
	 */
	public URI uri() {
		URI parsed = this.uri;
		if (parsed == null) {
			parsed = URI.create(this.url);
			this.uri = parsed;
		}
		return parsed;
	}

	public HttpMethod method() {
		return this.method;
	}

	public HttpHeaders headers() {
		return this.headers;
	}

	public byte @Nullable [] body() {
		return this.body;
	}

	public Duration timeout() {
		return this.timeout;
	}

	public int maxBodySize() {
		return this.maxBodySize;
	}

	public ClientOptions options() {
		return this.options;
	}

	@Override
	public String toString() {
		return this.method + " " + this.url + " (listener '" + this.listenerId + "')";
	}

	private static final HttpHeaders EMPTY_HEADERS = HttpHeaders.readOnlyHttpHeaders(new HttpHeaders());

	/**
	 * Start a request for the given listener from a URL.
	 * @param listenerId the listener id
	 * @param url the URL, possibly with a query, already encoded
	 * @param timeout how long to wait for the whole response
	 * @param maxBodySize the largest body accepted, in bytes
	 * @param options the connection options
	 * @return a builder
	 */
	public static Builder builder(String listenerId, UriComponentsBuilder url, Duration timeout, int maxBodySize,
			ClientOptions options) {
		return builder(listenerId, Url.parse(url.build(true).toUriString()), timeout, maxBodySize, options);
	}

	/**
	 * Start a request for the given listener from a URL parsed once for all its polls.
	 * @param listenerId the listener id
	 * @param url the parsed URL, which is not changed
	 * @param timeout how long to wait for the whole response
	 * @param maxBodySize the largest body accepted, in bytes
	 * @param options the connection options
	 * @return a builder
	 */
	public static Builder builder(String listenerId, Url url, Duration timeout, int maxBodySize,
			ClientOptions options) {
		return new Builder(listenerId, url, timeout, maxBodySize, options);
	}

	/**
	 * A URL split once into what comes before its query, its query parameters and its
	 * fragment, so that each poll only writes the parameters it changes: building a
	 * request costs one string and one {@link URI}.
	 */
	public static final class Url {

		private final String base;

		private final List<String[]> query;

		private final String fragment;

		private Url(String base, List<String[]> query, String fragment) {
			this.base = base;
			this.query = query;
			this.fragment = fragment;
		}

		/**
		 * Parse an absolute, encoded URL.
		 * @param url the URL
		 * @return the parsed URL
		 * @throws IllegalArgumentException if it is not an absolute URL with a host
		 */
		public static Url parse(String url) {
			URI uri = URI.create(url);
			if (uri.getHost() == null) {
				throw new IllegalArgumentException("URL has no host: " + url);
			}
			int hash = url.indexOf('#');
			String fragment = (hash >= 0) ? url.substring(hash) : "";
			String rest = (hash >= 0) ? url.substring(0, hash) : url;
			int question = rest.indexOf('?');
			List<String[]> query = new ArrayList<>();
			if (question >= 0) {
				for (String pair : rest.substring(question + 1).split("&")) {
					if (!pair.isEmpty()) {
						int equals = pair.indexOf('=');
						query.add(new String[] { (equals >= 0) ? pair.substring(0, equals) : pair, pair });
					}
				}
			}
			return new Url((question >= 0) ? rest.substring(0, question) : rest, List.copyOf(query), fragment);
		}

		String toUrl(@Nullable Map<String, String> replaced) {
			StringBuilder uri = new StringBuilder(this.base.length() + 64).append(this.base);
			char separator = '?';
			for (String[] parameter : this.query) {
				if (replaced == null || !replaced.containsKey(parameter[0])) {
					uri.append(separator).append(parameter[1]);
					separator = '&';
				}
			}
			if (replaced != null) {
				for (Map.Entry<String, String> parameter : replaced.entrySet()) {
					uri.append(separator).append(parameter.getKey()).append('=').append(parameter.getValue());
					separator = '&';
				}
			}
			return uri.append(this.fragment).toString();
		}

		@Override
		public String toString() {
			return toUrl(null);
		}

	}

	/**
	 * Mutable builder of a {@link PollRequest}, handed to cursor strategies and
	 * {@link LongPollRequestCustomizer request customizers} before each poll.
	 */
	public static final class Builder {

		private final String listenerId;

		private final Url url;

		private @Nullable Map<String, String> replacedQuery;

		private HttpHeaders headers = EMPTY_HEADERS;

		private boolean headersShared = true;

		private HttpMethod method = HttpMethod.GET;

		private byte @Nullable [] body;

		private Duration timeout;

		private int maxBodySize;

		private ClientOptions options;

		private Builder(String listenerId, Url url, Duration timeout, int maxBodySize, ClientOptions options) {
			this.listenerId = listenerId;
			this.url = url;
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
			if (this.replacedQuery == null) {
				this.replacedQuery = new LinkedHashMap<>(4);
			}
			this.replacedQuery.put(UriUtils.encodeQueryParam(name, StandardCharsets.UTF_8),
					UriUtils.encodeQueryParam(value, StandardCharsets.UTF_8));
			return this;
		}

		/**
		 * Start from these headers, which are copied only if this request changes them.
		 * @param headers read-only headers shared by the listener's requests
		 * @return this builder
		 */
		public Builder sharedHeaders(HttpHeaders headers) {
			this.headers = headers;
			this.headersShared = true;
			return this;
		}

		/**
		 * Set (replace) a request header.
		 * @param name the header name
		 * @param value the value
		 * @return this builder
		 */
		public Builder header(String name, String value) {
			headers().set(name, value);
			return this;
		}

		/**
		 * The headers set so far, to read or change.
		 * @return the live headers
		 */
		public HttpHeaders headers() {
			if (this.headersShared) {
				HttpHeaders copy = new HttpHeaders();
				copy.addAll(this.headers);
				this.headers = copy;
				this.headersShared = false;
			}
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
			return new PollRequest(this.listenerId, this.url.toUrl(this.replacedQuery), this.method, this.headers,
					this.body, this.timeout, this.maxBodySize, this.options);
		}

	}

}
