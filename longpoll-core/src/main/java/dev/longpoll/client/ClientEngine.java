package dev.longpoll.client;

/**
 * What sends a listener's polls: Spring's {@code WebClient}, built from the application's
 * {@code WebClient.Builder}, or Reactor Netty's {@code HttpClient} directly, which allocates
 * about half as much per poll. Both use the same connection pool, event loops, SSL bundles,
 * proxy, redirect rule, compression, timeouts and body cap; only WebClient applies the
 * builder's filters, default headers, cookies and requests, and records the
 * {@code http.client.requests} observation.
 */
public enum ClientEngine {

	/**
	 * Reactor Netty directly when the application's {@code WebClient.Builder} adds nothing
	 * to a request (no filter, default header, cookie, default request, API version or
	 * observation registry), WebClient otherwise.
	 */
	AUTO,

	/**
	 * Spring's {@code WebClient}, always.
	 */
	WEBCLIENT,

	/**
	 * Reactor Netty's {@code HttpClient} directly, always: whatever the application's
	 * {@code WebClient.Builder} adds is not applied to polls.
	 */
	REACTOR_NETTY

}
