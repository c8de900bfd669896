package dev.longpoll.cluster;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.longpoll.container.ListenerControl;
import dev.longpoll.container.ListenerState;
import dev.longpoll.container.LongPollContainer;
import dev.longpoll.cursor.InvalidCursorException;

/**
 * The controls asked by hand (start, stop, pause, resume, seek, reset-cursor), as kept in
 * the lease store, and their applying to the listeners polled on this instance: a state
 * once each time it changes or the listener arrives here, a move once.
 */
final class HandControls {

	private static final Log logger = LogFactory.getLog(LeaseCoordinator.class);

	/** Told when a listener starts here by hand: the container, why. */
	interface Started {

		void started(LongPollContainer container, String reason);

	}

	private final LeaseStore store;

	private final Object lock;

	private final Started started;

	/** What was asked, as read last. */
	private volatile Map<String, LeaseStore.Control> controls = Map.of();

	/** The version of the state asked that this instance applied last, by listener; forgotten when it leaves. */
	private final Map<String, Long> applied = new ConcurrentHashMap<>();

	/** The moves this instance did, by listener, until the store forgets them. */
	private final Map<String, Long> seeksDone = new ConcurrentHashMap<>();

	HandControls(LeaseStore store, Object lock, Started started) {
		this.store = store;
		this.lock = lock;
		this.started = started;
	}

	/**
	 * Keep a control in the store, and say so.
	 * @param instanceId this instance
	 * @param within how soon the instance polling the listener applies it, {@code null}
	 * when it is this one
	 * @return {@code false} if the store keeps no controls
	 */
	boolean ask(String listenerId, ListenerControl control, String instanceId, @Nullable Duration within) {
		LeaseStore.Desired desired = switch (control.action()) {
			case START, RESUME -> LeaseStore.Desired.RUNNING;
			case PAUSE -> LeaseStore.Desired.PAUSED;
			case STOP -> LeaseStore.Desired.STOPPED;
			case SEEK, RESET_CURSOR -> null;
		};
		String seek = switch (control.action()) {
			case SEEK -> LeaseStore.Control.seekTo(Objects.requireNonNull(control.cursor(), "cursor"));
			case RESET_CURSOR -> LeaseStore.Control.RESET;
			default -> null;
		};
		try {
			this.store.control(listenerId, desired, seek);
		}
		catch (UnsupportedOperationException ex) {
			return false;
		}
		logger.info("Long-poll listener '" + listenerId + "': " + control.action().name().toLowerCase(Locale.ROOT)
			.replace('_', '-') + " asked on this instance ('" + instanceId + "'), applied by "
				+ ((within != null) ? "the instance polling it within " + within.toMillis() + " ms" : "this instance now"));
		return true;
	}

	/** Read what was asked, in a round. */
	void read() {
		try {
			this.controls = this.store.controls();
		}
		catch (UnsupportedOperationException ex) {
			this.controls = Map.of();
		}
	}

	/**
	 * Under the lock: start a listener whose bucket was taken here, unless it was stopped
	 * by hand (or does not start with the application and was not started by hand); paused
	 * by hand, it starts paused.
	 */
	void startHere(LongPollContainer container, String reason) {
		LeaseStore.Control control = this.controls.get(container.id());
		LeaseStore.Desired desired = (control != null) ? control.desired() : null;
		if (desired != null) {
			this.applied.put(container.id(), control.desiredVersion());
		}
		if (desired == LeaseStore.Desired.STOPPED || (desired == null && !container.endpoint().autoStartup())) {
			return;
		}
		this.started.started(container, reason);
		container.start();
		if (desired == LeaseStore.Desired.PAUSED) {
			container.pause();
		}
	}

	/** Under the lock: the listener left this instance. */
	void forget(String listenerId) {
		this.applied.remove(listenerId);
	}

	/**
	 * On the coordinator's thread: each listener polled here does what was asked for it
	 * and is not done yet.
	 * @param bucketOf the bucket of a listener id
	 */
	void apply(Function<String, LeaseBucket> bucketOf) {
		Map<String, LeaseStore.Control> controls = this.controls;
		for (Map.Entry<String, LeaseStore.Control> entry : controls.entrySet()) {
			String id = entry.getKey();
			LeaseStore.Control control = entry.getValue();
			LeaseBucket bucket = bucketOf.apply(id);
			LongPollContainer container = bucket.members.get(id);
			if (container == null) {
				continue;
			}
			synchronized (this.lock) {
				if (bucket.token == 0 || bucket.leaving) {
					continue;
				}
				LeaseStore.Desired desired = control.desired();
				Long version = control.desiredVersion();
				if (desired != null && !version.equals(this.applied.put(id, version))) {
					apply(container, desired); // each time a state is asked, the same one again too
				}
			}
			if (control.seek() != null) {
				if (!Long.valueOf(control.seekVersion()).equals(this.seeksDone.get(id))) {
					// moved only while it runs: the move is made at once, not left pending in a listener that may
					// leave this instance before it polls again
					if (container.state() == ListenerState.RUNNING) {
						move(container, control);
					}
				}
				else {
					done(id, control.seekVersion()); // done here, but the store did not hear of it: again
				}
			}
		}
		this.seeksDone.keySet().retainAll(controls.keySet());
	}

	// Under the lock
	private void apply(LongPollContainer container, LeaseStore.Desired desired) {
		ListenerState state = container.state();
		switch (desired) {
			case STOPPED -> {
				if (state.isActive()) {
					container.stop().subscribe();
				}
			}
			case PAUSED -> {
				if (!state.isActive()) {
					this.started.started(container, "started paused by hand");
					container.start();
				}
				container.pause();
			}
			case RUNNING -> {
				if (state == ListenerState.PAUSED) {
					container.resume();
				}
				else if (!state.isActive()) {
					this.started.started(container, "started by hand");
					container.start();
				}
			}
		}
	}

	private void move(LongPollContainer container, LeaseStore.Control control) {
		String id = container.id();
		try {
			String cursor = control.seekCursor();
			if (cursor != null) {
				container.seek(cursor);
			}
			else {
				container.resetCursor();
			}
			done(id, control.seekVersion());
		}
		catch (InvalidCursorException ex) { // never valid: dropped, not tried again
			done(id, control.seekVersion());
			logger.warn("Long-poll listener '" + id + "': the move asked by hand was refused: " + ex.getMessage());
		}
		catch (RuntimeException ex) {
			logger.warn("Long-poll listener '" + id + "': the move asked by hand failed on this instance, tried again "
					+ "at the next round: " + ex);
		}
	}

	private void done(String id, long seekVersion) {
		this.seeksDone.put(id, seekVersion);
		try {
			this.store.seekDone(id, seekVersion);
		}
		catch (RuntimeException ex) { // done here, not again: the store hears of it at the next round
			logger.debug("Could not record the move of '" + id + "' as done: " + ex);
		}
	}

}
