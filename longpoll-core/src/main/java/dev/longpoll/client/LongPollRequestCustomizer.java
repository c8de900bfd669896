package dev.longpoll.client;

/**
 * Callback that changes each long-poll request just before it is sent, for example to add
 * a freshly refreshed bearer token. Declare it as a bean; all such beans apply, in order.
 * <p>
 * It runs on the loop's thread, which may be a Netty event loop: it must not block.
 */
@FunctionalInterface
public interface LongPollRequestCustomizer {

	/**
	 * Customize the request about to be sent.
	 * @param request the request builder; {@link PollRequest.Builder#listenerId()} tells
	 * which listener sends it
	 */
	void customize(PollRequest.Builder request);

}
