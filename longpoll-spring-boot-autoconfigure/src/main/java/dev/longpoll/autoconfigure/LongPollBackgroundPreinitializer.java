package dev.longpoll.autoconfigure;

import java.time.Duration;
import java.util.List;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.Context;

import org.springframework.boot.autoconfigure.preinitialize.BackgroundPreinitializer;

import dev.longpoll.container.DefaultLongPollContainerFactory;
import dev.longpoll.container.LongPollObserver;
import dev.longpoll.endpoint.LongPollEndpoint;

/**
 * Loads and initialises, on Spring Boot's background preinitialization thread while the
 * application context is still being prepared, what starting listeners needs on the main
 * thread: Reactor's schedulers and operators, and this starter's loop classes, by building
 * one container that is never started. It costs the main thread nothing and saves it
 * about a hundred milliseconds of class loading. Like Boot's own preinitializers it is
 * skipped with {@code -Dspring.backgroundpreinitializer.ignore=true} and on a single CPU.
 */
public class LongPollBackgroundPreinitializer implements BackgroundPreinitializer {

	@Override
	public void preinitialize() {
		Schedulers.immediate(); // Reactor's scheduler statics, without starting a scheduler
		Mono.just(1)
			.flatMap(Mono::just)
			.switchIfEmpty(Mono.empty())
			.onErrorResume((ex) -> Mono.empty())
			.then(Mono.fromCallable(() -> 2))
			.contextWrite(Context.empty())
			.doFinally((signal) -> {
			})
			.subscribe();
		LongPollEndpoint endpoint = LongPollEndpoint.builder("background-preinitialization")
			.url("http://localhost/")
			.handler((response, cursor) -> Mono.empty())
			.build();
		new DefaultLongPollContainerFactory((request) -> Mono.empty(), Schedulers.immediate(), new LongPollObserver() {
		}, List.of(), Duration.ofSeconds(1)).create(endpoint);
	}

}
