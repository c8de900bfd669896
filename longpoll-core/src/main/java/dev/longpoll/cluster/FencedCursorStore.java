package dev.longpoll.cluster;

import org.jspecify.annotations.Nullable;

import dev.longpoll.cursor.CursorPosition;
import dev.longpoll.cursor.CursorStore;

/**
 * A shared {@link CursorStore} that refuses to commit for a listener whose lease this
 * instance may have lost: the fence that keeps an instance which stalled past its lease
 * (a long GC pause, a lost network) from overwriting the cursor of the instance that took
 * the listener over. The refused commit fails the cycle; its events come again, to the
 * new owner.
 */
public class FencedCursorStore implements CursorStore {

	private final CursorStore delegate;

	private final LeaseCoordinator coordinator;

	/**
	 * Fence a store.
	 * @param delegate the shared store
	 * @param coordinator knows which leases this instance holds
	 */
	public FencedCursorStore(CursorStore delegate, LeaseCoordinator coordinator) {
		this.delegate = delegate;
		this.coordinator = coordinator;
	}

	@Override
	public @Nullable CursorPosition load(String listenerId) {
		return this.delegate.load(listenerId);
	}

	@Override
	public void save(String listenerId, CursorPosition position) {
		check(listenerId);
		this.delegate.save(listenerId, position);
	}

	@Override
	public void remove(String listenerId) {
		check(listenerId);
		this.delegate.remove(listenerId);
	}

	private void check(String listenerId) {
		if (!this.coordinator.holds(listenerId)) {
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
