package dev.longpoll.container;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import dev.longpoll.client.LongPollResponse;
import dev.longpoll.endpoint.LongPollEndpoint;
import dev.longpoll.handler.ErrorPolicy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * What each error policy makes of a run of handler failures.
 */
class ErrorPolicyStepTests {

	private final List<ErrorPolicyStep.Skipped> skipped = new ArrayList<>();

	private final List<String> deadLetters = new ArrayList<>();

	private ErrorPolicyStep step(ErrorPolicy policy) {
		LongPollEndpoint endpoint = LongPollEndpoint.builder("policy")
			.url("http://feed.test/")
			.errorPolicy(policy)
			.deadLetterHandler((id, response, cause) -> this.deadLetters.add(id + ": " + cause.getMessage()))
			.handler((response, cursor) -> Mono.empty())
			.build();
		CursorKeeper cursor = new CursorKeeper(endpoint, Schedulers.immediate(), (abandoned, reason) -> {
		});
		return new ErrorPolicyStep(endpoint, Schedulers.immediate(), cursor, this.skipped::add);
	}

	@Test
	void retryNeverGivesUp() {
		ErrorPolicyStep step = step(ErrorPolicy.retryForever());
		for (int i = 0; i < 100; i++) {
			assertThat(step.failed()).isEqualTo(ErrorPolicyStep.Decision.RETRY);
		}
	}

	@Test
	void skipAfterItsRetriesAndASuccessStartsTheCountAgain() {
		ErrorPolicyStep step = step(new ErrorPolicy(ErrorPolicy.Action.SKIP, 2));
		assertThat(step.failed()).isEqualTo(ErrorPolicyStep.Decision.RETRY);
		step.succeeded();
		assertThat(step.failed()).isEqualTo(ErrorPolicyStep.Decision.RETRY);
		assertThat(step.failed()).isEqualTo(ErrorPolicyStep.Decision.RETRY);
		assertThat(step.failed()).isEqualTo(ErrorPolicyStep.Decision.SKIP);
	}

	@Test
	void stopAndDeadLetterApplyOnceTheRetriesAreSpent() {
		assertThat(step(new ErrorPolicy(ErrorPolicy.Action.STOP, 0)).failed()).isEqualTo(ErrorPolicyStep.Decision.STOP);
		assertThat(step(new ErrorPolicy(ErrorPolicy.Action.DEAD_LETTER, 0)).failed())
			.isEqualTo(ErrorPolicyStep.Decision.DEAD_LETTER);
	}

	@Test
	void movingOnHandsTheResponseToTheDeadLetterHandlerAndCountsItsEvents() {
		ErrorPolicyStep step = step(new ErrorPolicy(ErrorPolicy.Action.DEAD_LETTER, 0));
		LongPollResponse response = StubLongPollClient.response(200, "[1,2,3]");
		step.moveOn(ErrorPolicyStep.Decision.DEAD_LETTER, response, null, new IllegalStateException("poison"))
			.block();
		assertThat(this.deadLetters).containsExactly("policy: poison");
		assertThat(this.skipped).singleElement().satisfies((skip) -> {
			assertThat(skip.events()).isEqualTo(3);
			assertThat(skip.deadLettered()).isTrue();
			assertThat(skip.excerpt()).isEqualTo("[1,2,3]");
		});
	}

	@Test
	void aDeadLetterHandlerThatThrowsLeavesTheResponseToComeAgain() {
		LongPollEndpoint endpoint = LongPollEndpoint.builder("policy")
			.url("http://feed.test/")
			.errorPolicy(new ErrorPolicy(ErrorPolicy.Action.DEAD_LETTER, 0))
			.deadLetterHandler((id, response, cause) -> {
				throw new IllegalStateException("dead-letter store down");
			})
			.handler((response, cursor) -> Mono.empty())
			.build();
		ErrorPolicyStep step = new ErrorPolicyStep(endpoint, Schedulers.immediate(),
				new CursorKeeper(endpoint, Schedulers.immediate(), (abandoned, reason) -> {
				}), this.skipped::add);
		assertThatIllegalStateException()
			.isThrownBy(() -> step.moveOn(ErrorPolicyStep.Decision.DEAD_LETTER,
					StubLongPollClient.response(200, "[1]"), null, new RuntimeException()).block())
			.withMessage("dead-letter store down");
		assertThat(this.skipped).isEmpty();
	}

}
