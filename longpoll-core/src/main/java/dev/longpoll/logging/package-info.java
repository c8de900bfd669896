/**
 * Calm logs about listeners, as an observer.
 */
@NullMarked
package dev.longpoll.logging;

import org.jspecify.annotations.NullMarked;
