package dev.longpoll.container;

import java.time.Duration;
import java.util.List;

import reactor.core.scheduler.Scheduler;

import dev.longpoll.client.LongPollClient;
import dev.longpoll.client.LongPollRequestCustomizer;
import dev.longpoll.endpoint.LongPollEndpoint;

/**
 * Creates a {@link DefaultLongPollContainer} for each endpoint.
 *
 * @param client the HTTP client every loop shares
 * @param handlerScheduler where handlers run
 * @param observer what watches the loops
 * @param requestCustomizers applied to every request
 * @param shutdownTimeout how long a stop waits for a handler call in progress before
 * cancelling it
 */
public record DefaultLongPollContainerFactory(LongPollClient client, Scheduler handlerScheduler,
		LongPollObserver observer, List<LongPollRequestCustomizer> requestCustomizers, Duration shutdownTimeout)
		implements LongPollContainerFactory {

	@Override
	public LongPollContainer create(LongPollEndpoint endpoint) {
		return new DefaultLongPollContainer(endpoint, this.client, this.handlerScheduler, this.observer,
				this.requestCustomizers, this.shutdownTimeout);
	}

}
