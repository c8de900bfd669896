/**
 * Auto-configuration of the {@code longPoll} health contributor.
 */
@NullMarked
package dev.longpoll.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
