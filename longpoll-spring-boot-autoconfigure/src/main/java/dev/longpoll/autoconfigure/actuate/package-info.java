/**
 * Auto-configuration of the {@code longpoll} actuator endpoint.
 */
@NullMarked
package dev.longpoll.autoconfigure.actuate;

import org.jspecify.annotations.NullMarked;
