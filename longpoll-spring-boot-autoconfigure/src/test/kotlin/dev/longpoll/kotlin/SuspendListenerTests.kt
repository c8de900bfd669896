package dev.longpoll.kotlin

import dev.longpoll.annotation.LongPollListener
import dev.longpoll.container.LongPollListenerRegistry
import dev.longpoll.test.LongPollFeedExtension
import dev.longpoll.test.LongPollTestUtils
import io.micrometer.observation.Observation
import io.micrometer.observation.ObservationHandler
import io.micrometer.observation.ObservationRegistry
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.delay
import org.assertj.core.api.Assertions.assertThat
import org.awaitility.Awaitility.await
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.extension.RegisterExtension
import org.slf4j.MDC
import org.springframework.beans.factory.annotation.Autowired
import org.springframework.boot.autoconfigure.SpringBootApplication
import org.springframework.boot.test.context.SpringBootTest
import org.springframework.context.annotation.Bean
import org.springframework.test.annotation.DirtiesContext
import org.springframework.test.context.DynamicPropertyRegistry
import org.springframework.test.context.DynamicPropertySource
import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.atomic.AtomicInteger

/**
 * `suspend fun` listeners against the test kit's feed server: the call completes when the
 * coroutine does, a failure in it goes through the error policy, a stop cancels it, and
 * the MDC and the handler observation are in place inside it, after it suspended too.
 */
@SpringBootTest(
	properties = [
		"longpoll.listeners.slow.auto-startup=false",
		"longpoll.shutdown-timeout=300ms",
		"longpoll.defaults.backoff.initial-interval=50ms",
		"longpoll.defaults.backoff.jitter=0ms",
	],
)
@DirtiesContext
class SuspendListenerTests {

	companion object {

		@JvmField
		@RegisterExtension
		val feed = LongPollFeedExtension()

		@JvmStatic
		@DynamicPropertySource
		fun listeners(registry: DynamicPropertyRegistry) {
			LongPollTestUtils.registerListener(registry, feed.server(), "orders", "orders")
			LongPollTestUtils.registerListener(registry, feed.server(), "blocking", "orders")
			LongPollTestUtils.registerListener(registry, feed.server(), "flaky", "flaky")
			LongPollTestUtils.registerListener(registry, feed.server(), "slow", "slow")
		}

	}

	@Autowired
	lateinit var registry: LongPollListenerRegistry

	@Autowired
	lateinit var orders: OrderEvents

	// README: a Kotlin listener
	data class OrderEvent(val id: Long, val note: String?)

	class OrderEvents(private val observations: ObservationRegistry) {

		val received = CopyOnWriteArrayList<OrderEvent>()

		val listenerInMdc = CopyOnWriteArrayList<String?>()

		val observed = CopyOnWriteArrayList<String?>()

		@LongPollListener(id = "orders")
		suspend fun on(event: OrderEvent) {
			delay(5) // suspends: the rest may run on another thread
			listenerInMdc.add(MDC.get("longpoll.listener"))
			observed.add(observations.currentObservation?.context?.name)
			received.add(event)
		}
		// README: end

		val flakyCalls = AtomicInteger()

		val entered = CopyOnWriteArrayList<String>()

		val cancelled = CopyOnWriteArrayList<String>()

		val observedBlocking = CopyOnWriteArrayList<String?>()

		// the same feed, for a blocking method: what the suspending one must see too
		@LongPollListener(id = "blocking")
		fun blocking(event: OrderEvent) {
			observedBlocking.add(observations.currentObservation?.context?.name)
		}

		@LongPollListener(id = "flaky")
		suspend fun flaky(event: OrderEvent) {
			delay(1)
			check(flakyCalls.incrementAndGet() > 1) { "not yet" }
		}

		@LongPollListener(id = "slow")
		suspend fun slow(event: OrderEvent) {
			entered.add(event.note ?: "")
			try {
				awaitCancellation()
			}
			catch (ex: CancellationException) {
				cancelled.add(event.note ?: "")
				throw ex
			}
		}

	}

	@SpringBootApplication(proxyBeanMethods = false)
	class App {

		@Bean
		fun orderEvents(observations: ObservationRegistry) = OrderEvents(observations)

		// observations that are not no-ops, as a tracer's handler makes them
		@Bean
		fun everyObservation(): ObservationHandler<Observation.Context> =
			object : ObservationHandler<Observation.Context> {
				override fun supportsContext(context: Observation.Context) = true
			}

	}

	@Test
	fun eventsArriveInADataClassAndTheCursorMovesOnceTheCoroutineCompleted() {
		feed.server().publish("orders", """{"id":7,"note":null}""")
		feed.server().publish("orders", """{"id":8,"note":"gift"}""")
		LongPollTestUtils.awaitCursor(registry, "orders", "2", Duration.ofSeconds(10))
		assertThat(orders.received).containsExactly(OrderEvent(7, null), OrderEvent(8, "gift"))
		assertThat(orders.listenerInMdc).containsOnly("orders")
		LongPollTestUtils.awaitCursor(registry, "blocking", "2", Duration.ofSeconds(10))
		assertThat(orders.observedBlocking).containsOnly("longpoll.handler.invocation")
		assertThat(orders.observed).containsOnly("longpoll.handler.invocation")
	}

	@Test
	fun theReadmeShowsThisListenerAsItIs() {
		val source = Files.readString(Path.of("src/test/kotlin/dev/longpoll/kotlin/SuspendListenerTests.kt"))
		val listener = source.substringAfter("// README: a Kotlin listener\n").substringBefore("\t\t// README: end")
		val readme = Files.readString(Path.of("../README.md"))
		assertThat(readme).contains(listener.trimIndent().trim())
	}

	@Test
	fun aFailureInsideTheCoroutineGoesThroughTheErrorPolicy() {
		feed.server().publish("flaky", """{"id":1}""")
		LongPollTestUtils.awaitCursor(registry, "flaky", "1", Duration.ofSeconds(10))
		assertThat(orders.flakyCalls.get()).isEqualTo(2) // failed, backed off, came again
	}

	@Test
	fun stoppingTheListenerCancelsTheCoroutine() {
		registry.start("slow")
		feed.server().publish("slow", """{"id":1,"note":"held"}""")
		await().atMost(Duration.ofSeconds(10)).until { orders.entered.contains("held") }
		registry.stop("slow").block(Duration.ofSeconds(5))
		await().atMost(Duration.ofSeconds(5)).until { orders.cancelled == listOf("held") }
		assertThat(registry.getContainer("slow")!!.cursor()).isEqualTo("0") // not handled: it comes again
	}

}
