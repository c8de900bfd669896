/**
 * The {@code longpoll} actuator endpoint.
 */
@NullMarked
package dev.longpoll.actuate;

import org.jspecify.annotations.NullMarked;
