package dev.longpoll.event;

import dev.longpoll.container.LongPollContainer;

/**
 * With several instances sharing listeners: this instance took a listener (it polls it
 * here now) or gave it up.
 */
public class LongPollListenerOwnershipChangedEvent extends LongPollListenerEvent {

	private final boolean owned;

	private final String instanceId;

	private final String reason;

	public LongPollListenerOwnershipChangedEvent(LongPollContainer container, boolean owned, String instanceId,
			String reason) {
		super(container);
		this.owned = owned;
		this.instanceId = instanceId;
		this.reason = reason;
	}

	/**
	 * Whether this instance polls the listener now.
	 * @return {@code true} when it was granted, {@code false} when it was given up
	 */
	public boolean isOwned() {
		return this.owned;
	}

	public String getInstanceId() {
		return this.instanceId;
	}

	public String getReason() {
		return this.reason;
	}

}
