/**
 * The {@code @LongPollListener} annotation, {@code @EnableLongPoll} and the processor that turns annotated methods into listeners.
 */
@NullMarked
package dev.longpoll.annotation;

import org.jspecify.annotations.NullMarked;
