package dev.longpoll.health;

import java.time.Duration;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;

import dev.longpoll.container.LongPollContainer;
import dev.longpoll.container.LongPollListenerRegistry;

/**
 * The {@code longPoll} health contributor: one component per listener, including those
 * registered at runtime, so {@code /actuator/health/longPoll/<id>} works.
 */
public class LongPollHealthContributor implements CompositeHealthContributor {

	private final LongPollListenerRegistry registry;

	private final int failureThreshold;

	private final double stallTimeoutMultiplier;

	/**
	 * Create a contributor.
	 * @param registry the registry whose listeners to report
	 * @param failureThreshold consecutive failures from which a listener is DOWN
	 * @param stallTimeoutMultiplier a running listener whose last poll ended longer ago
	 * than this many client timeouts is DOWN
	 */
	public LongPollHealthContributor(LongPollListenerRegistry registry, int failureThreshold,
			double stallTimeoutMultiplier) {
		this.registry = registry;
		this.failureThreshold = failureThreshold;
		this.stallTimeoutMultiplier = stallTimeoutMultiplier;
	}

	@Override
	public @Nullable HealthContributor getContributor(String name) {
		LongPollContainer container = this.registry.getContainer(name);
		return (container != null) ? indicator(container) : null;
	}

	@Override
	public Stream<HealthContributors.Entry> stream() {
		return this.registry.getContainers()
			.stream()
			.map((container) -> new HealthContributors.Entry(container.id(), indicator(container)));
	}

	private ListenerHealthIndicator indicator(LongPollContainer container) {
		Duration stallAfter = Duration.ofMillis(
				(long) (container.endpoint().options().timeout().toMillis() * this.stallTimeoutMultiplier));
		return new ListenerHealthIndicator(container, this.registry.getCoordinator(), this.failureThreshold,
				stallAfter);
	}

}
