/**
 * Micrometer meters and observations about listeners, as an observer.
 */
@NullMarked
package dev.longpoll.metrics;

import org.jspecify.annotations.NullMarked;
