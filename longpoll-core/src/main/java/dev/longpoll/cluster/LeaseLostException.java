package dev.longpoll.cluster;

/**
 * A commit refused because this instance may no longer hold the listener's lease.
 */
public class LeaseLostException extends IllegalStateException {

	/**
	 * Create an exception.
	 * @param listenerId the listener
	 * @param instanceId this instance
	 */
	public LeaseLostException(String listenerId, String instanceId) {
		super("Long-poll listener '" + listenerId + "': instance '" + instanceId
				+ "' may no longer hold its lease, so its cursor is not committed here");
	}

}
