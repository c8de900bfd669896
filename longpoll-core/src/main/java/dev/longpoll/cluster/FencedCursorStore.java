package dev.longpoll.cluster;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import dev.longpoll.cursor.CursorPosition;
import dev.longpoll.cursor.CursorStore;
import dev.longpoll.cursor.FencingCursorStore;

/**
 * A shared {@link CursorStore} that commits for a listener only with the fencing token of
 * the lease this instance holds: the fence that keeps an instance which stalled past its
 * lease (a long GC pause, a lost network, a commit waiting for a connection) from
 * overwriting the cursor of the instance that took the listener over. The check is local
 * (the lease's fence has not passed) and, with a {@link FencingCursorStore}, also in the
 * store, in the statement that writes. A refused commit fails the cycle; its events come
 * again, to the new owner.
 */
public class FencedCursorStore implements CursorStore {

	private final CursorStore delegate;

	private final LeaseCoordinator coordinator;

	/** The token each listener claimed with when it loaded: its commits carry that one, not a later one. */
	private final Map<String, Long> claimed = new ConcurrentHashMap<>();

	/**
	 * Fence a store.
	 * @param delegate the shared store
	 * @param coordinator knows which leases this instance holds
	 */
	public FencedCursorStore(CursorStore delegate, LeaseCoordinator coordinator) {
		this.delegate = delegate;
		this.coordinator = coordinator;
	}

	/**
	 * Claims the listener with the token of its lease (with a fencing store), then loads.
	 */
	@Override
	public @Nullable CursorPosition load(String listenerId) {
		long token = token(listenerId);
		if (this.delegate instanceof FencingCursorStore fencing) {
			check(listenerId, fencing.claim(listenerId, token));
		}
		this.claimed.put(listenerId, token);
		return this.delegate.load(listenerId);
	}

	@Override
	public void save(String listenerId, CursorPosition position) {
		long token = writerToken(listenerId);
		if (this.delegate instanceof FencingCursorStore fencing) {
			check(listenerId, fencing.save(listenerId, position, token));
		}
		else {
			this.delegate.save(listenerId, position);
		}
	}

	@Override
	public void remove(String listenerId) {
		long token = writerToken(listenerId);
		if (this.delegate instanceof FencingCursorStore fencing) {
			check(listenerId, fencing.remove(listenerId, token));
		}
		else {
			this.delegate.remove(listenerId);
		}
	}

	private long token(String listenerId) {
		long token = this.coordinator.token(listenerId);
		if (token == 0) {
			throw new LeaseLostException(listenerId, this.coordinator.instanceId());
		}
		return token;
	}

	// a write of the run that loaded with the lease held now: one queued behind a loss and a new lease is refused
	private long writerToken(String listenerId) {
		long token = token(listenerId);
		Long loadedWith = this.claimed.get(listenerId);
		if (loadedWith != null && loadedWith != token) {
			throw new LeaseLostException(listenerId, this.coordinator.instanceId());
		}
		return token;
	}

	private void check(String listenerId, boolean accepted) {
		if (!accepted) {
			throw new LeaseLostException(listenerId, this.coordinator.instanceId());
		}
	}

	/**
	 * The delegate, for those that need the store itself.
	 * @return the shared store
	 */
	public CursorStore getDelegate() {
		return this.delegate;
	}

}
